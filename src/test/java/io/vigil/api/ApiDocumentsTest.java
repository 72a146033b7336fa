package io.vigil.api;

import io.vigil.net.Json;
import io.vigil.observe.ClusterPicture;
import io.vigil.observe.ObsEvent;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** /metrics and /api/v1/status of a scripted picture (fake clock): names, labels, values, promtool, the JSON Schema. */
class ApiDocumentsTest {
    static final long T0 = 1_800_000_000_000L;
    final AtomicLong clock = new AtomicLong(T0);

    static ObsEvent.VrrpCounters counters(long at, String state, long lastAdvert) {
        return new ObsEvent.VrrpCounters(at, "VI_1", 51, "eth0", "VG_1", state, 100, 90, "198.18.1.102", 150, lastAdvert,
                40, 7, 1, 0, 2, 10, Map.of("ttl", 3L, "auth_password", 1L), List.of("198.18.0.100/32", "198.18.0.101/32"), null);
    }

    static List<Long> buckets(int index, long n) {
        List<Long> b = new ArrayList<>(Collections.nCopies(ObsEvent.LATENCY_BOUNDS_SECONDS.size() + 1, 0L));
        b.set(index, n);
        return b;
    }

    /** A pair's story on one node: BACKUP, then MASTER on timeout; one real server up, one refused. */
    ClusterPicture scripted() {
        ClusterPicture p = new ClusterPicture("lb1", clock::get);
        p.apply(new ObsEvent.ChildLife(clock.get(), "vigil-vrrp", 101, true, null, 0));
        p.apply(new ObsEvent.ChildLife(clock.get(), "vigil-check", 102, true, null, 0));
        p.apply(new ObsEvent.VrrpTransition(clock.get(), "VI_1", "INIT", "BACKUP", "configured state BACKUP", 100));
        clock.addAndGet(3_500);
        p.apply(new ObsEvent.VrrpTransition(clock.get(), "VI_1", "BACKUP", "MASTER", "Receive advertisement timeout", 100));
        p.apply(new ObsEvent.PriorityChange(clock.get(), "VI_1", 100, 90, "script chk_haproxy failed (weight -10)"));
        p.apply(counters(clock.get(), "MASTER", clock.get() - 2_500));
        p.apply(new ObsEvent.HealthChange(clock.get(), "[198.18.0.100]:TCP:80", "[198.18.1.104]:80", "TCP_CHECK", false, "connection refused"));
        p.apply(new ObsEvent.RealServerCounters(clock.get(), "[198.18.0.100]:TCP:80", "[198.18.1.103]:80", "up", true, 3, "TCP_CHECK", true,
                "connected", 800, clock.get() - 100, 5, Map.of(), buckets(0, 5), 4000, 2, 1, 12, 30, 20, 3000, 9000));
        p.apply(new ObsEvent.RealServerCounters(clock.get(), "[198.18.0.100]:TCP:80", "[198.18.1.104]:80", "down", false, 1, "TCP_CHECK", false,
                "connection refused", 300, clock.get() - 100, 5, Map.of("connection refused", 5L), buckets(0, 5), 1500, 0, 0, 0, 0, 0, 0, 0));
        p.apply(new ObsEvent.VirtualServiceCounters(clock.get(), "[198.18.0.100]:TCP:80", true, false, 2, 1, 2, 1, 12, 30, 20, 3000, 9000));
        p.apply(new ObsEvent.NotifyExit(clock.get(), "VI_1", "/etc/keepalived/notify.sh", 0, false));
        p.apply(new ObsEvent.Reload(clock.get(), "applied", "vigil-vrrp: VRRP unchanged"));
        p.apply(new ObsEvent.ChildLife(clock.get(), "vigil-check", 102, false, "signal 9", 1));
        return p;
    }

