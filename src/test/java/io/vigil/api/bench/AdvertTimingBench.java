package io.vigil.api.bench;

import io.vigil.lab.Lab;
import io.vigil.lab.VigilNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Issue #11's benchmark: do the MASTER's adverts stay on time while its HTTP endpoint is scraped 10 times a second
 * and 50 dashboards hold the event stream? Two Vigil daemons (whole daemon: VRRP and checkers, 20 real servers
 * checked, all refused, so the picture changes) in namespaces; the backup's namespace captures the MASTER's adverts
 * (tcpdump -tt) for PHASE_SECONDS without load (the baseline) and then for PHASE_SECONDS under the load of
 * {@link EndpointLoad}, run from a client namespace. Two instances: advert_int 1 s and 0.1 s (VRRPv3).
 * Prints the gaps between adverts per instance and phase, and the parent's CPU. Run by bench/observe-advert-timing.sh.
 */
public final class AdvertTimingBench {
    private AdvertTimingBench() {}

    static final String A = "198.18.3.11", B = "198.18.3.12", CLIENT = "198.18.3.10";

    public static void main(String[] args) throws Exception {
        long phaseSeconds = Long.getLong("phaseSeconds", 60);
        int scrapes = Integer.getInteger("scrapesPerSecond", 10), dashboards = Integer.getInteger("dashboards", 50);
        Path dir = Files.createTempDirectory("vigil-advert-timing");
        try (Lab lab = Lab.create()) {
            Lab.Host ha = lab.host("a", A + "/24"), hb = lab.host("b", B + "/24"), cl = lab.host("cl", CLIENT + "/24");
            VigilNode a = new VigilNode(ha, "a", dir, config("a", 200, A)).withCheckers();
            VigilNode b = new VigilNode(hb, "b", dir, config("b", 100, B)).withCheckers();
            a.start();
            await(() -> "MASTER".equals(a.state("VI_1")) && "MASTER".equals(a.state("VI_2")), 90_000, "a never became MASTER\n" + a.log());
            b.start();
            await(() -> "BACKUP".equals(b.state("VI_1")) && "BACKUP".equals(b.state("VI_2")), 90_000, "b never became BACKUP\n" + b.log());
            await(() -> hb.trySh("curl -s -o /dev/null -w '%{http_code}' http://" + A + ":9165/metrics", 10).output().equals("200"), 30_000,
                    "a's endpoint never answered");
            Path wire = dir.resolve("wire.txt");
            lab.spawn(hb.ns(), List.of("tcpdump", "-i", "eth0", "-n", "-l", "-tt", "--immediate-mode", "-U", "ip proto 112 and src host " + A), wire);
            await(() -> read(wire).contains("listening on"), 15_000, "tcpdump did not start");
            Thread.sleep(3_000); // the checkers' first round and the capture settle

            double quietFrom = now();
            long cpu0 = cpuTicks(a.parentPid());
            Thread.sleep(phaseSeconds * 1000);
            double quietTo = now();
            long cpu1 = cpuTicks(a.parentPid());

            String java = ProcessHandle.current().info().command().orElse("java");
            Path loadOut = dir.resolve("load.txt");
            Process load = lab.spawn(cl.ns(), List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    EndpointLoad.class.getName(), "http://" + A + ":9165", Integer.toString(scrapes), Integer.toString(dashboards),
                    Long.toString(phaseSeconds)), loadOut);
            double loadFrom = now() + 2; // the load client's JVM start and its 50 streams opening
            load.waitFor();
            double loadTo = now() - 2;
            long cpu2 = cpuTicks(a.parentPid());

            System.out.println(read(loadOut).lines().filter(l -> l.startsWith("LOAD")).findFirst().orElse("LOAD: no summary\n" + read(loadOut)));
            double hz = 100.0;
            System.out.printf("parent CPU: quiet %.1f %% of a core, under load %.1f %%%n", 100 * (cpu1 - cpu0) / hz / (quietTo - quietFrom),
                    100 * (cpu2 - cpu1) / hz / (loadTo - loadFrom + 4));
            Map<Integer, List<Double>> byVrid = adverts(read(wire));
            for (int vrid : List.of(51, 52)) {
                List<Double> times = byVrid.getOrDefault(vrid, List.of());
                System.out.println("vrid " + vrid + " (advert_int " + (vrid == 51 ? "1 s" : "0.1 s") + "): quiet " + gaps(times, quietFrom, quietTo)
                        + " | under load " + gaps(times, loadFrom, loadTo));
            }
            System.out.println("load average at the end: " + Files.readString(Path.of("/proc/loadavg")).trim());
            a.terminate();
            b.terminate();
        }
    }

    static String config(String id, int priority, String self) {
        StringBuilder c = new StringBuilder("global_defs {\n  router_id " + id + "\n  vrrp_version 3\n  vigil_http " + self + ":9165\n}\n");
        for (int i = 1; i <= 2; i++) {
            c.append("vrrp_instance VI_").append(i).append(" {\n  state BACKUP\n  interface eth0\n  virtual_router_id ").append(50 + i)
                    .append("\n  priority ").append(priority).append("\n  advert_int ").append(i == 1 ? "1" : "0.1")
                    .append("\n  virtual_ipaddress {\n    198.18.3.").append(99 + i).append("/24\n  }\n}\n");
        }
        c.append("virtual_server 198.18.3.100 80 {\n  delay_loop 1\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n");
        for (int port = 8001; port <= 8020; port++) {
            c.append("  real_server ").append(CLIENT).append(' ').append(port).append(" {\n    TCP_CHECK {\n      connect_timeout 1\n    }\n  }\n");
        }
        return c.append("}\n").toString();
    }

    /** tcpdump -tt lines of VRRPv3 adverts: epoch time and vrid. */
    static Map<Integer, List<Double>> adverts(String capture) {
        Map<Integer, List<Double>> out = new TreeMap<>();
        for (String l : capture.lines().toList()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+\\.\\d+) .*vrid (\\d+)").matcher(l);
            if (m.find()) out.computeIfAbsent(Integer.parseInt(m.group(2)), k -> new ArrayList<>()).add(Double.parseDouble(m.group(1)));
        }
        return out;
    }

    static String gaps(List<Double> times, double from, double to) {
        List<Double> in = times.stream().filter(t -> t >= from && t <= to).toList();
        List<Double> g = new ArrayList<>();
        for (int i = 1; i < in.size(); i++) g.add((in.get(i) - in.get(i - 1)) * 1000);
        Collections.sort(g);
        if (g.isEmpty()) return "no adverts";
        return String.format("%d adverts, gap median %.1f ms, p99 %.1f ms, max %.1f ms", in.size(), EndpointLoad.pct(g, 50), EndpointLoad.pct(g, 99), g.getLast());
    }

    static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    static void await(java.util.function.BooleanSupplier c, long millis, String message) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > end) throw new IllegalStateException(message);
            Thread.sleep(200);
        }
    }
}
