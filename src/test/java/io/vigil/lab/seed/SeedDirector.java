package io.vigil.lab.seed;

import io.vigil.lab.Lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The whole Vigil daemon (watchdog parent, VRRP child, checker child and, for the proxy back end, the proxy child)
 * in a lab host, started as an operator would start keepalived:
 * {@code java -cp <test class path> io.vigil.daemon.Main -n -l -G -i ID -f CONF -p -r -c}.
 * Its pid files and control socket live in the test's own directory ({@code /run} is shared by every namespace).
 */
final class SeedDirector {
    private final Lab.Host host;
    private final String id;
    private final Path dir;
    private final Path config;
    private final List<Path> logs = new ArrayList<>();
    private final List<String> jvmOptions;
    private Process process;
    private final List<String> environment = new ArrayList<>();

    /** A director with no extra JVM options (ReloadLabTest). */
    SeedDirector(Lab.Host host, String id, Path dir, Path config) {
        this(host, id, dir, config, List.of());
    }

    /**
     * A director selected by {@code -i id} in {@code config} (the seed's {@code @lb1}/{@code @lb2} lines).
     *
     * @param jvmOptions extra options for the daemon's JVM, which its children inherit (e.g. {@code -XX:UseAVX=0} in a
     *                   user-mode-linux guest)
     */
    SeedDirector(Lab.Host host, String id, Path dir, Path config, List<String> jvmOptions) {
        this.host = host;
        this.id = id;
        this.dir = dir;
        this.config = config;
        this.jvmOptions = jvmOptions;
    }

    /** Runs the daemon with systemd's notify socket set to {@code socket} (a unix datagram socket the test reads). */
    SeedDirector withSystemdNotify(Path socket) {
        environment.add("NOTIFY_SOCKET=" + socket);
        return this;
    }

    String id() {
        return id;
    }

    Lab.Host host() {
        return host;
    }

    /** Starts the daemon; a start after the first (the soak restarts killed directors) writes a log file of its own. */
    void start() {
        Path log = dir.resolve(logs.isEmpty() ? id + ".log" : id + "-" + (logs.size() + 1) + ".log");
        logs.add(log);
        String java = ProcessHandle.current().info().command().orElse("java");
        // env execs the JVM: the spawned process stays the daemon's parent.
        List<String> argv = new ArrayList<>(environment.isEmpty() ? List.of() : List.of("env"));
        argv.addAll(environment);
        argv.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        // Where an IPVS data plane records the services it owns: /run is shared by every namespace, so one file each.
        argv.add("-Dvigil.ipvs.ownership=" + dir.resolve(id + "-ipvs-owned"));
        argv.addAll(jvmOptions);
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.vigil.daemon.Main",
                "-n", "-l", "-G", "-i", id, "-f", config.toString(),
                "-p", dir.resolve(id + ".pid").toString(), "-r", dir.resolve(id + "-vrrp.pid").toString(),
                "-c", dir.resolve(id + "-checkers.pid").toString()));
        process = host.spawn(argv, log);
    }

    /** Sends {@code signal} (HUP, USR1, ...) to the parent. */
    void signal(String signal) {
        Lab.exec(List.of("kill", "-" + signal, Long.toString(process.pid())));
    }

    /** A control-socket request ({@code status}, ...) to the parent, or the error text when nobody answers. */
    String control(String request) {
        try {
            return io.vigil.daemon.ControlServer.request(dir.resolve(id + ".ctl"), request);
        } catch (IOException e) {
            return "no answer: " + e.getMessage();
        }
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    /**
     * Whether this director holds {@code address} (IPv4). While the daemon runs, read from its namespace's routing trie
     * ({@code /proc/PID/net/fib_trie}, a local address is a {@code /32 host LOCAL} leaf): no process to start, which
     * matters when polling in a user-mode-linux guest where each exec costs ~0.1 s. Otherwise from {@code ip addr}.
     */
    boolean holds(String address) {
        if (running()) {
            try {
                return localAddress(Files.readAllLines(Path.of("/proc/" + process.pid() + "/net/fib_trie")), address);
            } catch (IOException e) {
                // the process just died: ask ip
            }
        }
        return host.trySh("ip -o -4 addr show dev eth0", 5).output().contains(" " + address + "/");
    }

    /** Whether {@code fibTrie} (the lines of /proc/net/fib_trie) has {@code address} as a local host address. */
    static boolean localAddress(List<String> fibTrie, String address) {
        for (int i = 0; i < fibTrie.size(); i++) {
            if (!fibTrie.get(i).trim().equals("|-- " + address)) continue;
            for (int j = i + 1; j < fibTrie.size() && !fibTrie.get(j).contains("--"); j++) {
                if (fibTrie.get(j).contains("/32 host LOCAL")) return true;
            }
        }
        return false;
    }

    /**
     * The director dies at once: SIGSTOP to the parent and every child, then SIGKILL to all of them. Returns the pids killed.
     * Stopped first because a child stops gracefully when its parent is gone (EOF on its stdin): with SIGKILL alone the
     * parent dies first and, on a slow single-CPU guest, the children ran their shutdown (IPVS service removed, VRRP
     * priority-0 advert) before their own SIGKILL landed. A stopped process runs no code until SIGKILL ends it.
     */
    List<Long> killTree() {
        List<Long> pids = new ArrayList<>();
        pids.add(process.pid());
        process.descendants().forEach(h -> pids.add(h.pid()));
        for (String signal : List.of("-STOP", "-KILL")) {
            List<String> argv = new ArrayList<>(List.of("kill", signal));
            pids.forEach(p -> argv.add(Long.toString(p)));
            Lab.run(argv, 5);
        }
        for (long p : pids) {
            ProcessHandle.of(p).ifPresent(h -> {
                try {
                    h.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("process " + p + " of " + id + " did not die", e);
                }
            });
        }
        return pids;
    }

    /** The number of processes of this daemon (parent and children) alive now. */
    long processCount() {
        return process == null || !process.isAlive() ? 0 : 1 + process.descendants().filter(ProcessHandle::isAlive).count();
    }

    /** The pid file of a child ({@code vrrp}, {@code checkers}) as given with {@code -r} / {@code -c}. */
    Path pidFile(String child) {
        return dir.resolve(id + "-" + child + ".pid");
    }

    /** The parent's pid, or -1 before the first start. */
    long pid() {
        return process == null ? -1 : process.pid();
    }

    /** The live processes of this daemon: the parent and its children (the JVMs it spawned). */
    List<ProcessHandle> processes() {
        if (process == null || !process.isAlive()) return List.of();
        List<ProcessHandle> out = new ArrayList<>(List.of(process.toHandle()));
        process.children().filter(ProcessHandle::isAlive).forEach(out::add);
        return out;
    }

    /** Every log of this daemon so far (all starts). */
    String log() {
        StringBuilder out = new StringBuilder();
        for (Path log : logs) {
            try {
                if (Files.exists(log)) out.append(Files.readString(log));
            } catch (IOException e) {
                out.append("(cannot read ").append(log).append(")\n");
            }
        }
        return out.toString();
    }
}
