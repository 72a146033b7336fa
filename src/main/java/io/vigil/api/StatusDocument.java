package io.vigil.api;

import io.vigil.net.Json;
import io.vigil.observe.ClusterPicture;
import io.vigil.observe.ObsEvent;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /api/v1/status} and the events of {@code /api/v1/events}, as JSON (shapes in docs/api.md, checked against
 * src/main/resources/io/vigil/api/status.schema.json). Pure: built from one {@link ClusterPicture.Snapshot}.
 */
public final class StatusDocument {
    private StatusDocument() {}

    static String iso(long epochMillis) {
        return epochMillis <= 0 ? null : Instant.ofEpochMilli(epochMillis).toString();
    }

    /** An event: {@code type}, {@code at} (ISO-8601) and the record's own fields ({@code atMillis} included). */
    public static Map<String, Object> event(ObsEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", e.getClass().getSimpleName());
        m.put("at", iso(e.atMillis()));
        for (RecordComponent rc : e.getClass().getRecordComponents()) {
            try {
                m.put(rc.getName(), rc.getAccessor().invoke(e));
            } catch (ReflectiveOperationException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return m;
    }

    private static List<Map<String, Object>> events(List<ObsEvent> es) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ObsEvent e : es) out.add(event(e));
        return out;
    }

    public static String json(ClusterPicture.Snapshot s) {
        return Json.write(document(s));
    }

