package io.vigil.api.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load of issue #11's benchmark on Vigil's HTTP endpoint, run in a client namespace: Prometheus scraping /metrics
 * SCRAPES_PER_SECOND times a second, and DASHBOARDS browsers each loading the dashboard page and holding the event
 * stream open. Prints the scrapes' latencies and the events the dashboards received.
 * <p>Arguments: BASE_URL SCRAPES_PER_SECOND DASHBOARDS SECONDS
 */
public final class EndpointLoad {
    private EndpointLoad() {}

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int perSecond = Integer.parseInt(args[1]), dashboards = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicLong events = new AtomicLong(), pages = new AtomicLong(), streamsOpen = new AtomicLong(), failures = new AtomicLong();
        List<Thread> viewers = new ArrayList<>();
        for (int i = 0; i < dashboards; i++) {
            viewers.add(Thread.ofVirtual().start(() -> {
                try {
                    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
                    if (page.statusCode() == 200) pages.incrementAndGet();
                    HttpResponse<java.io.InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events")).build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    streamsOpen.incrementAndGet();
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                        for (String l; (l = r.readLine()) != null; ) if (l.startsWith("data:")) events.incrementAndGet();
                    }
                } catch (java.io.IOException e) {
                    failures.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        long periodNanos = 1_000_000_000L / perSecond, start = System.nanoTime(), end = start + seconds * 1_000_000_000L;
        for (long next = start; next < end; next += periodNanos) {
            long wait = next - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            // Each scrape on its own thread, as Prometheus does not wait for a slow one before the next interval.
            Thread.ofVirtual().start(() -> {
                long t0 = System.nanoTime();
                try {
                    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() == 200) latencies.add((System.nanoTime() - t0) / 1e6);
                    else failures.incrementAndGet();
                } catch (java.io.IOException e) {
                    failures.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        Thread.sleep(2_000);
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("LOAD scrapes %d median %.1f ms p99 %.1f ms max %.1f ms; dashboards %d pages %d streams %d events %d; failures %d%n",
                sorted.size(), pct(sorted, 50), pct(sorted, 99), sorted.isEmpty() ? 0 : sorted.getLast(), dashboards, pages.get(), streamsOpen.get(),
                events.get(), failures.get());
        System.exit(0);
    }

    static double pct(List<Double> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
