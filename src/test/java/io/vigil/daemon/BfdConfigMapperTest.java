package io.vigil.daemon;

import io.vigil.bfd.BfdSettings;
import io.vigil.config.ConfigLoader;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.LoadOptions;
import io.vigil.vrrp.TrackedBfd;
import io.vigil.vrrp.VrrpInstanceSettings;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** bfd_instance onto BfdSettings, and track_bfd (instance and sync group) onto the instances' trackers. */
class BfdConfigMapperTest {
    static final String CONF = """
            bfd_instance b1 {
                neighbor_ip 198.18.0.2
                source_ip 198.18.0.1
                min_rx 30
                min_tx 20.5
                multiplier 4
                passive
                weight -30
            }
            bfd_instance b2 {
                neighbor_ip 198.18.0.3
                vigil_multihop
            }
            vrrp_instance VI_1 {
                interface eth0
                mcast_src_ip 198.18.0.1
                virtual_router_id 1
                virtual_ipaddress { 198.18.0.100 }
                track_bfd {
                    b1
                }
            }
            vrrp_sync_group G1 {
                group { VI_1 }
                track_bfd {
                    b2 weight 10 reverse
                }
            }
            """;

    static KeepalivedConfig load() {
        var result = ConfigLoader.loadText("test.conf", CONF, LoadOptions.defaults());
        assertThat(result.errors()).isEmpty();
        return result.config().orElseThrow();
    }

    @Test
    void sessionsCarryKeepalivedsUnitsAndDefaults() {
        List<BfdSettings> s = BfdConfigMapper.sessions(load());
        assertThat(s.get(0)).isEqualTo(new BfdSettings("b1", InetAddress.ofLiteral("198.18.0.2"), Optional.of(InetAddress.ofLiteral("198.18.0.1")),
                30_000, 20_500, 1_000_000, 4, true, 255, 0, false));
        assertThat(s.get(1).port()).isEqualTo(4784);
        assertThat(s.get(1).multiplier()).isEqualTo(5);
    }

    @Test
    void instanceAndSyncGroupTrackingReachTheInstanceWithTheBfdInstancesDefaultWeight() {
        VrrpInstanceSettings i = VrrpConfigMapper.instances(load(), (ifname, family) -> null).getFirst();
        assertThat(i.trackBfds()).containsExactly(new TrackedBfd("b1", -30, false), new TrackedBfd("b2", 10, true));
    }
}
