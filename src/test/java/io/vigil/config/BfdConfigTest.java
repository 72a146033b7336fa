package io.vigil.config;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import static io.vigil.config.Configs.errors;
import static io.vigil.config.Configs.load;
import static io.vigil.config.Configs.valid;
import static org.assertj.core.api.Assertions.assertThat;

/** bfd_instance, track_bfd and the global BFD keywords with keepalived 2.2.7's units, defaults and checks. */
class BfdConfigTest {
    static final String VRRP = """
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 1
                virtual_ipaddress { 198.18.0.100 }
                track_bfd {
                    b1
                    b2 weight -20 reverse
                }
            }
            vrrp_sync_group G1 {
                group { VI_1 }
                track_bfd { b3 weight 10 }
            }
            """;

    @Test
    void keywordsUnitsAndDefaults() {
        KeepalivedConfig c = valid("""
                global_defs {
                    bfd_priority -10
                    bfd_rt_priority 50
                }
                bfd_instance b1 {
                    neighbor_ip 198.18.0.2
                    source_ip 198.18.0.1
                    min_rx 50
                    min_tx 1.5
                    idle_tx 2000
                    multiplier 3
                    passive
                    ttl 250
                    max_hops 5
                    weight 30
                }
                bfd_instance b2 {
                    neighbour_ip 2001:2::2
                    max_hops -1
                    vigil_multihop
                }
                bfd_instance b3 {
                    neighbor_ip 198.18.0.3
                    checker
                    vrrp
                }
                """ + VRRP);
        BfdInstance b1 = c.bfdInstances().get("b1");
        assertThat(b1).isEqualTo(new BfdInstance("b1", InetAddress.ofLiteral("198.18.0.2"), Optional.of(InetAddress.ofLiteral("198.18.0.1")),
                50_000, 1_500, 2_000_000, 3, true, 250, 5, new Vrrp.Weight(30, false), true, true, false, b1.pos()));
        BfdInstance b2 = c.bfdInstances().get("b2");
        // keepalived's defaults: 10 ms rx/tx, 1 s idle, multiplier 5, hop limit 64 for IPv6; max_hops -1 means no check (255).
        assertThat(List.of(b2.minRxMicros(), b2.minTxMicros(), b2.idleTxMicros())).containsExactly(10_000L, 10_000L, 1_000_000L);
        assertThat(b2.multiplier()).isEqualTo(5);
        assertThat(b2.ttl()).isEqualTo(64);
        assertThat(b2.maxHops()).isEqualTo(255);
        assertThat(b2.multihop()).isTrue();
        assertThat(b2.passive()).isFalse();
        assertThat(c.bfdInstances().get("b3").ttl()).isEqualTo(255);
        assertThat(c.globalDefs().bfdScheduling().nice()).contains(-10);
        assertThat(c.globalDefs().bfdScheduling().rtPriority()).contains(50);
        assertThat(c.globalDefs().unsupported()).doesNotContainKeys("bfd_priority", "bfd_rt_priority");
        VrrpInstance i = c.instance("VI_1").orElseThrow();
        assertThat(i.tracking().bfds()).extracting(Vrrp.TrackRef::format).containsExactly("b1", "b2 weight -20 reverse");
        assertThat(c.syncGroups().getFirst().tracking().bfds()).extracting(Vrrp.TrackRef::format).containsExactly("b3 weight 10");
    }

    @Test
    void invalidInstancesAreErrorsWithKeepalivedsReasons() {
        assertThat(text(errors("bfd_instance b1 {\n  min_rx 10\n}\n"))).contains("has no neighbor_ip");
        assertThat(text(errors("bfd_instance b1 {\n  neighbor_ip 198.18.0.2\n  source_ip 2001:2::1\n}\n"))).contains("not of the same family");
        assertThat(text(errors("bfd_instance b1 {\n  neighbor_ip 198.18.0.2\n}\nbfd_instance b2 {\n  neighbor_ip 198.18.0.2\n}\n")))
                .contains("same neighbor_ip as b1");
        assertThat(text(errors("bfd_instance b1 {\n  neighbor_ip 198.18.0.2\n  min_rx 0.0001\n}\n"))).contains("at most 3 decimals");
        assertThat(text(errors("bfd_instance b1 {\n  neighbor_ip 198.18.0.2\n  idle_tx 999\n}\n"))).contains("outside range [1000");
        assertThat(text(errors("bfd_instance b1 {\n  neighbor_ip 198.18.0.2\n  multiplier 0\n}\n"))).contains("outside range [1, 255]");
        assertThat(text(errors("bfd_instance " + "x".repeat(32) + " {\n  neighbor_ip 198.18.0.2\n}\n"))).contains("longer than 31");
        assertThat(text(errors("bfd_instance b1 {\n  neighbor_ip 198.18.0.2\n  checker\n}\n" + VRRP.replace("b2 weight -20 reverse", "")
                .replace("b3 weight 10", "b1")))).contains("track_bfd names no bfd_instance that sends events to VRRP");
    }

    @Test
    void trackBfdMustNameABfdInstanceAndMaxHopsIsCappedAtTtl() {
        assertThat(text(errors("bfd_instance b1 {\n  neighbor_ip 198.18.0.2\n}\n" + VRRP))).contains("track_bfd names no bfd_instance");
        LoadResult r = load("bfd_instance b1 {\n  neighbor_ip 2001:2::2\n  max_hops 100\n}\n");
        assertThat(r.config().orElseThrow().bfdInstances().get("b1").maxHops()).isEqualTo(64);
        assertThat(text(r.diagnostics())).contains("max_hops exceeds ttl");
    }

    @Test
    void bfdCheckNamesABfdInstanceWhoseEventsGoToTheCheckersOnceForEachRealServer() {
        String vs = "virtual_server 198.18.0.100 80 {\n  real_server 198.18.0.5 80 {\n    BFD_CHECK {\n      name b1\n    }\n  }\n}\n";
        LoadResult ok = load("bfd_instance b1 {\n  neighbor_ip 198.18.0.5\n}\n" + vs);
        assertThat(ok.diagnostics()).isEmpty();
        assertThat(ok.config().orElseThrow().virtualServers().getFirst().realServers().getFirst().checkers())
                .containsExactly(new Checker.BfdCheck("b1", false));
        assertThat(load("bfd_instance b1 {\n  neighbor_ip 198.18.0.5\n  checker\n}\n" + vs).diagnostics()).isEmpty();

        assertThat(text(errors(vs))).contains("BFD_CHECK names no bfd_instance");
        assertThat(text(errors("bfd_instance b1 {\n  neighbor_ip 198.18.0.5\n  vrrp\n}\n" + vs)))
                .contains("bfd_instance b1 sends its events to VRRP only ('vrrp' without 'checker')");
        assertThat(text(errors("bfd_instance b1 {\n  neighbor_ip 198.18.0.5\n}\n" + vs.replace("    BFD_CHECK {\n      name b1\n    }\n",
                "    BFD_CHECK {\n      name b1\n    }\n    BFD_CHECK {\n      name b1\n    }\n"))))
                .contains("real server already follows bfd_instance b1");
        assertThat(text(errors("bfd_instance b1 {\n  neighbor_ip 198.18.0.5\n}\n" + vs.replace("      name b1\n", ""))))
                .contains("BFD_CHECK has no name");
    }

    static String text(List<Diagnostic> ds) {
        return Configs.formatted(ds);
    }
}
