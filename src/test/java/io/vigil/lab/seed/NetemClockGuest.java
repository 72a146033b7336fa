package io.vigil.lab.seed;

import io.vigil.lab.Lab;
import io.vigil.lab.UmlGuest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs INSIDE the user-mode-linux guest ({@link NetemClockLabTest}): faults this machine's kernel cannot make (issue
 * #12). It has no netem, and its wall clock is everyone's: the guest has netem and a clock of its own. A pair of
 * directors (the whole daemon, the proxy data plane) and one nginx real server with a TCP_CHECK:
 * <ol>
 * <li>the MASTER's adverts delayed 400 ± 200 ms (netem), 15 s: no transition anywhere (the delay stays under the
 *     backup's skew plus two missed intervals);
 * <li>then reordered and duplicated (netem, 50 % each): no transition;
 * <li>the wall clock set one hour forward, then two hours back: no transition, the MASTER's adverts keep coming about
 *     once a second (counted on the BACKUP's side over a span timed by the monotonic clock), and after the backward
 *     jump the checker still notices the real server stopping within seconds (a timer on the wall clock would wait
 *     two hours).
 * </ol>
 * Prints {@code [netem-clock]} lines and one {@code CHECK} line.
 */
public final class NetemClockGuest {
    private NetemClockGuest() {}

    static final String NET = "198.18.8.";
    static final String VIP = NET + "2";

    public static void main(String[] args) {
        int failed = UmlGuest.runChecks(List.of(new UmlGuest.Check("netem-clock", NetemClockGuest::scenario)));
        System.exit(Math.min(failed, 100));
    }

    static void scenario() throws Exception {
        Path dir = Files.createTempDirectory("vigil-netem-clock");
        SeedDirector lb1 = null, lb2 = null;
        try (Lab lab = Lab.create("nc")) {
            Lab.Host h1 = lab.host("lb1", NET + "11/24"), h2 = lab.host("lb2", NET + "12/24"), rs = lab.host("rs1", NET + "21/24");
            for (Lab.Host h : List.of(h1, h2)) h.sh("sysctl -qw net.ipv4.ip_nonlocal_bind=1");
            ReloadLabTest.startNginx(rs, dir, 1);
            Path conf = dir.resolve("lb.conf");
            Files.writeString(conf, config());
            lb1 = new SeedDirector(h1, "lb1", dir, conf, SeedIpvsGuest.GUEST_JVM_OPTIONS);
            lb2 = new SeedDirector(h2, "lb2", dir, conf, SeedIpvsGuest.GUEST_JVM_OPTIONS);
            lb1.start();
            lb2.start();
            SeedDirector m = lb1, b = lb2;
            ReloadLabTest.awaitTrue(() -> m.holds(VIP) && m.log().contains("Entering MASTER STATE") && b.log().contains("Entering BACKUP STATE")
                    && m.log().contains("Checkers started"), 240_000, "lb1 never became MASTER with lb2 BACKUP", m);
            // Both settled: from here on, no transition is allowed.
            Thread.sleep(3_000);
            int t1 = transitions(lb1), t2 = transitions(lb2);

            h1.sh("tc qdisc add dev eth0 root netem delay 400ms 200ms");
            System.out.println("[netem-clock] lb1's adverts delayed 400 +- 200 ms: " + advertsPerSecond(h2, 10) + " adverts/s seen by lb2");
            Thread.sleep(5_000);
            h1.sh("tc qdisc change dev eth0 root netem delay 50ms reorder 50% duplicate 50%");
            System.out.println("[netem-clock] reordered and duplicated: " + advertsPerSecond(h2, 10) + " adverts/s seen by lb2");
            h1.sh("tc qdisc del dev eth0 root");
            check(transitions(lb1) == t1 && transitions(lb2) == t2, "no transition under delay, jitter, reordering and duplication");

            Lab.exec(List.of("sh", "-c", "date -s @$(( $(date +%s) + 3600 ))"));
            double forward = advertsPerSecond(h2, 8);
            System.out.println("[netem-clock] clock set 1 h forward: " + forward + " adverts/s seen by lb2");
            Lab.exec(List.of("sh", "-c", "date -s @$(( $(date +%s) - 7200 ))"));
            double back = advertsPerSecond(h2, 8);
            System.out.println("[netem-clock] clock set 2 h back: " + back + " adverts/s seen by lb2");
            check(forward >= 0.75 && back >= 0.75, "adverts kept coming about once a second across both jumps (" + forward + ", " + back + ")");
            check(transitions(lb1) == t1 && transitions(lb2) == t2, "no transition across the clock jumps");
            check(m.holds(VIP) && !b.holds(VIP), "the VIP stayed on lb1 only");

            long t0 = System.nanoTime();
            rs.sh("kill $(cat " + dir.resolve("rs1.pid") + ")");
            ReloadLabTest.awaitTrue(() -> m.log().contains("Removing service [" + NET + "21]:80"), 30_000,
                    "after the clock went back, lb1's checker never saw the real server stop", m);
            long seenMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            System.out.println("[netem-clock] ok: real server stopped after the backward jump: lb1's checker removed it after " + seenMillis + " ms");
        } catch (Throwable t) {
            if (lb1 != null) System.out.println("--- lb1 log ---\n" + lb1.log());
            if (lb2 != null) System.out.println("--- lb2 log ---\n" + lb2.log());
            throw t;
        } finally {
            SeedScenario.deleteTree(dir);
        }
    }

    /** VRRP adverts from lb1 seen on {@code host}'s eth0 per second, over {@code seconds} timed by the monotonic clock. */
    private static double advertsPerSecond(Lab.Host host, int seconds) throws Exception {
        Path out = Files.createTempFile("adverts", ".txt");
        Process p = new ProcessBuilder("ip", "netns", "exec", host.ns(), "tcpdump", "-i", "eth0", "-n", "-l", "--immediate-mode",
                "ip proto 112 and src host " + NET + "11").redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Thread.sleep(500); // tcpdump attached
            long before = lines(out), t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long count = lines(out) - before;
            double took = (System.nanoTime() - t0) / 1e9;
            return Math.round(count / took * 100) / 100.0;
        } finally {
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
            Files.deleteIfExists(out);
        }
    }

    private static long lines(Path file) throws java.io.IOException {
        return Files.readAllLines(file).stream().filter(l -> l.contains("VRRP")).count();
    }

    private static int transitions(SeedDirector d) {
        return (int) d.log().lines().filter(l -> l.contains("Entering")).count();
    }

    private static void check(boolean ok, String what) {
        System.out.println("[netem-clock] " + (ok ? "ok: " : "FAILED: ") + what);
        if (!ok) throw new AssertionError(what);
    }

    static String config() {
        StringBuilder c = new StringBuilder("global_defs {\n    router_id NETEM_CLOCK\n    vigil_data_plane proxy\n}\n");
        c.append("vrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 73\n")
                .append("    @lb1 priority 100\n    @lb2 priority 90\n    advert_int 1\n    virtual_ipaddress {\n        ").append(VIP).append("\n    }\n}\n");
        c.append("virtual_server ").append(VIP).append(" 80 {\n    delay_loop 1\n    lb_algo rr\n    lb_kind DR\n    protocol TCP\n")
                .append("    real_server ").append(NET).append("21 80 {\n        weight 1\n        TCP_CHECK {\n            connect_timeout 1\n")
                .append("            retry 0\n        }\n    }\n}\n");
        return c.toString();
    }
}
