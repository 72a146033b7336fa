package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import io.vigil.lab.VigilNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.vigil.lab.vrrp.VrrpLab.assertVipOnlyOn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real Vigil daemons; the higher-priority one tracks a BFD session to a BIRD 2 router ({@code track_bfd}, weight 0):
 * it waits in FAULT until the session is Up, is MASTER while it is Up, goes FAULT when BIRD dies (the backup takes the
 * VIP) and takes the VIP back when BIRD returns.
 */
class TrackBfdLabTest {
    private static final String VIP = "198.18.0.100";

    @Test
    @Timeout(240)
    void masterGoesFaultWhenItsBfdNeighbourDies() throws Exception {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24"), hb = v.host("b", "198.18.0.12/24"), router = v.host("r", "198.18.0.20/24");
            Assumptions.assumeTrue(router.trySh("command -v bird", 5).exit() == 0, "SKIPPED: bird is not installed");
            Path birdConf = v.dir.resolve("bird.conf");
            Files.writeString(birdConf, """
                    router id 198.18.0.20;
                    protocol device { }
                    protocol bfd {
                        interface "eth0" { min rx interval 50 ms; min tx interval 50 ms; multiplier 3; };
                        neighbor 198.18.0.11;
                    }
                    """);
            List<String> birdArgv = List.of("bird", "-f", "-c", birdConf.toString(), "-s", v.dir.resolve("bird.ctl").toString(),
                    "-P", v.dir.resolve("bird.pid").toString());

            String bfd = """
                    bfd_instance rtr {
                        neighbor_ip 198.18.0.20
                        source_ip 198.18.0.11
                        min_rx 50
                        min_tx 50
                        multiplier 3
                    }
                    """;
            String confA = bfd + VrrpConf.fast(200, VIP + "/24").text("a").replace("  virtual_ipaddress {", "  track_bfd {\n    rtr\n  }\n  virtual_ipaddress {");
            VigilNode a = new VigilNode(ha, "a", v.dir, confA);
            VigilNode b = v.vigil(hb, "b", VrrpConf.fast(100, VIP + "/24"));
            try {
                b.start();
                a.start();
                // No BFD peer yet: a session counts as down, so a stays in FAULT and b is master.
                v.awaitStates(a, "FAULT", b, "MASTER");

                Process bird = router.spawn(birdArgv, v.dir.resolve("bird-1.log"));
                v.awaitStates(a, "MASTER", b, "BACKUP");
                v.awaitOrDump("VIP on a only", Duration.ofSeconds(10), () -> assertVipOnlyOn(VIP, a, b));
                assertThat(a.status().orElse("")).contains("rtr").contains("Up");

                bird.destroyForcibly().waitFor();
                v.awaitStates(a, "FAULT", b, "MASTER");
                v.awaitOrDump("VIP on b only", Duration.ofSeconds(10), () -> assertVipOnlyOn(VIP, b, a));
                assertThat(a.log()).contains("(rtr) Entering Down state");

                router.spawn(birdArgv, v.dir.resolve("bird-2.log"));
                v.awaitStates(a, "MASTER", b, "BACKUP");
                v.awaitOrDump("VIP back on a", Duration.ofSeconds(10), () -> assertVipOnlyOn(VIP, a, b));
            } finally {
                a.close();
            }
        }
    }
}
