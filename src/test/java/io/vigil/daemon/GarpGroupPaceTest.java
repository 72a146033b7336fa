package io.vigil.daemon;

import io.vigil.config.ConfigLoader;
import io.vigil.config.LoadOptions;
import io.vigil.vrrp.kernel.GarpAnnouncer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** garp_group as the VRRP process's announcer gets it: each interface of a group to the group's one pace. */
class GarpGroupPaceTest {
    @Test
    void everyInterfaceOfAGroupSharesItsPace() {
        var config = ConfigLoader.loadText("test.conf", """
                garp_group {
                    garp_interval 0.5
                    gna_interval 0.02
                    interface eth0
                    interfaces {
                        eth1
                    }
                }
                garp_group {
                    gna_interval 1
                    interface eth2
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                }
                """, LoadOptions.defaults()).config().orElseThrow();
        var paces = VrrpSubsystem.garpGroups(config);
        GarpAnnouncer.GarpPace first = new GarpAnnouncer.GarpPace("garp_group 1", 500_000_000L, 20_000_000L);
        assertThat(paces).containsEntry("eth0", first).containsEntry("eth1", first)
                .containsEntry("eth2", new GarpAnnouncer.GarpPace("garp_group 2", 0L, 1_000_000_000L)).hasSize(3);
    }
}
