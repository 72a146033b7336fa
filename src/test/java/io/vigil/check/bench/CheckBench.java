package io.vigil.check.bench;

import io.vigil.check.CheckerService;
import io.vigil.check.CheckerSettings;
import io.vigil.check.DesiredPool;
import io.vigil.check.InMemoryPoolListener;
import io.vigil.check.RealServerKey;
import io.vigil.check.RealServerSettings;
import io.vigil.check.VirtualServerKey;
import io.vigil.check.VirtualServerSettings;
import io.vigil.sys.ScriptRunner;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The checker side of the scale benchmark (see bench/check-scale.sh): COUNT real servers served by
 * {@link CheckBenchServer}, 100 per virtual server, one TCP_CHECK or HTTP_GET each. Measures checks/s against the
 * plan, this process's CPU, heap and RSS, then kills KILLS servers and measures kill -> weight 0 in the pool.
 *
 * <p>Usage: {@code CheckBench COUNT PORT tcp|http CONTROL_PORT DELAY_LOOP_MS MEASURE_SECONDS KILLS CONNECT_TIMEOUT_MS}
 */
public final class CheckBench {
    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        int port = Integer.parseInt(args[1]);
        boolean http = args[2].equals("http");
        int controlPort = Integer.parseInt(args[3]);
        long delayLoopMillis = Long.parseLong(args[4]);
        int measureSeconds = Integer.parseInt(args[5]);
        int kills = Integer.parseInt(args[6]);
        long connectTimeoutMillis = Long.parseLong(args[7]);

        // retry 0: a refused connect is a failure at once; warmup = delay_loop spreads the checks evenly
        var timing = new CheckerSettings.Timing(delayLoopMillis, 0, 1000, delayLoopMillis);
        var co = CheckerSettings.Connect.toRealServer().withTimeout(connectTimeoutMillis);
        CheckerSettings checker = http
                ? new CheckerSettings.Http(timing, co, false, List.of(CheckerSettings.UrlCheck.path("/").withDigest(md5("hello vigil"))),
                null, false, CheckerSettings.HttpProtocol.HTTP_1_0)
                : new CheckerSettings.Tcp(timing, co);
        List<VirtualServerSettings> vss = new ArrayList<>();
        Map<RealServerKey, VirtualServerKey> vsOf = new ConcurrentHashMap<>();
        int perVs = 100;
        for (int v = 0; v * perVs < count; v++) {
            List<RealServerSettings> rss = new ArrayList<>();
            VirtualServerKey vk = VirtualServerKey.of("198.18." + (v / 250) + "." + (v % 250 + 1), 80, "TCP");
            for (int i = v * perVs; i < Math.min(count, (v + 1) * perVs); i++) {
                RealServerKey rk = RealServerKey.of(CheckBenchServer.address(i), port);
                rss.add(RealServerSettings.of(rk, checker).withInhibitOnFailure(true));
                vsOf.put(rk, vk);
            }
            vss.add(new VirtualServerSettings(vk, false, false, 1, 0, List.of(), List.of(), null, false, false, rss));
        }

