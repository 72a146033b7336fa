package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import io.vigil.lab.VigilNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * static_ipaddress, static_routes and static_rules on a real Vigil in a namespace: added by the VRRP process at start
 * whatever the VRRP state (here BACKUP behind a higher priority), changed on reload, removed when Vigil stops.
 */
class StaticEntriesLabTest {
    private static final String STATICS = """
            static_ipaddress {
                198.18.0.50/24 dev eth0
            }
            static_routes {
                198.18.9.0/24 via 198.18.0.1 dev eth0
            }
            static_rules {
                from 198.18.0.50 table 100 preference 1000
            }
            """;

    @Test
    @Timeout(240)
    void addedAtStartWhateverTheStateChangedOnReloadRemovedAtStop() throws Exception {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24"), hb = v.host("b", "198.18.0.12/24");
            VigilNode a = v.vigil(ha, "a", VrrpConf.fast(200, "198.18.0.100/24"));
            VigilNode b = new VigilNode(hb, "b", v.dir, VrrpConf.fast(100, "198.18.0.100/24").text("b") + STATICS);
            try {
                a.start();
                b.start();
                v.awaitStates(a, "MASTER", b, "BACKUP");
                v.awaitOrDump("static entries on the BACKUP", Duration.ofSeconds(20), () -> {
                    assertThat(VrrpLab.addresses(hb)).contains("198.18.0.50");
                    assertThat(hb.sh("ip route show 198.18.9.0/24")).contains("via 198.18.0.1 dev eth0");
                    assertThat(hb.sh("ip rule show")).contains("1000:", "from 198.18.0.50 lookup 100");
                });

                // reload without the route: only the route goes
                java.nio.file.Files.writeString(v.dir.resolve("b.conf"), VrrpConf.fast(100, "198.18.0.100/24").text("b")
                        + STATICS.replace("    198.18.9.0/24 via 198.18.0.1 dev eth0\n", ""));
                b.signalParent("HUP");
                v.awaitOrDump("route removed on reload", Duration.ofSeconds(30), () -> {
                    assertThat(hb.sh("ip route show 198.18.9.0/24")).isBlank();
                    assertThat(VrrpLab.addresses(hb)).contains("198.18.0.50");
                    assertThat(hb.sh("ip rule show")).contains("from 198.18.0.50 lookup 100");
                });

                b.terminate();
                assertThat(VrrpLab.addresses(hb)).doesNotContain("198.18.0.50");
                assertThat(hb.sh("ip rule show")).doesNotContain("from 198.18.0.50");
            } finally {
                b.close();
            }
        }
    }
}