    @Test
    void metricsCarryTheStateTheTransitionsAndTheKeepalivedExporterNames() {
        String text = MetricsRenderer.text(scripted().snapshot());
        assertThat(text)
                .contains("vigil_vrrp_state{interface=\"eth0\",state=\"MASTER\",vrid=\"51\",vrrp_instance=\"VI_1\"} 1.0")
                .contains("vigil_vrrp_state{interface=\"eth0\",state=\"BACKUP\",vrid=\"51\",vrrp_instance=\"VI_1\"} 0.0")
                .contains("vigil_vrrp_priority{interface=\"eth0\",vrid=\"51\",vrrp_instance=\"VI_1\"} 90.0")
                .contains("vigil_vrrp_base_priority{interface=\"eth0\",vrid=\"51\",vrrp_instance=\"VI_1\"} 100.0")
                .contains("vigil_vrrp_transitions_total{from=\"BACKUP\",reason=\"Receive advertisement timeout\",to=\"MASTER\",vrrp_instance=\"VI_1\"} 1.0")
                .contains("vigil_vrrp_advert_drops_total{interface=\"eth0\",reason=\"ttl\",vrid=\"51\",vrrp_instance=\"VI_1\"} 3.0")
                .contains("vigil_vrrp_garps_sent_total{interface=\"eth0\",vrid=\"51\",vrrp_instance=\"VI_1\"} 10.0")
                .contains("vigil_vrrp_master_advert_age_seconds{interface=\"eth0\",vrid=\"51\",vrrp_instance=\"VI_1\"} 2.5")
                .contains("keepalived_vrrp_state{iname=\"VI_1\",intf=\"eth0\",ip_address=\"198.18.0.100\",vrid=\"51\"} 2.0")
                .contains("keepalived_vrrp_state{iname=\"VI_1\",intf=\"eth0\",ip_address=\"198.18.0.101\",vrid=\"51\"} 2.0")
                .contains("keepalived_advert_rcvd_total{iname=\"VI_1\",intf=\"eth0\",state=\"MASTER\",vrid=\"51\"} 7.0")
                .contains("keepalived_become_master_total{iname=\"VI_1\",intf=\"eth0\",state=\"MASTER\",vrid=\"51\"} 1.0")
                .contains("keepalived_ip_ttl_err_total{iname=\"VI_1\",intf=\"eth0\",state=\"MASTER\",vrid=\"51\"} 3.0")
                .contains("keepalived_auth_failure_total{iname=\"VI_1\",intf=\"eth0\",state=\"MASTER\",vrid=\"51\"} 1.0")
                .contains("keepalived_pri_zero_rcvd_total{iname=\"VI_1\",intf=\"eth0\",state=\"MASTER\",vrid=\"51\"} 2.0")
                .contains("vigil_real_server_up{real_server=\"[198.18.1.103]:80\",virtual_server=\"[198.18.0.100]:TCP:80\"} 1.0")
                .contains("vigil_real_server_up{real_server=\"[198.18.1.104]:80\",virtual_server=\"[198.18.0.100]:TCP:80\"} 0.0")
                .contains("vigil_real_server_in_pool{real_server=\"[198.18.1.104]:80\",virtual_server=\"[198.18.0.100]:TCP:80\"} 0.0")
                .contains("vigil_real_server_check_failures_total{real_server=\"[198.18.1.104]:80\",reason=\"connection refused\",virtual_server=\"[198.18.0.100]:TCP:80\"} 5.0")
                .contains("vigil_real_server_check_duration_seconds_bucket{real_server=\"[198.18.1.103]:80\",virtual_server=\"[198.18.0.100]:TCP:80\",le=\"0.001\"} 5")
                .contains("vigil_real_server_check_duration_seconds_count{real_server=\"[198.18.1.103]:80\",virtual_server=\"[198.18.0.100]:TCP:80\"} 5")
                .contains("vigil_real_server_connections{real_server=\"[198.18.1.103]:80\",state=\"active\",virtual_server=\"[198.18.0.100]:TCP:80\"} 2.0")
                .contains("vigil_real_server_bytes_total{direction=\"out\",real_server=\"[198.18.1.103]:80\",virtual_server=\"[198.18.0.100]:TCP:80\"} 9000.0")
                .contains("vigil_virtual_server_real_servers_up{virtual_server=\"[198.18.0.100]:TCP:80\"} 1.0")
                .contains("vigil_uptime_seconds 3.5")
                .contains("vigil_child_restarts_total{child=\"vigil-check\"} 1.0")
                .contains("vigil_child_up{child=\"vigil-check\"} 0.0")
                .contains("vigil_reloads_total{outcome=\"applied\"} 1.0")
                .contains("vigil_reloads_total{outcome=\"rejected\"} 0.0")
                .contains("vigil_notify_scripts_total{exit_status=\"0\",vrrp_instance=\"VI_1\"} 1.0");
    }

