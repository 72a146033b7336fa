package io.vigil.daemon;

import io.vigil.config.ConfigLoader;
import io.vigil.config.LoadOptions;
import io.vigil.config.LoadResult;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * keepalived's random_seed: ${_RANDOM} expands the same way each time the configuration is read with one seed, so the
 * parent and each child, which read the file each, run the same values.
 */
class RandomSeedTest {
    @Test
    void eachReadMapsTheSameRandomPriority() {
        String conf = """
                global_defs {
                    random_seed 7
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    priority ${_RANDOM 1 254}
                    virtual_ipaddress {
                        198.18.0.1
                    }
                }
                """;
        int first = priority(conf);
        assertThat(first).isEqualTo(1 + new java.util.Random(7).nextInt(254));
        assertThat(priority(conf)).as("the VRRP child reading it again").isEqualTo(first);
        assertThat(priority(conf.replace("random_seed 7", "random_seed 8"))).isEqualTo(1 + new java.util.Random(8).nextInt(254));
    }

    private static int priority(String text) {
        LoadResult r = ConfigLoader.loadText("test.conf", text, LoadOptions.defaults());
        assertThat(r.errors()).isEmpty();
        return VrrpConfigMapper.instances(r.config().orElseThrow(), (i, f) -> java.net.InetAddress.getLoopbackAddress()).getFirst().priority();
    }

    private static String routerId(String seedLine) {
        LoadResult r = ConfigLoader.loadText("test.conf", """
                global_defs {
                    %s
                    router_id r${_RANDOM 0 1000000}-${_RANDOM}
                }
                """.formatted(seedLine), LoadOptions.defaults());
        assertThat(r.errors()).isEmpty();
        return r.config().orElseThrow().globalDefs().routerId().orElseThrow();
    }

    @Test
    void theSeedDecidesTheExpansion() {
        String a = routerId("random_seed 42");
        assertThat(routerId("random_seed 42")).as("read again, as each Vigil process reads it").isEqualTo(a);
        java.util.Random expected = new java.util.Random(42);
        assertThat(a).isEqualTo("r" + expected.nextInt(1000001) + "-" + expected.nextInt(32768));
        assertThat(routerId("random_seed 43")).isNotEqualTo(a);
        assertThat(routerId("random_seed 4294967295")).isEqualTo(routerId("random_seed 4294967295"));
        assertThat(routerId("! no seed")).as("the default seed is fixed too").isEqualTo(routerId("! still none"));
    }

    @Test
    void seedsOutsideAnUnsignedIntAreErrors() {
        LoadResult r = ConfigLoader.loadText("test.conf", "global_defs {\n    random_seed 4294967296\n}\n", LoadOptions.defaults());
        assertThat(r.errors()).singleElement().asString().contains("2:17").contains("outside range [0, 4294967295]");
    }
}
