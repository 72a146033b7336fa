package io.vigil.check.bench;

import com.sun.net.httpserver.HttpServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Runs INSIDE the user-mode-linux guest (bench/check-vs-keepalived.sh): keepalived 2.2.7 and the whole Vigil daemon
 * ({@code -C}: parent + checker child, IPVS data plane), each on the same configuration except its virtual address
 * (keepalived 198.18.0.100, Vigil 198.18.0.101), checking the same real servers: a TCP listener, an HTTP server and
 * a MISC_CHECK script. Both are observed the same way: one thread reads /proc/net/ip_vs every 2 ms and notes when a
 * real server leaves or rejoins each daemon's virtual service (an unreadable read is counted and ignored, never taken
 * as a removal); each daemon's log is read from a pipe and its "Removing service"/"Adding service" lines are
 * timestamped on arrival.
 *
 * <p>{@code detect ROUNDS}: each round breaks each server at a random phase (TCP: listener closed; HTTP: status 500;
 * MISC: the file the script tests removed), times both daemons' removals, repairs it and times the re-adds. Rounds
 * start once both daemons' first checks are surely done (keepalived's first check is at 1 s + U(0, warmup)).
 *
 * <p>{@code cpu KIND COUNT SECONDS}: COUNT real servers of one kind (tcp or http) on 127.1.x.y, delay_loop 1 s; each
 * daemon runs alone, twice, keepalived then Vigil; CPU is utime+stime from /proc/PID/stat of all its processes over
 * the window; checks are the connections the servers accepted in it.
 */
