package io.vigil.daemon;

import io.vigil.check.CheckerService;
import io.vigil.check.DesiredPool;
import io.vigil.check.InMemoryPoolListener;
import io.vigil.check.PoolState;
import io.vigil.check.RealServerKey;
import io.vigil.check.VirtualServerSettings;
import io.vigil.config.KeepalivedConfig;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code alpha [BOOL]} inside BFD_CHECK, as keepalived 2.2.7's check_bfd.c reads it: the checker's own alpha, else the
 * real server's, else the virtual server's. With alpha the server starts out of the pool and joins it when its BFD
 * session is first reported Up (through the checker service, as the BFD process's events reach it).
 */
class BfdCheckAlphaTest {
    private static final String CONF = """
            bfd_instance b1 {
                neighbor_ip 198.18.0.2
                checker
            }
            virtual_server 198.18.0.100 80 {
                protocol TCP
                real_server 198.18.0.11 80 {
                    BFD_CHECK {
                        name b1
                        alpha
                    }
                }
                real_server 198.18.0.12 80 {
                    BFD_CHECK {
                        name b1
                    }
                }
            }
            virtual_server 198.18.0.101 80 {
                protocol TCP
                alpha
                real_server 198.18.0.13 80 {
                    BFD_CHECK {
                        name b1
                        alpha off
                    }
                }
                real_server 198.18.0.14 80 {
                    alpha false
                    BFD_CHECK {
                        name b1
                    }
                }
                real_server 198.18.0.15 80 {
                    BFD_CHECK {
                        name b1
                    }
                }
            }
            """;

    private static List<String> startingMembers(VirtualServerSettings settings) {
        PoolState p = new PoolState(settings);
        p.start();
        return p.desired().members().stream().map(DesiredPool.Member::rs).map(RealServerKey::toString).toList();
    }

    @Test
    void alphaInBfdCheckOverridesTheRealAndVirtualServers() {
        KeepalivedConfig c = VrrpOptionsMappingTest.load(CONF);
        List<VirtualServerSettings> vs = CheckerConfigMapper.virtualServers(c);
        assertThat(startingMembers(vs.get(0))).as("alpha on the first BFD_CHECK only").containsExactly("[198.18.0.12]:80");
        assertThat(startingMembers(vs.get(1))).as("the virtual server's alpha, turned off by the checker and by a real server")
                .containsExactly("[198.18.0.13]:80", "[198.18.0.14]:80");
    }

    @Test
    void anAlphaServerJoinsThePoolWhenItsSessionComesUp() throws Exception {
        KeepalivedConfig c = VrrpOptionsMappingTest.load(CONF);
        List<VirtualServerSettings> vs = CheckerConfigMapper.virtualServers(c).subList(0, 1);
        InMemoryPoolListener pools = new InMemoryPoolListener();
        RealServerKey alpha = new RealServerKey(InetAddress.getByName("198.18.0.11"), 80);
        RealServerKey plain = new RealServerKey(InetAddress.getByName("198.18.0.12"), 80);
        try (CheckerService svc = CheckerService.start(vs, pools)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(pools.weightOf(vs.getFirst().key(), plain)).isEqualTo(1));
            assertThat(pools.weightOf(vs.getFirst().key(), alpha)).as("alpha: out until the session is Up").isEqualTo(-1);
            svc.bfdState("b1", true);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(pools.weightOf(vs.getFirst().key(), alpha)).isEqualTo(1));
        }
    }
}
