package io.vigil.lab.seed;

import io.vigil.lab.Lab;
import io.vigil.lab.UmlGuest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs INSIDE the user-mode-linux guest (see {@link GuideLabTest}): docs/guide.md step by step. Five hosts (two
 * directors, two real servers, a client) are network namespaces; each also gets a mount namespace of its own, held by
 * a sleeping process, with a writable /etc (an overlay over the read-only host root), /run/vigil and /var/log: so each
 * host has its own /etc/vigil/keepalived.conf, pid files and logs, as separate machines would. `vigil` on the PATH is
 * this build. Prints one line per step and a {@code CHECK} line. One thing is shared that separate machines would not
 * share: /dev/log, so the rsyslog the guide sets up on lb1 also receives lb2's lines (the guide's greps still find
 * lb1's own).
 */
public final class GuideGuest {
    private GuideGuest() {}

    static final String JAVA = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";
    /** An expected output can take a while in the guest: three JVMs per director start on one slow CPU. */
    static final long EXPECT_MILLIS = 120_000;

    public static void main(String[] args) {
        int failed = UmlGuest.runChecks(List.of(new UmlGuest.Check("guide", () -> run(Path.of(args[0])))));
        System.exit(Math.min(failed, 100));
    }

    static void run(Path guide) throws Exception {
        GuideScript script = GuideScript.parse(Files.readString(guide));
        Path dir = Files.createTempDirectory("vigil-guide");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path vigil = bin.resolve("vigil");
        Files.writeString(vigil, "#!/bin/sh\nexec " + JAVA + " --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 " + String.join(" ", SeedIpvsGuest.GUEST_JVM_OPTIONS)
                + " -cp '" + System.getProperty("java.class.path") + "' io.vigil.daemon.Cli \"$@\"\n");
        vigil.toFile().setExecutable(true);
        UmlGuest.sh("mkdir -p /run/vigil");
        Map<String, Long> holders = new HashMap<>();
        try (Lab lab = Lab.create()) {
            Map<String, String> address = Map.of("lb1", "198.18.1.101", "lb2", "198.18.1.102", "rs1", "198.18.1.103", "rs2", "198.18.1.104",
                    "client", "198.18.1.10");
            for (String h : GuideScript.HOSTS) {
                Lab.Host host = lab.host(h, address.get(h) + "/24");
                Path hd = dir.resolve(h);
                for (String d : List.of("etc-up", "etc-work", "run", "log")) Files.createDirectories(hd.resolve(d));
                Process holder = host.spawn(List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                        "mount -t overlay overlay -o lowerdir=/etc,upperdir=" + hd.resolve("etc-up") + ",workdir=" + hd.resolve("etc-work") + " /etc"
                                + " && mount --bind " + hd.resolve("run") + " /run/vigil && mount --bind " + hd.resolve("log") + " /var/log"
                                + " && touch " + hd.resolve("ready") + " && exec sleep 100000"), hd.resolve("holder.log"));
                if (!UmlGuest.await(10_000, () -> Files.exists(hd.resolve("ready"))))
                    throw new AssertionError(h + "'s mount namespace was not made: " + Files.readString(hd.resolve("holder.log")));
                holders.put(h, holder.pid());
                // systemd's notify socket, stood in for by socat: STATUS= is what `systemctl status` shows.
                UmlGuest.spawn("socat -u UNIX-RECV:" + hd.resolve("notify.sock") + " OPEN:" + hd.resolve("notify.heard") + ",creat,append",
                        hd.resolve("socat.log"));
            }
            // The real servers' web server (the guide leaves it to the operator): each answers its own name.
            for (String rs : List.of("rs1", "rs2")) {
                Path reply = dir.resolve(rs + ".http");
                Files.writeString(reply, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n" + rs + "\n");
                on(holders, rs, "socat TCP-LISTEN:80,fork,reuseaddr SYSTEM:'cat " + reply + "' >/dev/null 2>&1 </dev/null &", bin);
            }
            for (GuideScript.Step step : script.steps()) {
                long t0 = System.nanoTime();
                switch (step.kind()) {
                    case NOT_RUN -> {
                        System.out.println("[guide] line " + step.line() + ": not run here: " + step.body().strip());
                        continue;
                    }
                    case FILE -> {
                        for (String h : step.hosts()) {
                            Path staged = dir.resolve(h).resolve("staged");
                            Files.writeString(staged, step.body());
                            on(holders, h, "mkdir -p \"$(dirname " + step.path() + ")\" && cp " + staged + " " + step.path(), bin);
                        }
                    }
                    case ON, SYSTEMD -> {
                        for (String h : step.hosts()) {
                            String command = step.kind() == GuideScript.Kind.ON ? step.body() : systemd(step.body().strip(), dir.resolve(h));
                            expectOn(holders, h, command, step, bin, dir.resolve(h));
                        }
                    }
                }
                System.out.printf("[guide] line %d on %s: %s (%d ms)%n", step.line(), step.hosts(), step.body().strip().lines().findFirst().orElse(""),
                        (System.nanoTime() - t0) / 1_000_000);
            }
        } finally {
            // The daemons forked away from the shells that started them: stop them by their pid files.
            for (String h : List.of("lb1", "lb2")) {
                Path pid = dir.resolve(h).resolve("run").resolve("vigil.pid");
                if (Files.exists(pid)) UmlGuest.shResult("kill -TERM " + Files.readString(pid).trim());
            }
            for (String h : GuideScript.HOSTS) {
                Path pid = dir.resolve(h).resolve("run").resolve("rsyslogd.pid");
                if (Files.exists(pid)) UmlGuest.shResult("kill -TERM " + Files.readString(pid).trim());
            }
            UmlGuest.killAll();
        }
    }

