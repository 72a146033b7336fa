package io.vigil.daemon;

import io.vigil.config.ConfigLoader;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.LoadOptions;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** interface_up_down_delays as the VRRP process applies them: cut as keepalived cuts them for the instances on the interface. */
class LinkDelaysTest {
    private static KeepalivedConfig load(String text) {
        return ConfigLoader.loadText("test.conf", text, LoadOptions.defaults()).config().orElseThrow();
    }

    private static String instance(String ifname, String advert, int downTimerAdverts) {
        return "vrrp_instance VI_" + ifname + " {\n interface " + ifname + "\n virtual_router_id 51\n version 3\n advert_int " + advert
                + "\n down_timer_adverts " + downTimerAdverts + "\n}\n";
    }

    @Test
    void delaysUnderTheLimitAreKeptLongerOnesCut() {
        KeepalivedConfig c = load("interface_up_down_delays {\n eth0 1.5 0.5\n eth1 5 3\n eth2 9\n}\n"
                + instance("eth0", "1", 3) + instance("eth1", "1", 3) + instance("eth2", "1", 1));
        Map<String, long[]> d = VrrpSubsystem.linkDelays(c);
        assertThat(d.get("eth0")).containsExactly(1_500_000_000L, 500_000_000L);
        // (3 - 1) x 1 s - 1 s / 256
        assertThat(d.get("eth1")).containsExactly(2_000_000_000L - 3_906_250L, 2_000_000_000L - 3_906_250L);
        // down_timer_adverts 1: keepalived leaves them as written
        assertThat(d.get("eth2")).containsExactly(9_000_000_000L, 0L);
    }
}
