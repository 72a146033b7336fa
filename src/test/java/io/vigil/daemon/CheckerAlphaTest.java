package io.vigil.daemon;

import io.vigil.check.DesiredPool;
import io.vigil.check.PoolState;
import io.vigil.check.RealServerKey;
import io.vigil.check.VirtualServerSettings;
import io.vigil.config.KeepalivedConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code alpha} where keepalived 2.2.7 reads it: the virtual server, a real server ({@code alpha [BOOL]}) and a checker,
 * each inheriting from the one above (check_data.c). A checker in alpha mode starts failed, so its server starts out of
 * the pool until the checker succeeds; FILE_CHECK never starts in alpha mode (its state is known at once).
 */
class CheckerAlphaTest {
    private static final String CONF = """
            virtual_server 198.18.0.100 80 {
                protocol TCP
                real_server 198.18.0.11 80 {
                    TCP_CHECK {
                        alpha
                    }
                }
                real_server 198.18.0.12 80 {
                    TCP_CHECK {
                    }
                }
            }
            virtual_server 198.18.0.101 80 {
                protocol TCP
                alpha
                real_server 198.18.0.13 80 {
                    alpha false
                    TCP_CHECK {
                    }
                }
                real_server 198.18.0.14 80 {
                    TCP_CHECK {
                    }
                }
                real_server 198.18.0.15 80 {
                    TCP_CHECK {
                        alpha off
                    }
                    TCP_CHECK {
                        connect_port 81
                    }
                }
            }
            """;

    private static java.util.List<String> startingMembers(KeepalivedConfig c, int vs) {
        VirtualServerSettings settings = CheckerConfigMapper.virtualServer(c, c.virtualServers().get(vs));
        PoolState p = new PoolState(settings);
        p.start();
        return p.desired().members().stream().map(DesiredPool.Member::rs).map(RealServerKey::toString).toList();
    }

    @Test
    void aCheckerOrRealServerOverridesTheVirtualServersAlpha() {
        KeepalivedConfig c = VrrpOptionsMappingTest.load(CONF);
        assertThat(startingMembers(c, 0)).as("alpha on the checker only").containsExactly("[198.18.0.12]:80");
        // .13: the real server turns alpha off; .14 inherits it; .15: one checker off, the other inherits alpha: out.
        assertThat(startingMembers(c, 1)).as("alpha on the virtual server, off on a real server").containsExactly("[198.18.0.13]:80");
        assertThat(CheckerConfigMapper.virtualServer(c, c.virtualServers().get(1)).realServers().get(2).checkers())
                .extracting(k -> k.timing().alpha(CheckerConfigMapper.virtualServer(c, c.virtualServers().get(1))))
                .containsExactly(false, true);
    }
}
