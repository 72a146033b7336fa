package io.vigil.api.bench;

import io.vigil.api.HttpEndpoint;
import io.vigil.observe.ClusterPicture;
import io.vigil.observe.ObsEvent;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Benchmark (a main, run by bench/observe-scrape.sh): scrape latency and process CPU of /metrics and /api/v1/status
 * with SERVERS real servers (10 per virtual server) and 20 VRRP instances, against the same endpoint with an empty
 * picture (the baseline: HTTP and JVM cost alone), in one JVM. Prints one RESULT line per case.
 */
public final class ScrapeBench {
    public static void main(String[] args) throws Exception {
        int servers = Integer.parseInt(System.getProperty("servers", "1000"));
        int scrapes = Integer.parseInt(System.getProperty("scrapes", "300"));
        ClusterPicture empty = new ClusterPicture("empty", System::currentTimeMillis);
        ClusterPicture big = picture(servers);
        for (String path : List.of("/metrics", "/api/v1/status")) {
            run("empty", empty, path, scrapes);
            run(servers + " real servers", big, path, scrapes);
        }
    }

    static ClusterPicture picture(int servers) {
        ClusterPicture p = new ClusterPicture("bench", System::currentTimeMillis);
        long now = System.currentTimeMillis();
        for (int i = 0; i < 20; i++) {
            p.apply(new ObsEvent.VrrpTransition(now, "VI_" + i, "BACKUP", "MASTER", "Receive advertisement timeout", 100));
            p.apply(new ObsEvent.VrrpCounters(now, "VI_" + i, i + 1, "eth0", null, "MASTER", 100, 100, "198.18.0.1", 100, now - 500,
                    1000, 10, 1, 0, 0, 5, Map.of("ttl", 1L), List.of("198.18.0." + (i + 10) + "/32"), null));
        }
        List<Long> buckets = new ArrayList<>(Collections.nCopies(ObsEvent.LATENCY_BOUNDS_SECONDS.size() + 1, 3L));
        for (int s = 0; s < servers; s++) {
            String vs = "[198.18.2." + (s / 10) + "]:TCP:80", rs = "[198.18.3." + (s % 250) + "]:" + (8000 + s);
            boolean up = s % 7 != 0;
            for (int c = 0; c < 5; c++)
                p.apply(new ObsEvent.RealServerCounters(now + c, vs, rs, up ? "up" : "down", up, 1, "HTTP_GET", up, up ? "HTTP status 200" : "connection refused",
                        1200, now + c, 100, up ? Map.of() : Map.of("connection refused", 3L), buckets, 120000, 3, 1, 50, 1000, 900, 100000, 900000));
            if (!up) p.apply(new ObsEvent.HealthChange(now, vs, rs, "HTTP_GET", false, "connection refused"));
            if (s % 10 == 0) p.apply(new ObsEvent.VirtualServiceCounters(now, vs, true, false, 10, 9, 30, 10, 500, 1, 1, 1, 1));
        }
        return p;
    }

    static void run(String label, ClusterPicture picture, String path, int scrapes) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (HttpEndpoint e = new HttpEndpoint(new HttpEndpoint.Settings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Optional.empty(), Optional.empty(), Optional.empty()), picture)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.port() + path)).build();
            for (int i = 0; i < 50; i++) http.send(req, HttpResponse.BodyHandlers.ofByteArray()); // warm-up
            long[] micros = new long[scrapes];
            long bytes = 0, cpu0 = os.getProcessCpuTime(), t0 = System.nanoTime();
            for (int i = 0; i < scrapes; i++) {
                long s = System.nanoTime();
                bytes = http.send(req, HttpResponse.BodyHandlers.ofByteArray()).body().length;
                micros[i] = (System.nanoTime() - s) / 1000;
            }
            long wallNanos = System.nanoTime() - t0, cpuNanos = os.getProcessCpuTime() - cpu0;
            Arrays.sort(micros);
            System.out.printf("RESULT %-18s %-15s body %8d B  median %7.2f ms  p99 %7.2f ms  max %7.2f ms  CPU %6.2f ms/scrape (client included)%n",
                    label, path, bytes, micros[scrapes / 2] / 1000.0, micros[(int) (scrapes * 0.99)] / 1000.0, micros[scrapes - 1] / 1000.0,
                    cpuNanos / 1e6 / scrapes);
        }
    }
}
