package io.vigil.api;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.vigil.observe.ClusterPicture;
import io.vigil.observe.ObsEvent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus families of one {@link ClusterPicture.Snapshot} (pure: the same snapshot gives the same text). Vigil's
 * own families are {@code vigil_*}; the community keepalived exporter's ({@code keepalived_*}, its label names) come
 * beside them so dashboards built for keepalived keep working. Families are built afresh per scrape from the picture:
 * nothing is registered, a removed instance or server disappears.
 */
public final class MetricsRenderer {
    private MetricsRenderer() {}

    public static final List<String> STATES = List.of("INIT", "BACKUP", "MASTER", "FAULT", "STOP");

    /** keepalived's numeric states (vrrp.h): INIT 0, BACKUP 1, MASTER 2, FAULT 3; STOP shows as INIT (keepalived has none). */
    static int keepalivedState(String state) {
        return switch (state) {
            case "BACKUP" -> 1;
            case "MASTER" -> 2;
            case "FAULT" -> 3;
            default -> 0;
        };
    }

    /** The keepalived exporter's counter for each of Vigil's drop reasons (the reasons it does not count: none). */
    static final Map<String, String> KEEPALIVED_DROPS = Map.ofEntries(
            Map.entry("too_short", "packet_len_err"), Map.entry("length", "packet_len_err"), Map.entry("interval", "advert_interval_err"),
            Map.entry("ttl", "ip_ttl_err"), Map.entry("type", "invalid_type_rcvd"), Map.entry("address_list", "addr_list_err"),
            Map.entry("auth_type", "authtype_mismatch"), Map.entry("auth_password", "auth_failure"), Map.entry("auth_ah_icv", "auth_failure"),
            Map.entry("auth_ah_sequence", "auth_failure"));
    static final List<String> KEEPALIVED_DROP_FAMILIES = List.of("packet_len_err", "advert_interval_err", "ip_ttl_err", "invalid_type_rcvd",
            "addr_list_err", "invalid_authtype", "authtype_mismatch", "auth_failure");

    /** Label value for a transition reason: numbers and addresses folded, so a label set stays small. */
    static String reasonLabel(String reason) {
        if (reason == null || reason.isBlank()) return "unknown";
        String r = reason.replaceAll("[0-9a-fA-F]*:[0-9a-fA-F:]+", "ADDR").replaceAll("\\d+(\\.\\d+){3}", "ADDR").replaceAll("\\d+", "N");
        return r.length() > 80 ? r.substring(0, 80) : r;
    }

    private static final class Family {
        final String name, help, type;
        final List<Object> points = new ArrayList<>();

        Family(String name, String type, String help) {
            this.name = name;
            this.type = type;
            this.help = help;
        }
    }

    private final static class Families {
        final Map<String, Family> byName = new LinkedHashMap<>();

        void add(String type, String name, String help, double value, String... labels) {
            Family f = byName.computeIfAbsent(name, n -> new Family(n, type, help));
            Labels l = Labels.of(labels);
            f.points.add(switch (type) {
                case "counter" -> CounterSnapshot.CounterDataPointSnapshot.builder().labels(l).value(value).build();
                default -> GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(value).build();
            });
        }

        void gauge(String name, String help, double value, String... labels) {
            add("gauge", name, help, value, labels);
        }

        /** {@code name} without {@code _total}: the writer appends it. */
        void counter(String name, String help, double value, String... labels) {
            add("counter", name, help, value, labels);
        }

