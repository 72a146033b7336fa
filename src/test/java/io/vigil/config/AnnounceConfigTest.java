package io.vigil.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** vigil_announce inside virtual_server: its keywords, defaults and the checks the loader makes. */
class AnnounceConfigTest {
    private static final String INSTANCE = """
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 51
              priority 100
              virtual_ipaddress { 198.18.1.100 }
            }
            """;

    private static String vs(String address, String announce) {
        return "virtual_server " + address + " {\n  lvs_sched mh\n  vigil_announce {\n" + announce + "\n  }\n"
                + "  real_server 198.18.2.11 80 { TCP_CHECK { connect_timeout 1 } }\n}\n";
    }

    @Test
    void everyKeywordIsReadWithItsDefaults() {
        KeepalivedConfig c = Configs.valid(INSTANCE + vs("198.18.1.100 80", "table 100\nmetric 20\nproto 99\nvrrp_instance VI_1\ndelay 2.5")
                + vs("198.18.1.101 80", "table 101"));
        VirtualServer.Announce a = c.virtualServers().get(0).announce().orElseThrow();
        assertThat(a.table()).isEqualTo(100);
        assertThat(a.metric()).contains(20);
        assertThat(a.protocol()).isEqualTo(99);
        assertThat(a.vrrpInstance()).contains("VI_1");
        assertThat(a.delay()).isEqualTo(Duration.ofMillis(2500));
        VirtualServer.Announce b = c.virtualServers().get(1).announce().orElseThrow();
        assertThat(b.metric()).isEmpty();
        assertThat(b.protocol()).isEqualTo(18);
        assertThat(b.vrrpInstance()).isEmpty();
        assertThat(b.delay()).isZero();
        assertThat(Configs.valid(INSTANCE + "virtual_server 198.18.1.102 80 { real_server 198.18.2.11 80 { } }").virtualServers().get(0).announce())
                .isEqualTo(Optional.empty());
    }

    @Test
    void tableIsRequiredAndMustBeATableOfItsOwn() {
        assertThat(Configs.formatted(Configs.errors(vs("198.18.1.100 80", "metric 5")))).contains("vigil_announce needs 'table N'");
        assertThat(Configs.formatted(Configs.errors(vs("198.18.1.100 80", "table 254")))).contains("not default (253), main (254) or local (255)");
        assertThat(Configs.formatted(Configs.errors(vs("198.18.1.100 80", "table 0")))).contains("outside range");
    }

    @Test
    void unknownInstanceIsAnErrorWithASuggestion() {
        String out = Configs.formatted(Configs.errors(INSTANCE + vs("198.18.1.100 80", "table 100\nvrrp_instance VI_2")));
        assertThat(out).contains("vigil_announce names no vrrp_instance").contains("VI_1");
    }

    @Test
    void onlyAnAddressCanBeAnnounced() {
        assertThat(Configs.formatted(Configs.errors(vs("fwmark 7", "table 100")))).contains("vigil_announce needs a virtual_server with an address");
    }

    @Test
    void servicesOnOneAddressMustAgreeOnTheRoute() {
        Configs.valid(vs("198.18.1.100 80", "table 100\nmetric 5") + vs("198.18.1.100 443", "table 100\nmetric 5"));
        assertThat(Configs.formatted(Configs.errors(vs("198.18.1.100 80", "table 100\nmetric 5") + vs("198.18.1.100 443", "table 100\nmetric 6"))))
                .contains("differs from another virtual_server's on the same address and table");
    }

    private static final String BFD = "bfd_instance rtr {\n  neighbor_ip 198.18.0.1\n}\n";

    @Test
    void aNamedBfdInstanceMustExistAndSendItsEventsToTheCheckers() {
        VirtualServer.Announce a = Configs.valid(BFD + vs("198.18.1.100 80", "table 100\nbfd_instance rtr")).virtualServers().get(0)
                .announce().orElseThrow();
        assertThat(a.bfdInstance()).contains("rtr");
        assertThat(Configs.valid(vs("198.18.1.100 80", "table 100")).virtualServers().get(0).announce().orElseThrow().bfdInstance()).isEmpty();
        assertThat(Configs.formatted(Configs.errors(BFD + vs("198.18.1.100 80", "table 100\nbfd_instance rt"))))
                .contains("vigil_announce names no bfd_instance").contains("rtr");
        assertThat(Configs.formatted(Configs.errors(BFD.replace("}", "  vrrp\n}") + vs("198.18.1.100 80", "table 100\nbfd_instance rtr"))))
                .contains("vigil_announce names bfd_instance rtr, which sends its events to VRRP only");
        assertThat(Configs.formatted(Configs.errors(BFD + vs("198.18.1.100 80", "table 100\nbfd_instance rtr") + vs("198.18.1.100 443", "table 100"))))
                .contains("differs from another virtual_server's on the same address and table");
    }
}
