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

    /** Every route type keepalived reads reaches the kernel as that type (once, all of them became unicast routes). */
    private static final String TYPED_ROUTES = """
            static_routes {
                local 198.18.0.60/32 dev eth0 table local
                broadcast 198.18.0.63/32 dev eth0 table local
                anycast 198.18.0.64/32 dev eth0 table local
                multicast 224.1.2.0/24 dev eth0
                blackhole 198.18.20.0/24
                unreachable 198.18.21.0/24
                prohibit 198.18.22.0/24
                throw 198.18.23.0/24 table 100
                198.18.24.0/24 via 198.18.0.1 dev eth0
            }
            """;

    @Test
    @Timeout(180)
    void everyRouteTypeShowsInTheKernelAsWritten() throws Exception {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24");
            VigilNode a = new VigilNode(ha, "a", v.dir, VrrpConf.fast(100, "198.18.0.100/24").text("a") + TYPED_ROUTES);
            try {
                a.start();
                v.awaitOrDump("typed static routes", Duration.ofSeconds(40), () -> {
                    // filtered by "proto keepalived" (Vigil's routes), which ip then leaves out of each line
                    assertThat(ha.sh("ip -4 route show table all proto keepalived").lines().map(String::strip)).containsExactlyInAnyOrder(
                            "local 198.18.0.60 dev eth0 table local scope host",
                            "broadcast 198.18.0.63 dev eth0 table local scope link",
                            "anycast 198.18.0.64 dev eth0 table local scope link",
                            "multicast 224.1.2.0/24 dev eth0 scope link",
                            "blackhole 198.18.20.0/24",
                            "unreachable 198.18.21.0/24",
                            "prohibit 198.18.22.0/24",
                            "throw 198.18.23.0/24 table 100",
                            "198.18.24.0/24 via 198.18.0.1 dev eth0");
                });
                // the local route does what a local route does: the namespace answers for an address it does not hold
                assertThat(ha.sh("ip route get 198.18.0.60")).startsWith("local 198.18.0.60 dev lo ");

                a.terminate();
                assertThat(ha.sh("ip -4 route show table all proto keepalived")).isBlank();
            } finally {
                a.close();
            }
        }
    }

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
