package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import io.vigil.lab.VigilNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.vigil.lab.vrrp.VrrpLab.assertVipOnlyOn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * vrrp_track_process with a real HAProxy on the master: killed, the master goes to FAULT and the backup takes over;
 * restarted, the master preempts back. Inside a network namespace the kernel's process connector is not reachable,
 * so this runs Vigil's /proc polling fallback (the connector itself: ProcEventsTest).
 */
class TrackProcessLabTest {
    private static final String VIP = "198.18.0.100";

    private static String config(String routerId, int priority, String tracking) {
        return "global_defs {\n  router_id " + routerId + "\n}\n" + tracking
                + "vrrp_instance VI_1 {\n  state BACKUP\n  interface eth0\n  virtual_router_id 51\n  priority " + priority + "\n  advert_int 1\n"
                + (tracking.isEmpty() ? "" : "  track_process {\n    haproxy\n  }\n")
                + "  virtual_ipaddress {\n    " + VIP + "/24\n  }\n}\n";
    }

    @Test
    @Timeout(300)
    void haproxyKilledMovesTheVipAndItsRestartBringsItBack() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/haproxy")), "SKIPPED: haproxy is not installed");
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24"), hb = v.host("b", "198.18.0.12/24");
            Path cfg = v.dir.resolve("haproxy-a.cfg");
            Files.writeString(cfg, """
                    defaults
                        mode tcp
                        timeout connect 1s
                        timeout client 5s
                        timeout server 5s
                    frontend web
                        bind 198.18.0.11:8080
                        default_backend app
                    backend app
                        server s1 198.18.0.12:9
                    """);
            List<String> haproxy = List.of("/usr/sbin/haproxy", "-db", "-f", cfg.toString());
            // The whole command line, so no other HAProxy on this machine counts.
            String tracking = "vrrp_track_process haproxy {\n  process /usr/sbin/haproxy -db -f " + cfg + "\n  delay 1\n}\n";
            Process proxy = ha.spawn(haproxy, v.dir.resolve("haproxy-1.log"));
            VigilNode a = new VigilNode(ha, "a", v.dir, config("a", 200, tracking));
            VigilNode b = new VigilNode(hb, "b", v.dir, config("b", 100, ""));
            try {
                b.start();
                a.start();
                v.awaitOrDump("a MASTER, b BACKUP", VrrpLab.SETTLE, () -> {
                    assertThat(a.state(VrrpConf.INSTANCE)).isEqualTo("MASTER");
                    assertThat(b.state(VrrpConf.INSTANCE)).isEqualTo("BACKUP");
                });
                assertThat(a.log()).contains("track_process haproxy: 1 process(es), quorum held",
                        "track_process: process event connector unavailable");
                assertVipOnlyOn(VIP, a, b);

                // HAProxy dies: after the 1 s terminate delay a is at FAULT and b takes the VIP.
                long killed = System.nanoTime();
                proxy.destroyForcibly();
                v.awaitOrDump("a FAULT, b MASTER", VrrpLab.SETTLE, () -> {
                    assertThat(a.state(VrrpConf.INSTANCE)).isEqualTo("FAULT");
                    assertThat(b.state(VrrpConf.INSTANCE)).isEqualTo("MASTER");
                });
                // For the record (no threshold here): terminate delay 1 s + up to 1 s of /proc polling + the takeover.
                System.out.printf("TrackProcessLabTest: b MASTER seen %d ms after HAProxy was killed%n", (System.nanoTime() - killed) / 1_000_000);
                v.awaitOrDump("VIP on b only", Duration.ofSeconds(10), () -> assertVipOnlyOn(VIP, b, a));
                assertThat(a.log()).contains("Quorum lost for tracked process haproxy (0 process(es))");

                // HAProxy back: a leaves FAULT and, with the higher priority, preempts.
                long restarted = System.nanoTime();
                ha.spawn(haproxy, v.dir.resolve("haproxy-2.log"));
                v.awaitOrDump("a MASTER again, b BACKUP", VrrpLab.SETTLE, () -> {
                    assertThat(a.state(VrrpConf.INSTANCE)).isEqualTo("MASTER");
                    assertThat(b.state(VrrpConf.INSTANCE)).isEqualTo("BACKUP");
                });
                System.out.printf("TrackProcessLabTest: a MASTER again seen %d ms after HAProxy was restarted%n", (System.nanoTime() - restarted) / 1_000_000);
                v.awaitOrDump("VIP on a only", Duration.ofSeconds(10), () -> assertVipOnlyOn(VIP, a, b));
                assertThat(a.log()).contains("Quorum gained for tracked process haproxy (1 process(es))");
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n---- a ----\n" + a.log() + "\n---- b ----\n" + b.log(), e);
            } finally {
                a.close();
                b.close();
            }
        }
    }
}
