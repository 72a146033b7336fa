package io.vigil.lab.seed;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What a soak run saw, and its report in Markdown (docs/soak.md quotes these). */
public record SoakReport(SoakRun.Settings settings, long startMillis, long endMillis, String loadBefore, String loadAfter,
                         List<SoakJudge.Injected> faults, List<SoakJudge.Request> requests, Map<String, Long> failedByKind,
                         Map<String, Long> worstGapMillis, List<SoakJudge.Trend> trends, List<String> violations, int ticks,
                         List<String> notes, Map<String, String> logs) {

    public String markdown() {
        StringBuilder o = new StringBuilder();
        o.append(String.format(Locale.ROOT, "### Soak %s, seed %d, %.1f min of faults%n%n", Instant.ofEpochMilli(startMillis), settings.seed(),
                (endMillis - startMillis) / 60_000.0));
        o.append("Load average (1/5/15 min, runnable/total, last pid) before: `").append(loadBefore).append("`, after: `").append(loadAfter)
                .append("` (2 cores shared with other sessions' builds and tests).\n\n");
        Map<String, Long> byKind = new TreeMap<>(faults.stream().collect(Collectors.groupingBy(f -> f.kind().name(), Collectors.counting())));
        o.append("Faults injected (").append(faults.size()).append("): ").append(byKind).append("\n\n");
        o.append("| VIP | mode | requests | failed | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|\n");
        Map<String, List<SoakJudge.Request>> groups = new TreeMap<>(requests.stream().collect(Collectors.groupingBy(r -> r.vip() + " " + r.mode())));
        groups.forEach((k, rs) -> {
            double[] lat = rs.stream().filter(SoakJudge.Request::ok).mapToDouble(SoakJudge.Request::latencyMillis).sorted().toArray();
            o.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.1f | %.1f | %.1f |%n", k.split(" ")[0], k.split(" ")[1], rs.size(),
                    rs.stream().filter(r -> !r.ok()).count(), pct(lat, 0.5), pct(lat, 0.99), lat.length == 0 ? 0 : lat[lat.length - 1]));
        });
        o.append("\nFailed requests by the fault whose window they fell in (a failure in overlapping windows counts under each): ")
                .append(failedByKind).append("\n\n");
        o.append("Longest time each VIP was held by no reachable running director (worst takeover seen, polled every 250 ms): ");
        o.append(worstGapMillis.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + " ms").collect(Collectors.joining(", ")))
                .append(" (master-down ").append(SoakJudge.MASTER_DOWN_MILLIS).append(" ms); ").append(ticks).append(" polls.\n\n");
        o.append("| director | process | pid | samples | RSS MB first -> last third | fds beside open TCP connections | threads |\n|---|---|---|---|---|---|---|\n");
        for (SoakJudge.Trend t : trends) {
            o.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.0f -> %.0f | %d -> %d | %d -> %d |%n", t.director(), t.name(), t.pid(), t.samples(),
                    t.rssKbFirst() / 1024.0, t.rssKbLast() / 1024.0, t.fdsFirst(), t.fdsLast(), t.threadsFirst(), t.threadsLast()));
        }
        o.append("\nInvariant violations: ").append(violations.size()).append('\n');
        violations.forEach(v -> o.append("- ").append(v).append('\n'));
        o.append("\n<details><summary>faults as injected</summary>\n\n");
        faults.forEach(f -> o.append(String.format(Locale.ROOT, "- %s (%s to %s)%n", f.fault(), SoakRun.clock(f.startMillis()), SoakRun.clock(f.endMillis()))));
        o.append("\n</details>\n");
        return o.toString();
    }

    private static double pct(double[] sorted, double p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }

    /** The state changes of every director, for a failed run's output. */
    public String transitions() {
        StringBuilder o = new StringBuilder();
        logs.forEach((n, log) -> {
            o.append("--- ").append(n).append(" ---\n");
            Arrays.stream(log.split("\n")).filter(l -> l.contains("Entering") || l.contains("restart") || l.contains("Reload") || l.contains("died"))
                    .forEach(l -> o.append(l).append('\n'));
        });
        return o.toString();
    }
}