    /** What the unit (packaging/vigil.service) runs for each systemctl line of the guide. */
    static String systemd(String line, Path hostDir) {
        String pid = "/run/vigil/vigil.pid";
        return switch (line) {
            case "systemctl enable --now vigil", "systemctl start vigil" -> "NOTIFY_SOCKET=" + hostDir.resolve("notify.sock")
                    + " vigil -D -S 0 -f /etc/vigil/keepalived.conf >" + hostDir.resolve("start.log") + " 2>&1 </dev/null";
            case "systemctl stop vigil" -> "p=$(cat " + pid + ") && kill -TERM $p && while kill -0 $p 2>/dev/null; do sleep 0.2; done";
            case "systemctl reload vigil" -> "vigil reload";
            case "systemctl status vigil" -> "cat " + hostDir.resolve("notify.heard");
            case "systemctl restart rsyslog" -> "if [ -f /run/vigil/rsyslogd.pid ]; then kill $(cat /run/vigil/rsyslogd.pid); sleep 1; fi;"
                    + " rsyslogd -i /run/vigil/rsyslogd.pid >/dev/null 2>&1 </dev/null";
            default -> throw new IllegalArgumentException("no stand-in for " + line);
        };
    }

    /** Runs {@code command} on host {@code h} until its output meets the step's expectations (once if it has none). */
    static void expectOn(Map<String, Long> holders, String h, String command, GuideScript.Step step, Path bin, Path hostDir) throws Exception {
        long end = System.currentTimeMillis() + EXPECT_MILLIS;
        Lab.Result last;
        while (true) {
            last = Lab.run(wrap(holders, h, command, bin), 60);
            String out = step.body().strip().equals("systemctl status vigil") ? lastStatus(last.output()) : last.output();
            boolean met = last.exit() == 0 && step.expect().stream().allMatch(out::contains)
                    && step.match().stream().allMatch(m -> Pattern.compile(m).matcher(out).find());
            if (met) {
                if (!step.expect().isEmpty() || !step.match().isEmpty())
                    System.out.println("[guide]   " + h + ": " + out.strip().lines().limit(12).reduce((a, b) -> a + "\n[guide]   " + b).orElse(""));
                return;
            }
            boolean retry = !step.expect().isEmpty() || !step.match().isEmpty();
            if (!retry || System.currentTimeMillis() > end) {
                throw new AssertionError("line " + step.line() + " on " + h + ": `" + step.body().strip() + "` exited " + last.exit()
                        + (retry ? " without " + step.expect() + step.match() : "") + ":\n" + out + "\n" + diagnostics(hostDir));
            }
            Thread.sleep(1_000);
        }
    }

    /** The host's start output, logs and Vigil's processes, for a failed step. */
    static String diagnostics(Path hostDir) {
        StringBuilder b = new StringBuilder();
        try (var files = Files.walk(hostDir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().matches("start.log|vigil.log|holder.log")).toList()) {
                List<String> lines = Files.readAllLines(f);
                b.append("--- ").append(f).append(" (last 40 lines)\n");
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> b.append(l).append('\n'));
            }
        } catch (java.io.IOException e) {
            b.append("(cannot read ").append(hostDir).append(": ").append(e.getMessage()).append(")\n");
        }
        b.append("--- processes\n").append(UmlGuest.shResult("ps -eo pid,args | grep -e vigil -e rsyslog | grep -v grep | cut -c1-200").output());
        return b.toString();
    }

    /** The last STATUS= of the datagrams systemd would have heard (they land back to back in the file). */
    static String lastStatus(String heard) {
        int at = heard.lastIndexOf("STATUS=");
        if (at < 0) return "";
        String rest = heard.substring(at);
        int next = rest.length();
        for (String k : List.of("READY=1", "WATCHDOG=1", "STOPPING=1", "RELOADING=1")) {
            int i = rest.indexOf(k);
            if (i > 0) next = Math.min(next, i);
        }
        return rest.substring(0, next);
    }

    private static void on(Map<String, Long> holders, String h, String command, Path bin) {
        Lab.Result r = Lab.run(wrap(holders, h, command, bin), 60);
        if (r.exit() != 0) throw new AssertionError("on " + h + ": `" + command + "` exited " + r.exit() + ":\n" + r.output());
    }

    private static List<String> wrap(Map<String, Long> holders, String h, String command, Path bin) {
        List<String> argv = new ArrayList<>(List.of("nsenter", "-t", Long.toString(holders.get(h)), "-m", "-n", "sh", "-ec",
                "export PATH=" + bin + ":$PATH; " + command));
        return argv;
    }
}
