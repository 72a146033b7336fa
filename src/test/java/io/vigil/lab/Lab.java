package io.vigil.lab;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network-namespace lab built by the tests themselves: a switch namespace holding a bridge, and hosts each
 * with one veth port on it. Addresses come from 198.18.0.0/15 only, and nothing touches the host's interfaces.
 * Close it to delete everything it created (processes started through {@link #spawn} are killed first).
 *
 * <pre>{@code
 * try (Lab lab = Lab.create()) {          // skips the test unless root with namespaces and iproute2
 *     Lab.Host a = lab.host("a", "198.18.0.11/24");
 *     Lab.Host b = lab.host("b", "198.18.0.12/24");
 *     a.run("ping", "-c1", "198.18.0.12");
 * }
 * }</pre>
 */
public final class Lab implements AutoCloseable {
    private final String prefix;
    private final String switchNs;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private boolean closed;

    private Lab(String prefix) {
        this.prefix = prefix;
        this.switchNs = prefix + "sw";
    }

    /** Reason the lab cannot run here, or null when it can. */
    public static String unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) return "lab tests need root (network namespaces)";
        if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip")) && !Files.isExecutable(Path.of("/usr/bin/ip")))
            return "lab tests need iproute2 (ip)";
        try {
            Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) return "ip netns does not work here";
        } catch (IOException | InterruptedException e) {
            return "ip netns does not work here: " + e.getMessage();
        }
        return null;
    }

    /** Creates a lab with a bridge, or skips the calling test with the reason. */
    public static Lab create() {
        return create("vg");
    }

    /** The same with namespace names starting with {@code tag} (two letters), to tell labs run side by side apart. */
    public static Lab create(String tag) {
        if (tag.length() > 2) throw new IllegalArgumentException("interface names are limited to 15 characters: tag " + tag + " too long");
        String why = unavailableReason();
        Assumptions.assumeTrue(why == null, () -> "SKIPPED: " + why);
        // Short random prefix: interface names are limited to 15 characters.
        String prefix = tag + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36) + "-";
        Lab lab = new Lab(prefix);
        lab.addNs(lab.switchNs);
        lab.sh(lab.switchNs, "ip link add br0 type bridge stp_state 0 forward_delay 0 mcast_snooping 0 && ip link set br0 up && ip link set lo up");
        return lab;
    }

    public String prefix() {
        return prefix;
    }

    private void addNs(String ns) {
        exec(List.of("ip", "netns", "add", ns));
        namespaces.add(ns);
    }

    /** Adds a host namespace {@code name} with interface {@code eth0} on the bridge and the given CIDR addresses. */
    public Host host(String name, String... cidrs) {
        String ns = prefix + name;
        addNs(ns);
        String hostIf = prefix + name + "h";
        String swIf = prefix + name + "s";
        exec(List.of("ip", "link", "add", hostIf, "netns", ns, "type", "veth", "peer", "name", swIf, "netns", switchNs));
        sh(switchNs, "ip link set " + swIf + " master br0 && ip link set " + swIf + " up");
        // DAD off before the link comes up: link-local and lab addresses are usable at once (a tentative
        // address cannot be bound, so IPv6 VRRP would otherwise wait ~1 s for DAD).
        StringBuilder cmd = new StringBuilder("sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0"
                + " && ip link set lo up && ip link set " + hostIf + " name eth0 && sysctl -qw net.ipv6.conf.eth0.accept_dad=0"
                + " && ip link set eth0 up");
        for (String c : cidrs) cmd.append(" && ip addr add ").append(c).append(c.contains(":") ? " dev eth0 nodad" : " dev eth0");
        sh(ns, cmd.toString());
        return new Host(ns, swIf);
    }

    /** Runs a shell command in namespace {@code ns}; fails the test on a non-zero exit. Returns stdout+stderr. */
    public String sh(String ns, String command) {
        return exec(List.of("ip", "netns", "exec", ns, "sh", "-c", command));
    }

    public static String exec(List<String> argv) {
        Result r = run(argv, 30);
        if (r.exit != 0) throw new IllegalStateException("command failed (" + r.exit + "): " + String.join(" ", argv) + "\n" + r.output);
        return r.output;
    }

    public record Result(int exit, String output) {}

    public static Result run(List<String> argv, int timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timeout");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts a long-running process in {@code ns}, killed (by this PID) when the lab closes. */
    public Process spawn(String ns, List<String> argv, Path log) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(argv);
        try {
            ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
            if (log != null) pb.redirectOutput(log.toFile());
            else pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public final class Host {
        private final String ns;
        private final String switchPort;

        Host(String ns, String switchPort) {
            this.ns = ns;
            this.switchPort = switchPort;
        }

        public String ns() {
            return ns;
        }

        public String sh(String command) {
            return Lab.this.sh(ns, command);
        }

        public Result trySh(String command, int timeoutSeconds) {
            return run(List.of("ip", "netns", "exec", ns, "sh", "-c", command), timeoutSeconds);
        }

        public Process spawn(List<String> argv, Path log) {
            return Lab.this.spawn(ns, argv, log);
        }

        /** Cuts or restores this host's cable at the switch: its eth0 loses carrier, so VRRP sees a link down (for a partition use a filter on the bridge). */
        public void cable(boolean connected) {
            Lab.this.sh(switchNs, "ip link set " + switchPort + (connected ? " up" : " down"));
        }
    }

    /** Idempotent: a test may close early (e.g. to stop a daemon before deleting its files). */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            // Kill anything still living in the namespace (started by our tests), then delete it.
            String ns = namespaces.get(i);
            Result pids = run(List.of("ip", "netns", "pids", ns), 5);
            for (String pid : pids.output().split("\\s+")) {
                if (!pid.isBlank()) run(List.of("kill", "-9", pid.trim()), 5);
            }
            run(List.of("ip", "netns", "del", ns), 10);
        }
    }
}