public final class KeepalivedSideBySide {
    static final String KA_VIP = "198.18.0.100", VG_VIP = "198.18.0.101";
    static final String TCP_RS = "127.0.0.2", HTTP_RS = "127.0.0.3", MISC_RS = "127.0.0.4";
    static final int TCP_PORT = 8080, HTTP_PORT = 8081, MISC_PORT = 8082;
    static final Path MISC_FILE = Path.of("/tmp/side-misc-ok");
    static final long T0 = System.nanoTime();

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "detect";
        int exit = switch (mode) {
            case "detect" -> detect(args.length > 1 ? Integer.parseInt(args[1]) : 10);
            case "cpu" -> cpu(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), args.length > 4 && args[4].equals("strace"));
            case "program" -> program(Integer.parseInt(args[1]));
            case "conf" -> { // writes the configurations to a directory, to read or check them (vigil -t)
                Path dir = Path.of(args[1]);
                Files.writeString(dir.resolve("detect-keepalived.conf"), detectConf(KA_VIP, false));
                Files.writeString(dir.resolve("detect-vigil.conf"), detectConf(VG_VIP, true));
                Files.writeString(dir.resolve("cpu-tcp-vigil.conf"), cpuConf(VG_VIP, true, "tcp", 3, TCP_PORT));
                Files.writeString(dir.resolve("cpu-http-keepalived.conf"), cpuConf(KA_VIP, false, "http", 3, HTTP_PORT));
                yield 0;
            }
            default -> throw new IllegalArgumentException("mode: detect ROUNDS | cpu tcp|http COUNT SECONDS | program COUNT | conf DIR");
        };
        System.exit(exit);
    }

    static long nowMs() {
        return (System.nanoTime() - T0) / 1_000_000;
    }

    // ---------------------------------------------------------------- configurations

    static String globalDefs(boolean vigil) {
        // the MISC_CHECK script runs as root in both: keepalived is told so (without script security it warns and
        // `-t` fails); Vigil runs scripts as the user it runs as, root here, and refuses these two keywords
        return vigil ? "global_defs {\n    vigil_data_plane ipvs\n}\n"
                : "global_defs {\n    router_id side\n    enable_script_security\n    script_user root\n}\n";
    }

    /** The same body for both; only the virtual address and global_defs differ. */
    static String detectConf(String vip, boolean vigil) {
        String retry = "            connect_timeout 1\n            retry 1\n            delay_before_retry 1\n";
        return globalDefs(vigil)
                + "virtual_server " + vip + " 80 {\n    delay_loop 1\n    lb_algo rr\n    lb_kind NAT\n    protocol TCP\n"
                + "    real_server " + TCP_RS + " " + TCP_PORT + " {\n        weight 1\n        TCP_CHECK {\n" + retry + "        }\n    }\n"
                + "    real_server " + HTTP_RS + " " + HTTP_PORT + " {\n        weight 1\n        HTTP_GET {\n"
                + "            url {\n                path /ok\n                status_code 200\n            }\n" + retry + "        }\n    }\n"
                + "    real_server " + MISC_RS + " " + MISC_PORT + " {\n        weight 1\n        MISC_CHECK {\n"
                + "            misc_path \"/usr/bin/test -e " + MISC_FILE + "\"\n            misc_timeout 1\n"
                + "            retry 1\n            delay_before_retry 1\n        }\n    }\n"
                + "}\n";
    }

    static String cpuConf(String vip, boolean vigil, String kind, int count, int port) {
        return cpuConf(vip, vigil, kind, count, port, 1);
    }

    /** COUNT real servers on 127.1.x.y, 100 per virtual server (vip, then the next addresses), one checker each. */
    static String cpuConf(String vip, boolean vigil, String kind, int count, int port, int delayLoopS) {
        StringBuilder b = new StringBuilder(globalDefs(vigil));
        for (int v = 0; v * 100 < count; v++) {
            b.append("virtual_server ").append(vip).append(' ').append(80 + v).append(" {\n    delay_loop ").append(delayLoopS)
                    .append("\n    lb_algo rr\n    lb_kind NAT\n    protocol TCP\n");
            for (int i = v * 100; i < Math.min(count, (v + 1) * 100); i++) {
                b.append("    real_server ").append(address(i)).append(' ').append(port).append(" {\n        weight 1\n");
                if (kind.equals("tcp")) b.append("        TCP_CHECK {\n            connect_timeout 1\n        }\n");
                else b.append("        HTTP_GET {\n            url {\n                path /\n                status_code 200\n            }\n            connect_timeout 1\n        }\n");
                b.append("    }\n");
            }
            b.append("}\n");
        }
        return b.toString();
    }

    static String address(int i) {
        return "127.1." + (i / 250) + "." + (i % 250 + 1);
    }

    // ---------------------------------------------------------------- the two daemons

    /** One daemon: its process, its log lines with arrival times. */
    record Daemon(String name, Process process, List<Line> lines) {
        record Line(long atMs, String text) {}

        long firstLine(long sinceMs, Predicate<String> p) {
            for (Line l : lines) if (l.atMs() >= sinceMs && p.test(l.text())) return l.atMs();
            return -1;
        }

        Set<Long> pids() {
            Set<Long> out = new java.util.HashSet<>();
            out.add(process.pid());
            process.descendants().forEach(h -> out.add(h.pid()));
            return out;
        }
    }

    static Daemon startKeepalived(Path conf, String tag) throws IOException {
        return start("keepalived", List.of("/usr/sbin/keepalived", "-n", "-l", "-D", "-C", "-f", conf.toString(),
                "-p", "/tmp/ka-" + tag + ".pid", "-r", "/tmp/ka-vrrp-" + tag + ".pid", "-c", "/tmp/ka-check-" + tag + ".pid"));
    }

    static Daemon startVigil(Path conf, String tag) throws IOException {
        return startVigil(conf, tag, "-Xmx64m");
    }

    /** {@code heap}: bin/vigil's -Xmx64m, or more for a configuration of tens of thousands of real servers. */
    static Daemon startVigil(Path conf, String tag, String heap) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        // bin/vigil's small-footprint JVM options (children copy them), without AVX in the guest (see bin/uml-run)
        List<String> argv = new ArrayList<>(List.of(java, "-XX:UseAVX=0", "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                "-XX:+UseCompactObjectHeaders", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-Xms4m", heap,
                "-XX:MaxMetaspaceSize=48m", "-XX:ReservedCodeCacheSize=16m", "-Xss256k", "-XX:-UsePerfData",
                "-cp", System.getProperty("java.class.path"), "io.vigil.daemon.Main", "-n", "-l", "-D", "-C", "-f", conf.toString(),
                "-p", "/tmp/vg-" + tag + ".pid", "-r", "/tmp/vg-vrrp-" + tag + ".pid", "-c", "/tmp/vg-check-" + tag + ".pid"));
        return start("vigil", argv);
    }

    static Daemon start(String name, List<String> argv) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        List<Daemon.Line> lines = new CopyOnWriteArrayList<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) lines.add(new Daemon.Line(nowMs(), l));
            } catch (IOException ended) {
                // the daemon stopped
            }
        });
        return new Daemon(name, p, lines);
    }

    static void stop(Daemon d) throws InterruptedException {
        d.process().destroy(); // SIGTERM: both remove what they installed
        if (!d.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            d.process().descendants().forEach(ProcessHandle::destroyForcibly);
            d.process().destroyForcibly();
        }
    }

    // ---------------------------------------------------------------- the data plane, observed once for both

    /** Reads /proc/net/ip_vs every 2 ms; keeps each virtual service's real servers and the time each was last seen/gone. */
    static final class IpvsWatch {
        final Map<String, Set<String>> members = new ConcurrentHashMap<>();
        final Map<String, Long> changedAtMs = new ConcurrentHashMap<>();
        final AtomicLong reads = new AtomicLong(), unreadable = new AtomicLong();
        volatile boolean running = true;

        IpvsWatch start() {
            Thread.ofPlatform().daemon().start(() -> {
                while (running) {
                    poll();
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            return this;
        }

        void poll() {
            String text;
            try {
                text = Files.readString(Path.of("/proc/net/ip_vs"));
            } catch (IOException e) {
                unreadable.incrementAndGet();
                return;
            }
            reads.incrementAndGet();
            long at = nowMs();
            Map<String, Set<String>> now = new java.util.HashMap<>();
            String vs = null;
            for (String l : text.split("\n")) {
                String t = l.trim();
                if (t.startsWith("TCP ") || t.startsWith("UDP ") || t.startsWith("FWM ")) {
                    vs = t.split("\\s+")[1];
                    now.put(vs, new java.util.HashSet<>());
                } else if (t.startsWith("-> ") && vs != null && !t.startsWith("-> RemoteAddress")) {
                    now.get(vs).add(t.split("\\s+")[1]);
                }
            }
            for (var e : now.entrySet()) {
                for (String rs : e.getValue()) note(e.getKey(), rs, true, at);
                for (String rs : members.getOrDefault(e.getKey(), Set.of())) if (!e.getValue().contains(rs)) note(e.getKey(), rs, false, at);
            }
            for (String gone : members.keySet()) if (!now.containsKey(gone)) for (String rs : members.get(gone)) note(gone, rs, false, at);
            members.keySet().retainAll(now.keySet());
            now.forEach(members::put);
        }

        private void note(String vs, String rs, boolean present, long at) {
            boolean was = members.getOrDefault(vs, Set.of()).contains(rs);
            if (was != present) changedAtMs.put(vs + " " + rs + " " + (present ? "up" : "down"), at);
        }

        boolean has(String vip, int vport, String rs, int port) {
            return members.getOrDefault(hex(vip, vport), Set.of()).contains(hex(rs, port));
        }

        int count(String vip, int vport) {
            return members.getOrDefault(hex(vip, vport), Set.of()).size();
        }

        /** Real servers in all of vip's services (any port). */
        int countAll(String vip) {
            String prefix = hex(vip, 0).substring(0, 8);
            return members.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToInt(e -> e.getValue().size()).sum();
        }

        /** When rs last left (up=false) or joined (up=true) vip's service, at or after sinceMs; -1 if not yet. */
        long changedSince(String vip, int vport, String rs, int port, boolean up, long sinceMs) {
            Long at = changedAtMs.get(hex(vip, vport) + " " + hex(rs, port) + " " + (up ? "up" : "down"));
            return at != null && at >= sinceMs ? at : -1;
        }
    }

    static String hex(String address, int port) {
        try {
            byte[] a = InetAddress.getByName(address).getAddress();
            return String.format("%02X%02X%02X%02X:%04X", a[0] & 0xff, a[1] & 0xff, a[2] & 0xff, a[3] & 0xff, port);
        } catch (IOException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    // ---------------------------------------------------------------- detect

    interface Action {
        void run() throws Exception;
    }

    record Target(String kind, String rs, int port, Action breakIt, Action repair) {}

    static int detect(int rounds) throws Exception {
        ServerSocket[] tcp = {listen(TCP_RS, TCP_PORT, null)};
        AtomicInteger httpStatus = new AtomicInteger(200);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HTTP_RS), HTTP_PORT), 50);
        http.createContext("/ok", ex -> {
            byte[] b = "ok".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(httpStatus.get(), b.length);
            try (var o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        http.start();
        Files.writeString(MISC_FILE, "ok");

        Path kaConf = Path.of("/tmp/side-keepalived.conf"), vgConf = Path.of("/tmp/side-vigil.conf");
        Files.writeString(kaConf, detectConf(KA_VIP, false));
        Files.writeString(vgConf, detectConf(VG_VIP, true));
        IpvsWatch ipvs = new IpvsWatch().start();
        Daemon ka = startKeepalived(kaConf, "d"), vg = startVigil(vgConf, "d");
        int exit = 0;
        try {
            long deadline = nowMs() + 150_000;
            while ((ipvs.count(KA_VIP, 80) < 3 || ipvs.count(VG_VIP, 80) < 3) && nowMs() < deadline) Thread.sleep(50);
            if (ipvs.count(KA_VIP, 80) < 3 || ipvs.count(VG_VIP, 80) < 3) {
                System.out.println("SIDE ERROR servers never all in IPVS:\n" + Files.readString(Path.of("/proc/net/ip_vs")));
                dumpLogs(ka, vg);
                return 1;
            }
            long programmed = nowMs();
            System.out.printf("SIDE ready: both daemons' services in IPVS %d ms after start%n", programmed);
            // keepalived's first checks run 1 s + U(0, warmup = delay_loop) after start, Vigil's within warmup: until a
            // checker has run, one failure takes its server out in both (keepalived check_data.c retry_it = retry).
            // Rounds measure steady state, so they start after everyone's first check.
            Thread.sleep(4_000);
            List<Target> targets = List.of(
                    new Target("TCP_CHECK", TCP_RS, TCP_PORT, () -> close(tcp[0]), () -> tcp[0] = listen(TCP_RS, TCP_PORT, null)),
                    new Target("HTTP_GET", HTTP_RS, HTTP_PORT, () -> httpStatus.set(500), () -> httpStatus.set(200)),
                    new Target("MISC_CHECK", MISC_RS, MISC_PORT, () -> Files.delete(MISC_FILE), () -> Files.writeString(MISC_FILE, "ok")));
            for (int r = 1; r <= rounds; r++) {
                for (Target t : targets) {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(1000)); // a random phase against both check loops
                    long[] d = measure(t, t.breakIt(), false, ipvs, ka, vg);
                    Thread.sleep(ThreadLocalRandom.current().nextInt(1000));
                    long[] u = measure(t, t.repair(), true, ipvs, ka, vg);
                    System.out.printf("SIDE %s round=%d keepalived_detect_ms=%d vigil_detect_ms=%d keepalived_recover_ms=%d vigil_recover_ms=%d"
                                    + " keepalived_log_detect_ms=%d vigil_log_detect_ms=%d keepalived_log_recover_ms=%d vigil_log_recover_ms=%d%n",
                            t.kind(), r, d[0], d[1], u[0], u[1], d[2], d[3], u[2], u[3]);
                }
            }
            System.out.printf("SIDE ipvs reads=%d unreadable=%d%n", ipvs.reads.get(), ipvs.unreadable.get());
        } finally {
            stop(ka);
            stop(vg);
            ipvs.running = false;
            http.stop(0);
            tcp[0].close();
            Files.deleteIfExists(MISC_FILE);
        }
        dumpLogs(ka, vg);
        return exit;
    }

    static void dumpLogs(Daemon... ds) {
        for (Daemon d : ds) {
            System.out.println("SIDE " + d.name() + " log tail:");
            List<Daemon.Line> l = d.lines();
            l.subList(Math.max(0, l.size() - 15), l.size()).forEach(x -> System.out.println("  " + x.atMs() + " " + x.text()));
        }
    }

    /**
     * Does the action, then waits until both daemons' IPVS services reflect it. Returns ms from the action to: the
     * change in keepalived's service, in Vigil's, keepalived's log line, Vigil's log line (-1: not within 20 s).
     */
    static long[] measure(Target t, Action action, boolean up, IpvsWatch ipvs, Daemon ka, Daemon vg) throws Exception {
        long t0 = nowMs();
        action.run();
        String verb = up ? "Adding service" : "Removing service";
        Predicate<String> line = s -> s.contains(verb) && s.contains("[" + t.rs() + "]:");
        long ka1 = -1, vg1 = -1;
        while ((ka1 < 0 || vg1 < 0) && nowMs() - t0 < 20_000) {
            if (ka1 < 0) ka1 = ipvs.changedSince(KA_VIP, 80, t.rs(), t.port(), up, t0);
            if (vg1 < 0) vg1 = ipvs.changedSince(VG_VIP, 80, t.rs(), t.port(), up, t0);
            Thread.sleep(5);
        }
        Thread.sleep(50); // the log lines are written before the IPVS change is seen; let the readers catch up
        long kl = ka.firstLine(t0, line), vl = vg.firstLine(t0, line);
        return new long[]{ka1 < 0 ? -1 : ka1 - t0, vg1 < 0 ? -1 : vg1 - t0, kl < 0 ? -1 : kl - t0, vl < 0 ? -1 : vl - t0};
    }

    // ---------------------------------------------------------------- cpu

    static int cpu(String kind, int count, int seconds, boolean strace) throws Exception {
        AtomicLong accepted = new AtomicLong();
        int port = kind.equals("tcp") ? TCP_PORT : HTTP_PORT;
        ServerSocket tcp = null;
        HttpServer http = null;
        if (kind.equals("tcp")) {
            tcp = listen("0.0.0.0", port, accepted);
        } else {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port), 1024);
            http.createContext("/", ex -> {
                accepted.incrementAndGet();
                byte[] b = "hello vigil".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, b.length);
                try (var o = ex.getResponseBody()) {
                    o.write(b);
                }
            });
            http.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            http.start();
        }
        IpvsWatch ipvs = new IpvsWatch();
        long hz = 100; // USER_HZ on Linux
        try {
            for (int pass = 1; pass <= 2; pass++) {
                for (boolean vigil : new boolean[]{false, true}) {
                    String vip = vigil ? VG_VIP : KA_VIP;
                    Path conf = Path.of("/tmp/side-cpu-" + (vigil ? "vigil" : "keepalived") + ".conf");
                    Files.writeString(conf, cpuConf(vip, vigil, kind, count, port));
                    long started = nowMs();
                    Daemon d = vigil ? startVigil(conf, "c" + pass) : startKeepalived(conf, "c" + pass);
                    try {
                        long deadline = nowMs() + 240_000;
                        while (nowMs() < deadline) {
                            ipvs.poll();
                            if (ipvs.countAll(vip) >= count) break;
                            Thread.sleep(100);
                        }
                        long programmedMs = nowMs() - started;
                        Thread.sleep(10_000); // first checks (keepalived: 1 s + warmup), JIT, a steady rate
                        Set<Long> pids = d.pids();
                        long ticks0 = ticks(pids), acc0 = accepted.get(), w0 = System.nanoTime();
                        Map<String, long[]> threads0 = threadTicks(pids);
                        Thread.sleep(seconds * 1000L);
                        Map<String, long[]> threads1 = threadTicks(pids);
                        pids.addAll(d.pids());
                        long ticks1 = ticks(pids), acc1 = accepted.get();
                        double el = (System.nanoTime() - w0) / 1e9;
                        ipvs.poll();
                        double cores = (ticks1 - ticks0) / (double) hz / el;
                        double checksPerS = (acc1 - acc0) / el;
                        System.out.printf("SIDECPU kind=%s count=%d pass=%d daemon=%s processes=%d programmed_ms=%d checks_per_s=%.1f cores=%.3f"
                                        + " us_per_check=%.1f in_ipvs=%d%n",
                                kind, count, pass, d.name(), pids.size(), programmedMs, checksPerS, cores,
                                checksPerS > 0 ? cores * 1e6 / checksPerS : -1, ipvs.countAll(vip));
                        printThreads(d.name(), pass, threads0, threads1, acc1 - acc0);
                        // verdicts in the window: a server removed means failed checks (a loaded guest: the listener or the daemon late)
                        long fromMs = nowMs() - Math.round(el * 1000);
                        List<String> removed = d.lines().stream().filter(l -> l.atMs() >= fromMs && l.text().contains("Removing")).map(Daemon.Line::text).toList();
                        System.out.printf("SIDEREMOVED daemon=%s pass=%d removals=%d%s%n", d.name(), pass, removed.size(),
                                removed.isEmpty() ? "" : " first=\"" + removed.getFirst() + "\"");
                        if (strace && pass == 1) strace(d.name(), pids, accepted);
                    } finally {
                        stop(d);
                    }
                    Thread.sleep(2_000);
                }
            }
        } finally {
            if (tcp != null) tcp.close();
            if (http != null) http.stop(0);
        }
        return 0;
    }

    /**
     * Start-up at scale: each daemon alone with COUNT TCP_CHECK real servers (100 per virtual server, delay_loop
     * 3600 s so that checks do not compete): time from launch until all COUNT are in IPVS, CPU spent until then, the
     * resident memory of all its processes once programmed, and the time SIGTERM takes to remove them all again.
     */
    static int program(int count) throws Exception {
        IpvsWatch ipvs = new IpvsWatch();
        for (boolean vigil : new boolean[]{false, true}) {
            String vip = vigil ? VG_VIP : KA_VIP;
            Path conf = Path.of("/tmp/side-program-" + (vigil ? "vigil" : "keepalived") + ".conf");
            Files.writeString(conf, cpuConf(vip, vigil, "tcp", count, TCP_PORT, 3600));
            long started = nowMs();
            Daemon d = vigil ? startVigil(conf, "p", "-Xmx" + Math.max(64, count / 200) + "m") : startKeepalived(conf, "p");
            long programmedMs = -1, ticks = -1, rssKb = -1;
            int seen = 0;
            try {
                long deadline = nowMs() + 600_000;
                while (nowMs() < deadline && d.process().isAlive()) {
                    ipvs.poll();
                    seen = ipvs.countAll(vip);
                    if (seen >= count) break;
                    Thread.sleep(20);
                }
                if (seen >= count) {
                    programmedMs = nowMs() - started;
                    Set<Long> pids = d.pids();
                    ticks = ticks(pids);
                    rssKb = pids.stream().mapToLong(KeepalivedSideBySide::rssKb).sum();
                }
            } finally {
                long t0 = nowMs();
                stop(d);
                long removedMs = -1;
                for (long end = nowMs() + 120_000; nowMs() < end; Thread.sleep(20)) {
                    ipvs.poll();
                    if (ipvs.countAll(vip) == 0) {
                        removedMs = nowMs() - t0;
                        break;
                    }
                }
                System.out.printf("SIDEPROG daemon=%s count=%d programmed_ms=%d cpu_ms_until_programmed=%d rss_mb=%d stop_removed_ms=%d seen=%d%n",
                        d.name(), count, programmedMs, ticks * 10, rssKb >> 10, removedMs, seen);
                if (programmedMs < 0) dumpLogs(d);
            }
            Thread.sleep(2_000);
        }
        // the IPVS data plane alone, as the checker subsystem drives it: start-up and single changes at this size
        io.vigil.lb.bench.DataPlaneScale.main(new String[]{"ipvs", String.valueOf(count), "100", "20"});
        return 0;
    }

    static long rssKb(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
        } catch (IOException gone) {
            // ended
        }
        return 0;
    }

    /** utime + stime of these processes (those that ended meanwhile are left out: say so if it matters). */
    /** Per thread ("pid/tid comm"): {utime, stime} in ticks; where the CPU goes, user versus kernel. */
    static Map<String, long[]> threadTicks(Set<Long> pids) {
        Map<String, long[]> out = new java.util.TreeMap<>();
        for (long pid : pids) {
            try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path t : tasks.toList()) {
                    try {
                        String s = Files.readString(t.resolve("stat"));
                        String comm = s.substring(s.indexOf('(') + 1, s.lastIndexOf(')'));
                        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                        out.put(pid + "/" + t.getFileName() + " " + comm, new long[]{Long.parseLong(f[11]), Long.parseLong(f[12])});
                    } catch (IOException | RuntimeException gone) {
                        // ended
                    }
                }
            } catch (IOException gone) {
                // ended
            }
        }
        return out;
    }

    /**
     * System calls per check: {@code strace -c -f} attached to every process of the daemon for 10 s, after the CPU
     * window (strace slows what it watches), divided by the checks the listener saw meanwhile. SIDESTRACE lines.
     */
    static void strace(String daemon, Set<Long> pids, AtomicLong accepted) throws Exception {
        List<String> argv = new ArrayList<>(List.of("timeout", "-s", "INT", "10", "strace", "-c", "-f", "-qq"));
        for (long pid : pids) argv.addAll(List.of("-p", Long.toString(pid)));
        long a0 = accepted.get();
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        long checks = accepted.get() - a0;
        System.out.printf("SIDESTRACE daemon=%s checks=%d%n", daemon, checks);
        for (String l : out.split("\n")) {
            String[] f = l.trim().split("\\s+");
            // "% time seconds usecs/call calls [errors] syscall"
            if (f.length >= 5 && f[0].matches("[\\d.]+") && f[3].matches("\\d+") && checks > 0)
                System.out.printf("SIDESTRACE daemon=%s syscall=%s calls=%s per_check=%.2f%n", daemon, f[f.length - 1], f[3],
                        Long.parseLong(f[3]) / (double) checks);
        }
    }

    /** SIDETHREAD lines: each thread's user and system µs per check over the window (threads that used any CPU). */
    static void printThreads(String daemon, int pass, Map<String, long[]> before, Map<String, long[]> after, long checks) {
        if (checks <= 0) return;
        long tickMicros = 10_000; // USER_HZ 100
        after.forEach((name, a) -> {
            long[] b = before.getOrDefault(name, new long[2]);
            long user = a[0] - b[0], sys = a[1] - b[1];
            if (user + sys > 0)
                System.out.printf("SIDETHREAD daemon=%s pass=%d thread=\"%s\" user_us_per_check=%.1f sys_us_per_check=%.1f%n",
                        daemon, pass, name, user * tickMicros / (double) checks, sys * tickMicros / (double) checks);
        });
    }

    static long ticks(Set<Long> pids) {
        long sum = 0;
        for (long pid : pids) {
            try {
                String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                sum += Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of stat
            } catch (IOException | RuntimeException gone) {
                // ended
            }
        }
        return sum;
    }

    // ---------------------------------------------------------------- servers

    static ServerSocket listen(String address, int port, AtomicLong accepted) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(InetAddress.getByName(address), port), 1024);
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (true) {
                    ss.accept().close();
                    if (accepted != null) accepted.incrementAndGet();
                }
            } catch (IOException closed) {
                // the round closed it
            }
        });
        return ss;
    }

    static void close(ServerSocket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
