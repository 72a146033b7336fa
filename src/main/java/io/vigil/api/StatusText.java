package io.vigil.api;

import io.vigil.observe.ClusterPicture;
import io.vigil.observe.ObsEvent;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code vigil status} in words: instances with state, priority and the reason of their last transition, VIPs with
 * their holder, every real server (in the pool or not) with its health and last failure reason, children with restarts.
 */
public final class StatusText {
    private StatusText() {}

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    static String time(long millis) {
        return millis <= 0 ? "-" : TIME.format(Instant.ofEpochMilli(millis));
    }

    static String duration(long millis) {
        long s = Math.max(0, millis / 1000);
        if (s < 120) return s + "s";
        if (s < 7200) return s / 60 + "m" + s % 60 + "s";
        if (s < 172800) return s / 3600 + "h" + (s % 3600) / 60 + "m";
        return s / 86400 + "d" + (s % 86400) / 3600 + "h";
    }

    public static String render(ClusterPicture.Snapshot s) {
        StringBuilder out = new StringBuilder();
        out.append("Vigil on ").append(s.node()).append(", up ").append(duration(s.nowMillis() - s.startedMillis())).append('\n');
        out.append("\nVRRP instances:\n");
        if (s.instances().isEmpty()) out.append("  (none)\n");
        for (ClusterPicture.InstanceView i : s.instances()) {
            ObsEvent.VrrpCounters c = i.counters();
            out.append(String.format("  %-16s %-7s priority %s", i.name(), i.state(),
                    c == null ? "?" : c.effectivePriority() + (c.effectivePriority() != c.basePriority() ? " (base " + c.basePriority() + ")" : "")));
            if (c != null) out.append(String.format("  vrid %d on %s", c.vrid(), c.interfaceName()));
            if (c != null && c.syncGroup() != null) out.append("  group ").append(c.syncGroup());
            out.append('\n');
            ObsEvent.VrrpTransition t = i.lastTransition();
            if (t != null) out.append(String.format("      last transition %s %s -> %s: %s%n", time(t.atMillis()), t.from(), t.to(), t.reason()));
            if (c != null && c.faultReason() != null) out.append("      fault: ").append(c.faultReason()).append('\n');
        }
        out.append("\nVIPs:\n");
        boolean anyVip = false;
        for (ClusterPicture.InstanceView i : s.instances()) {
            if (i.counters() == null) continue;
            for (String vip : i.counters().vips()) {
                anyVip = true;
                String holder = i.state().equals("MASTER") ? "held here (MASTER)"
                        : i.state().equals("BACKUP") && i.counters().masterAddress() != null ? "held by " + i.counters().masterAddress()
                        : "not held here (" + i.state() + ")";
                out.append(String.format("  %-24s %-16s %s%n", vip, i.name(), holder));
            }
        }
        if (!anyVip) out.append("  (none)\n");
        Map<String, List<ClusterPicture.RealServerView>> byVs = new LinkedHashMap<>();
        for (ObsEvent.VirtualServiceCounters v : s.virtualServices()) byVs.put(v.virtualServer(), new ArrayList<>());
        for (ClusterPicture.RealServerView r : s.realServers()) byVs.computeIfAbsent(r.virtualServer(), k -> new ArrayList<>()).add(r);
        out.append("\nVirtual servers (every real server, in the pool or not):\n");
        if (byVs.isEmpty()) out.append("  (none)\n");
        for (Map.Entry<String, List<ClusterPicture.RealServerView>> e : byVs.entrySet()) {
            ObsEvent.VirtualServiceCounters v = s.virtualServices().stream().filter(x -> x.virtualServer().equals(e.getKey())).findFirst().orElse(null);
            out.append("  ").append(e.getKey());
            if (v != null) out.append(String.format("  %d/%d up%s%s", v.realServersUp(), v.realServers(), v.quorumUp() ? "" : ", QUORUM LOST",
                    v.sorryServerActive() ? ", sorry server active" : ""));
            out.append('\n');
            for (ClusterPicture.RealServerView r : e.getValue()) {
                ObsEvent.RealServerCounters c = r.counters();
                out.append(String.format("    %-28s %-7s %-8s weight %-4s", r.realServer(), r.health().toUpperCase(java.util.Locale.ROOT),
                        c != null && c.inPool() ? "in pool" : "OUT", c == null ? "?" : Integer.toString(c.weight())));
                if (c != null && c.lastCheckMillis() > 0)
                    out.append(String.format(" %s %s %.1f ms", c.checker(), c.lastCheckOk() ? "ok" : "failed", c.lastCheckLatencyMicros() / 1000.0));
                if (c != null && (c.activeConns() > 0 || c.inactiveConns() > 0))
                    out.append(String.format(" conns %d/%d", c.activeConns(), c.inactiveConns()));
                out.append('\n');
                if (!r.health().equals("up")) {
                    String reason = r.lastFailure() != null ? r.lastFailure().reason() : c != null && !c.lastCheckOk() ? c.lastCheckDetail() : null;
                    if (reason != null) out.append("        reason: ").append(reason)
                            .append(r.lastFailure() != null ? " (since " + time(r.lastFailure().atMillis()) + ")" : "").append('\n');
                }
            }
        }
        out.append("\nChildren:\n");
        for (ClusterPicture.ChildView c : s.children()) {
            out.append(String.format("  %-12s pid %-8d %-8s restarts %d%s%n", c.child(), c.pid(), c.alive() ? "running" : "DEAD", c.restarts(),
                    c.lastExit() == null ? "" : "  last exit: " + c.lastExit()));
        }
        return out.toString();
    }
}