    public static Map<String, Object> document(ClusterPicture.Snapshot s) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("apiVersion", 1);
        d.put("node", s.node());
        d.put("generatedAt", iso(s.nowMillis()));
        d.put("uptimeSeconds", (s.nowMillis() - s.startedMillis()) / 1000.0);
        List<Object> instances = new ArrayList<>(), vips = new ArrayList<>();
        Map<String, Map<String, Object>> groups = new TreeMap<>();
        for (ClusterPicture.InstanceView i : s.instances()) {
            ObsEvent.VrrpCounters c = i.counters();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", i.name());
            m.put("state", i.state());
            m.put("vrid", c == null ? null : c.vrid());
            m.put("interface", c == null ? null : c.interfaceName());
            m.put("syncGroup", c == null ? null : c.syncGroup());
            m.put("basePriority", c == null ? null : c.basePriority());
            m.put("effectivePriority", c == null ? null : c.effectivePriority());
            m.put("masterAddress", c == null ? null : c.masterAddress());
            m.put("masterPriority", c == null ? null : c.masterPriority());
            m.put("lastAdvertAgeSeconds", c == null || c.lastAdvertMillis() <= 0 ? null : Math.max(0, s.nowMillis() - c.lastAdvertMillis()) / 1000.0);
            m.put("faultReason", c == null ? null : c.faultReason());
            m.put("vips", c == null ? List.of() : c.vips());
            m.put("lastTransition", i.lastTransition() == null ? null : event(i.lastTransition()));
            Map<String, Object> counters = new LinkedHashMap<>();
            counters.put("advertsSent", c == null ? 0 : c.advertsSent());
            counters.put("advertsReceived", c == null ? 0 : c.advertsReceived());
            counters.put("becameMaster", c == null ? 0 : c.becameMaster());
            counters.put("releasedMaster", i.releasedMaster());
            counters.put("priorityZeroSent", c == null ? 0 : c.priorityZeroSent());
            counters.put("priorityZeroReceived", c == null ? 0 : c.priorityZeroReceived());
            counters.put("garpsSent", c == null ? 0 : c.garpsSent());
            counters.put("drops", c == null ? Map.of() : new TreeMap<>(c.drops()));
            m.put("counters", counters);
            m.put("history", events(i.history()));
            instances.add(m);
            if (c != null) {
                for (String vip : c.vips()) {
                    Map<String, Object> v = new LinkedHashMap<>();
                    v.put("address", vip);
                    v.put("instance", i.name());
                    // This node holds it as MASTER; otherwise the router whose adverts it follows (if any).
                    v.put("holder", i.state().equals("MASTER") ? s.node() : i.state().equals("BACKUP") ? c.masterAddress() : null);
                    v.put("heldHere", i.state().equals("MASTER"));
                    vips.add(v);
                }
                if (c.syncGroup() != null) {
                    Map<String, Object> g = groups.computeIfAbsent(c.syncGroup(), n -> {
                        Map<String, Object> x = new LinkedHashMap<>();
                        x.put("name", n);
                        x.put("members", new ArrayList<String>());
                        x.put("states", new TreeMap<String, String>());
                        return x;
                    });
                    @SuppressWarnings("unchecked") List<String> members = (List<String>) g.get("members");
                    members.add(i.name());
                    @SuppressWarnings("unchecked") Map<String, String> states = (Map<String, String>) g.get("states");
                    states.put(i.name(), i.state());
                }
            }
        }
        d.put("instances", instances);
        d.put("vips", vips);
        d.put("syncGroups", new ArrayList<>(groups.values()));
        List<Object> realServers = new ArrayList<>();
        for (ClusterPicture.RealServerView r : s.realServers()) realServers.add(realServer(r));
        List<Object> services = new ArrayList<>();
        for (ObsEvent.VirtualServiceCounters v : s.virtualServices()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", v.virtualServer());
            m.put("quorumUp", v.quorumUp());
            m.put("sorryServerActive", v.sorryServerActive());
            m.put("realServers", v.realServers());
            m.put("realServersUp", v.realServersUp());
            m.put("counters", traffic(v.activeConns(), v.inactiveConns(), v.conns(), v.packetsIn(), v.packetsOut(), v.bytesIn(), v.bytesOut()));
            services.add(m);
        }
        d.put("virtualServers", services);
        d.put("realServers", realServers);
        List<Object> children = new ArrayList<>();
        for (ClusterPicture.ChildView c : s.children()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.child());
            m.put("pid", c.pid());
            m.put("alive", c.alive());
            m.put("restarts", c.restarts());
            m.put("lastExit", c.lastExit());
            m.put("since", iso(c.sinceMillis()));
            children.add(m);
        }
        d.put("children", children);
        d.put("reloads", new TreeMap<>(s.reloads()));
        d.put("recent", events(s.recent()));
        return d;
    }

    private static Map<String, Object> traffic(long active, long inactive, long conns, long packetsIn, long packetsOut, long bytesIn, long bytesOut) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("activeConnections", active);
        m.put("inactiveConnections", inactive);
        m.put("connections", conns);
        m.put("packetsIn", packetsIn);
        m.put("packetsOut", packetsOut);
        m.put("bytesIn", bytesIn);
        m.put("bytesOut", bytesOut);
        return m;
    }

    private static Map<String, Object> realServer(ClusterPicture.RealServerView r) {
        ObsEvent.RealServerCounters c = r.counters();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("virtualServer", r.virtualServer());
        m.put("realServer", r.realServer());
        m.put("health", r.health());
        m.put("inPool", c != null && c.inPool());
        m.put("weight", c == null ? null : c.weight());
        m.put("checker", c == null ? null : c.checker());
        Map<String, Object> last = null;
        if (c != null && c.lastCheckMillis() > 0) {
            last = new LinkedHashMap<>();
            last.put("ok", c.lastCheckOk());
            last.put("detail", c.lastCheckDetail());
            last.put("latencySeconds", c.lastCheckLatencyMicros() / 1e6);
            last.put("at", iso(c.lastCheckMillis()));
        }
        m.put("lastCheck", last);
        // Why it is down: the verdict's reason, else the last failed check's.
        String reason = r.health().equals("down") ? (r.lastFailure() != null ? r.lastFailure().reason()
                : c != null && !c.lastCheckOk() ? c.lastCheckDetail() : null) : null;
        m.put("reason", reason);
        m.put("lastChange", r.lastChange() == null ? null : event(r.lastChange()));
        m.put("lastFailure", r.lastFailure() == null ? null : event(r.lastFailure()));
        m.put("checks", c == null ? 0 : c.checks());
        m.put("failures", c == null ? Map.of() : new TreeMap<>(c.failures()));
        m.put("counters", c == null ? traffic(0, 0, 0, 0, 0, 0, 0)
                : traffic(c.activeConns(), c.inactiveConns(), c.conns(), c.packetsIn(), c.packetsOut(), c.bytesIn(), c.bytesOut()));
        List<Object> checks = new ArrayList<>();
        for (ClusterPicture.CheckPoint p : r.recentChecks()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("at", iso(p.atMillis()));
            x.put("ok", p.ok());
            x.put("latencySeconds", p.latencyMicros() / 1e6);
            checks.add(x);
        }
        m.put("recentChecks", checks);
        m.put("history", events(r.history()));
        return m;
    }
}