    @Test
    void reasonLabelsFoldNumbersAndAddresses() {
        assertThat(MetricsRenderer.reasonLabel("Master received advert from 198.18.1.102 with higher priority 150, ours 100"))
                .isEqualTo("Master received advert from ADDR with higher priority N, ours N");
        assertThat(MetricsRenderer.reasonLabel("advert from fe80::1 lower")).isEqualTo("advert from ADDR lower");
    }

    @Test
    void promtoolAcceptsTheExposition() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        Assumptions.assumeTrue(Files.isExecutable(promtool), "SKIPPED: promtool not installed (Debian package prometheus)");
        Path file = Files.createTempFile("vigil-metrics", ".txt");
        try {
            Files.writeString(file, MetricsRenderer.text(scripted().snapshot()));
            Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectInput(file.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("promtool check metrics said:\n" + out).isZero();
            assertThat(out).isBlank(); // no lint warning either
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static Map<String, Object> schema() throws IOException {
        try (var in = StatusDocument.class.getResourceAsStream("status.schema.json")) {
            @SuppressWarnings("unchecked") Map<String, Object> s = (Map<String, Object>) JsonSchemaCheck.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return s;
        }
    }

    @Test
    void theStatusDocumentMatchesItsSchemaAndSaysWhy() throws IOException {
        String json = StatusDocument.json(scripted().snapshot());
        Object doc = JsonSchemaCheck.parse(json);
        assertThat(JsonSchemaCheck.check(schema(), doc)).isEmpty();
        @SuppressWarnings("unchecked") Map<String, Object> d = (Map<String, Object>) doc;
        assertThat(d.get("node")).isEqualTo("lb1");
        assertThat(json).contains("\"state\":\"MASTER\"", "\"holder\":\"lb1\"", "\"heldHere\":true",
                "\"realServer\":\"[198.18.1.104]:80\",\"health\":\"down\",\"inPool\":false", "\"reason\":\"connection refused\"",
                "\"reason\":\"Receive advertisement timeout\"", "\"syncGroups\":[{\"name\":\"VG_1\",\"members\":[\"VI_1\"],\"states\":{\"VI_1\":\"MASTER\"}}]",
                "\"name\":\"vigil-check\",\"pid\":102,\"alive\":false,\"restarts\":1,\"lastExit\":\"signal 9\"");
        // the schema is not a rubber stamp: a wrong shape is reported
        String broken = json.replace("\"health\":\"down\"", "\"health\":\"sick\"").replace("\"apiVersion\":1", "\"apiVersion\":2");
        assertThat(JsonSchemaCheck.check(schema(), JsonSchemaCheck.parse(broken)))
                .anyMatch(v -> v.contains("sick")).anyMatch(v -> v.startsWith("$.apiVersion"));
    }

    @Test
    void everyLiveEventMatchesTheEventSchema() throws IOException {
        Map<String, Object> root = schema();
        @SuppressWarnings("unchecked") Map<String, Object> eventSchema = Map.of("$ref", "#/$defs/event", "$defs", root.get("$defs"));
        for (ObsEvent e : scripted().snapshot().recent()) {
            Object parsed = JsonSchemaCheck.parse(Json.write(StatusDocument.event(e)));
            assertThat(JsonSchemaCheck.check(eventSchema, parsed)).as(e.toString()).isEmpty();
        }
    }

    @Test
    void statusTextShowsServersOutOfThePoolWithTheirReason() {
        String text = StatusText.render(scripted().snapshot());
        assertThat(text).contains("VI_1", "MASTER", "priority 90 (base 100)", "BACKUP -> MASTER: Receive advertisement timeout",
                "198.18.0.100/32", "held here (MASTER)", "[198.18.1.104]:80", "DOWN", "OUT", "reason: connection refused",
                "vigil-check", "DEAD", "restarts 1", "last exit: signal 9");
    }
}