        InMemoryPoolListener pools = new InMemoryPoolListener();
        Map<RealServerKey, Long> killedAtNanos = new ConcurrentHashMap<>();
        Map<RealServerKey, Long> detectedNanos = new ConcurrentHashMap<>();
        pools.observe((DesiredPool p) -> {
            for (RealServerKey k : killedAtNanos.keySet()) {
                if (!detectedNanos.containsKey(k) && vsOf.get(k).equals(p.vs()) && p.weightOf(k) == 0)
                    detectedNanos.put(k, System.nanoTime() - killedAtNanos.get(k));
            }
        });

        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long t0 = System.nanoTime();
        try (CheckerService svc = CheckerService.start(vss, pools, new ScriptRunner(), 5000)) {
            System.out.printf("started %d %s checkers in %d ms%n", svc.checkerCount(), http ? "HTTP_GET" : "TCP_CHECK", (System.nanoTime() - t0) / 1_000_000);
            // warm up: every checker has started (warmup = delay_loop) and the JIT has settled
            Thread.sleep(delayLoopMillis * 3);
            long down = countNotUp(pools, vss);
            long[] us0 = userSysTicks();
            long c0 = svc.checksRun(), cpu0 = os.getProcessCpuTime(), w0 = System.nanoTime();
            Thread.sleep(measureSeconds * 1000L);
            long c1 = svc.checksRun(), cpu1 = os.getProcessCpuTime(), w1 = System.nanoTime();
            long[] us1 = userSysTicks();
            double wallS = (w1 - w0) / 1e9;
            double checksPerS = (c1 - c0) / wallS;
            double plannedPerS = count * 1000.0 / delayLoopMillis;
            double cores = (cpu1 - cpu0) / 1e9 / wallS;
            System.gc();
            Thread.sleep(200);
            long heapMiB = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
            long rssMiB = rssKiB() >> 10;
            double userCores = (us1[0] - us0[0]) / 100.0 / wallS, sysCores = (us1[1] - us0[1]) / 100.0 / wallS;
            System.out.printf("RESULT kind=%s servers=%d delay_loop_ms=%d planned_checks_per_s=%.0f achieved_checks_per_s=%.1f ratio=%.4f cpu_cores=%.3f (user %.3f sys %.3f) cpu_us_per_check=%.1f heap_after_gc_mib=%d rss_mib=%d not_up_at_start=%d load=%s%n",
                    http ? "HTTP_GET" : "TCP_CHECK", count, delayLoopMillis, plannedPerS, checksPerS, checksPerS / plannedPerS, cores, userCores, sysCores,
                    cores * 1e6 / checksPerS, heapMiB, rssMiB, down,
                    Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0]);

            // detection: kill servers one by one (200 ms apart), time kill -> weight 0 in the published pool
            // the servers may be split over processes of perServerProcess each, control ports controlPort, +1, ...
            int perServerProcess = args.length > 8 ? Integer.parseInt(args[8]) : count;
            for (int i = 0; i < kills; i++) {
                int victim = (int) ((i * 7919L + 13) % count);
                try (Socket ctl = new Socket(InetAddress.getByName("127.0.0.1"), controlPort + victim / perServerProcess)) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(ctl.getInputStream(), StandardCharsets.US_ASCII));
                    OutputStream out = ctl.getOutputStream();
                    RealServerKey rk = RealServerKey.of(CheckBenchServer.address(victim), port);
                    killedAtNanos.put(rk, System.nanoTime());
                    out.write(("kill " + CheckBenchServer.address(victim) + "\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    in.readLine();
                }
                Thread.sleep(200);
            }
            long deadline = System.nanoTime() + (delayLoopMillis + connectTimeoutMillis) * 3_000_000L;
            while (detectedNanos.size() < kills && System.nanoTime() < deadline) Thread.sleep(20);
            double[] ms = detectedNanos.values().stream().mapToDouble(n -> n / 1e6).sorted().toArray();
            System.out.printf("RESULT detection kills=%d detected=%d p50_ms=%.0f p95_ms=%.0f max_ms=%.0f bound_ms=%d%n", kills, ms.length,
                    pct(ms, 0.5), pct(ms, 0.95), ms.length == 0 ? Double.NaN : ms[ms.length - 1], delayLoopMillis + connectTimeoutMillis + 100);
            System.out.println("detection_ms " + Arrays.toString(Arrays.stream(ms).mapToLong(Math::round).toArray()));
        }
    }

    static long countNotUp(InMemoryPoolListener pools, List<VirtualServerSettings> vss) {
        long n = 0;
        for (VirtualServerSettings vs : vss)
            for (RealServerSettings rs : vs.realServers()) if (pools.weightOf(vs.key(), rs.key()) != rs.weight()) n++;
        return n;
    }

    static double pct(double[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** utime and stime of this process in clock ticks (USER_HZ = 100). */
    static long[] userSysTicks() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[]{Long.parseLong(f[11]), Long.parseLong(f[12])};
    }

    static long rssKiB() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status")))
            if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
        return -1;
    }

    static String md5(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
