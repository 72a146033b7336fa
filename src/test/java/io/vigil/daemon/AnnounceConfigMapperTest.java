package io.vigil.daemon;

import io.vigil.config.ConfigLoader;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.LoadOptions;
import io.vigil.lb.announce.AnnounceRule;
import io.vigil.lb.announce.HostRoute;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** vigil_announce blocks become one rule per route, listing every virtual server on that address. */
class AnnounceConfigMapperTest {
    private static KeepalivedConfig load(String text) {
        var result = ConfigLoader.loadText("test.conf", text, LoadOptions.defaults());
        assertThat(result.errors()).isEmpty();
        return result.config().orElseThrow();
    }

    @Test
    void oneRulePerRouteWithEveryServiceOnTheAddress() throws Exception {
        KeepalivedConfig c = load("""
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 51
                  priority 100
                  virtual_ipaddress { 198.18.1.100 }
                }
                virtual_server 198.18.1.100 80 {
                  vigil_announce {
                    table 100
                    metric 20
                    proto 99
                    vrrp_instance VI_1
                    delay 1.5
                  }
                  real_server 198.18.2.11 80 { }
                }
                virtual_server 198.18.1.100 443 {
                  vigil_announce {
                    table 100
                    metric 20
                    proto 99
                    vrrp_instance VI_1
                    delay 1.5
                  }
                  real_server 198.18.2.11 443 { }
                }
                virtual_server 2001:db8::100 80 {
                  vigil_announce { table 101 }
                  real_server 2001:db8::11 80 { }
                }
                virtual_server 198.18.1.101 80 {
                  real_server 198.18.2.11 80 { }
                }
                """);
        List<AnnounceRule> rules = AnnounceConfigMapper.rules(c);
        assertThat(rules).containsExactly(
                new AnnounceRule(new HostRoute(InetAddress.getByName("198.18.1.100"), 100, OptionalInt.of(20), 99),
                        Set.of("[198.18.1.100]:TCP:80", "[198.18.1.100]:TCP:443"), Optional.of("VI_1"), 1500),
                new AnnounceRule(new HostRoute(InetAddress.getByName("2001:db8::100"), 101, OptionalInt.empty(), 18),
                        Set.of("[2001:db8::100]:TCP:80"), Optional.empty(), 0));
        // the service names are the checkers' keys, which the quorum reports carry
        assertThat(rules.get(0).services()).contains(CheckerConfigMapper.key(c.virtualServers().get(0)).toString());
    }

    @Test
    void theBfdConditionIsCarriedIntoTheRule() throws Exception {
        KeepalivedConfig c = load("""
                bfd_instance rtr {
                  neighbor_ip 198.18.0.1
                  checker
                }
                virtual_server 198.18.1.100 80 {
                  vigil_announce {
                    table 100
                    bfd_instance rtr
                  }
                  real_server 198.18.2.11 80 { }
                }
                """);
        assertThat(AnnounceConfigMapper.rules(c)).containsExactly(
                new AnnounceRule(new HostRoute(InetAddress.getByName("198.18.1.100"), 100, OptionalInt.empty(), 18),
                        Set.of("[198.18.1.100]:TCP:80"), Optional.empty(), Optional.of("rtr"), 0));
    }
}