        void histogram(String name, String help, double[] bounds, long[] counts, double sum, String... labels) {
            Family f = byName.computeIfAbsent(name, n -> new Family(n, "histogram", help));
            f.points.add(HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(Labels.of(labels))
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts)).sum(sum).build());
        }

        MetricSnapshots build() {
            List<MetricSnapshot> out = new ArrayList<>();
            for (Family f : byName.values()) {
                switch (f.type) {
                    case "counter" -> {
                        var b = CounterSnapshot.builder().name(f.name).help(f.help);
                        f.points.forEach(p -> b.dataPoint((CounterSnapshot.CounterDataPointSnapshot) p));
                        out.add(b.build());
                    }
                    case "histogram" -> {
                        var b = HistogramSnapshot.builder().name(f.name).help(f.help);
                        f.points.forEach(p -> b.dataPoint((HistogramSnapshot.HistogramDataPointSnapshot) p));
                        out.add(b.build());
                    }
                    default -> {
                        var b = GaugeSnapshot.builder().name(f.name).help(f.help);
                        f.points.forEach(p -> b.dataPoint((GaugeSnapshot.GaugeDataPointSnapshot) p));
                        out.add(b.build());
                    }
                }
            }
            return new MetricSnapshots(out);
        }
    }

    public static MetricSnapshots snapshots(ClusterPicture.Snapshot s) {
        Families m = new Families();
        m.gauge("vigil_uptime_seconds", "Seconds since the Vigil parent process started.", (s.nowMillis() - s.startedMillis()) / 1000.0);
        m.gauge("keepalived_up", "Status (keepalived exporter): 1 while Vigil runs.", 1);
        for (ClusterPicture.ChildView c : s.children()) {
            m.gauge("vigil_child_up", "1 while the child process runs.", c.alive() ? 1 : 0, "child", c.child());
            m.counter("vigil_child_restarts", "Restarts of a child process after it died or hung.", c.restarts(), "child", c.child());
        }
        for (String outcome : List.of("applied", "rejected", "failed"))
            m.counter("vigil_reloads", "Configuration reloads by outcome.", s.reloads().getOrDefault(outcome, 0L), "outcome", outcome);
        s.notifyExits().forEach((k, n) -> m.counter("vigil_notify_scripts", "Notify scripts run, by instance and exit status (-1: could not run).",
                n, "vrrp_instance", k.instance() == null ? "" : k.instance(), "exit_status", Integer.toString(k.exitStatus())));
        for (ClusterPicture.InstanceView i : s.instances()) instance(m, s, i);
        for (ClusterPicture.RealServerView r : s.realServers()) realServer(m, r);
        for (ObsEvent.VirtualServiceCounters v : s.virtualServices()) virtualService(m, v);
        return m.build();
    }

    private static void instance(Families m, ClusterPicture.Snapshot s, ClusterPicture.InstanceView i) {
        ObsEvent.VrrpCounters c = i.counters();
        String vrid = c == null ? "" : Integer.toString(c.vrid()), intf = c == null ? "" : c.interfaceName();
        String[] id = {"vrrp_instance", i.name(), "vrid", vrid, "interface", intf};
        for (String st : STATES)
            m.gauge("vigil_vrrp_state", "1 for the instance's current VRRP state.", st.equals(i.state()) ? 1 : 0, with(id, "state", st));
        i.transitions().forEach((k, n) -> m.counter("vigil_vrrp_transitions", "VRRP state transitions by from, to and reason.", n,
                "vrrp_instance", i.name(), "from", k.from(), "to", k.to(), "reason", reasonLabel(k.reason())));
        if (c == null) return;
        m.gauge("vigil_vrrp_priority", "Effective priority (base plus tracking).", c.effectivePriority(), id);
        m.gauge("vigil_vrrp_base_priority", "Configured priority.", c.basePriority(), id);
        m.counter("vigil_vrrp_adverts_sent", "Adverts sent.", c.advertsSent(), id);
        m.counter("vigil_vrrp_adverts_received", "Valid adverts received.", c.advertsReceived(), id);
        m.counter("vigil_vrrp_garps_sent", "Gratuitous ARPs and unsolicited NAs sent.", c.garpsSent(), id);
        m.counter("vigil_vrrp_became_master", "Times the instance became MASTER.", c.becameMaster(), id);
        c.drops().forEach((reason, n) -> m.counter("vigil_vrrp_advert_drops", "Adverts dropped, by reason.", n, with(id, "reason", reason)));
        if (c.lastAdvertMillis() > 0)
            m.gauge("vigil_vrrp_master_advert_age_seconds", "Seconds since the last valid advert from another router (the master, when BACKUP).",
                    Math.max(0, s.nowMillis() - c.lastAdvertMillis()) / 1000.0, id);
        // The keepalived exporter's families, its label names and values.
        String[] ka = {"iname", i.name(), "intf", intf, "vrid", vrid, "state", i.state()};
        for (String vip : c.vips()) {
            String addr = vip.contains("/") ? vip.substring(0, vip.indexOf('/')) : vip;
            m.gauge("keepalived_vrrp_state", "State of vrrp (keepalived exporter: 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT).", keepalivedState(i.state()),
                    "iname", i.name(), "intf", intf, "vrid", vrid, "ip_address", addr);
        }
        m.counter("keepalived_advert_rcvd", "Advertisements received (keepalived exporter).", c.advertsReceived(), ka);
        m.counter("keepalived_advert_sent", "Advertisements sent (keepalived exporter).", c.advertsSent(), ka);
        m.counter("keepalived_become_master", "Became master (keepalived exporter).", c.becameMaster(), ka);
        m.counter("keepalived_release_master", "Released master (keepalived exporter).", i.releasedMaster(), ka);
        m.counter("keepalived_pri_zero_rcvd", "Priority zero received (keepalived exporter).", c.priorityZeroReceived(), ka);
        m.counter("keepalived_pri_zero_sent", "Priority zero sent (keepalived exporter).", c.priorityZeroSent(), ka);
        Map<String, Long> kaDrops = new LinkedHashMap<>();
        for (String f : KEEPALIVED_DROP_FAMILIES) kaDrops.put(f, 0L);
        c.drops().forEach((reason, n) -> {
            String f = KEEPALIVED_DROPS.get(reason);
            if (f != null) kaDrops.merge(f, n, Long::sum);
        });
        kaDrops.forEach((f, n) -> m.counter("keepalived_" + f, "Adverts dropped: " + f.replace('_', ' ') + " (keepalived exporter).", n, ka));
    }

    private static void realServer(Families m, ClusterPicture.RealServerView r) {
        String[] id = {"virtual_server", r.virtualServer(), "real_server", r.realServer()};
        m.gauge("vigil_real_server_up", "1 while the real server passes its checks (0: failing or not checked yet).", r.health().equals("up") ? 1 : 0, id);
        m.gauge("vigil_real_server_checked", "1 once the real server's checkers have all given a verdict.", r.health().equals("unknown") ? 0 : 1, id);
        ObsEvent.RealServerCounters c = r.counters();
        if (c == null) return;
        m.gauge("vigil_real_server_in_pool", "1 while the real server is in the data plane's pool.", c.inPool() ? 1 : 0, id);
        m.gauge("vigil_real_server_weight", "Weight (configured or dynamic).", c.weight(), id);
        m.counter("vigil_real_server_checks", "Checks run.", c.checks(), id);
        c.failures().forEach((reason, n) -> m.counter("vigil_real_server_check_failures", "Failed checks by reason.", n, with(id, "reason", reason)));
        double[] bounds = new double[ObsEvent.LATENCY_BOUNDS_SECONDS.size() + 1];
        for (int b = 0; b < bounds.length - 1; b++) bounds[b] = ObsEvent.LATENCY_BOUNDS_SECONDS.get(b);
        bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
        long[] counts = new long[bounds.length];
        for (int b = 0; b < counts.length && b < c.latencyBuckets().size(); b++) counts[b] = c.latencyBuckets().get(b);
        m.histogram("vigil_real_server_check_duration_seconds", "Duration of the real server's checks.", bounds, counts,
                c.latencySumMicros() / 1e6, id);
        m.gauge("vigil_real_server_connections", "Current connections (data plane), by state.", c.activeConns(), with(id, "state", "active"));
        m.gauge("vigil_real_server_connections", "Current connections (data plane), by state.", c.inactiveConns(), with(id, "state", "inactive"));
        m.counter("vigil_real_server_scheduled_connections", "Connections scheduled to the real server (data plane).", c.conns(), id);
        m.counter("vigil_real_server_bytes", "Bytes through the data plane (in: client to server).", c.bytesIn(), with(id, "direction", "in"));
        m.counter("vigil_real_server_bytes", "Bytes through the data plane (in: client to server).", c.bytesOut(), with(id, "direction", "out"));
        m.counter("vigil_real_server_packets", "Packets through the data plane (in: client to server).", c.packetsIn(), with(id, "direction", "in"));
        m.counter("vigil_real_server_packets", "Packets through the data plane (in: client to server).", c.packetsOut(), with(id, "direction", "out"));
    }

    private static void virtualService(Families m, ObsEvent.VirtualServiceCounters v) {
        String[] id = {"virtual_server", v.virtualServer()};
        m.gauge("vigil_virtual_server_real_servers", "Real servers configured.", v.realServers(), id);
        m.gauge("vigil_virtual_server_real_servers_up", "Real servers passing their checks.", v.realServersUp(), id);
        m.gauge("vigil_virtual_server_quorum_up", "1 while the live weight reaches the quorum.", v.quorumUp() ? 1 : 0, id);
        m.gauge("vigil_virtual_server_sorry_server_active", "1 while the sorry server replaces the real servers.", v.sorryServerActive() ? 1 : 0, id);
        m.gauge("vigil_virtual_server_connections", "Current connections, by state.", v.activeConns(), with(id, "state", "active"));
        m.gauge("vigil_virtual_server_connections", "Current connections, by state.", v.inactiveConns(), with(id, "state", "inactive"));
        m.counter("vigil_virtual_server_scheduled_connections", "Connections scheduled.", v.conns(), id);
        m.counter("vigil_virtual_server_bytes", "Bytes (in: client to server).", v.bytesIn(), with(id, "direction", "in"));
        m.counter("vigil_virtual_server_bytes", "Bytes (in: client to server).", v.bytesOut(), with(id, "direction", "out"));
        m.counter("vigil_virtual_server_packets", "Packets (in: client to server).", v.packetsIn(), with(id, "direction", "in"));
        m.counter("vigil_virtual_server_packets", "Packets (in: client to server).", v.packetsOut(), with(id, "direction", "out"));
    }

    private static String[] with(String[] labels, String name, String value) {
        String[] out = java.util.Arrays.copyOf(labels, labels.length + 2);
        out[labels.length] = name;
        out[labels.length + 1] = value;
        return out;
    }

    /** The text exposition format (version 0.0.4). */
    public static String text(ClusterPicture.Snapshot s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new PrometheusTextFormatWriter(false).write(out, snapshots(s));
        } catch (IOException e) {
            throw new IllegalStateException(e); // in memory
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
}
