package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vrrp_min_garp} (global_defs) beside keepalived 2.2.7, the same keepalived.conf text for both: a new MASTER
 * sends one gratuitous ARP for its VIP and no second burst 5 s later (without it: 5, then 5 more).
 */
class MinGarpLabTest {
    private static final String VIP = "198.18.0.100";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"vigil", "keepalived"})
    @Timeout(120)
    void oneGarpAndNoSecondBurst(String kind) throws Exception {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24");
            Capture wire = v.capture(ha);
            VrrpConf conf = VrrpConf.fast(200, VIP + "/24").withExtra("  vrrp_min_garp\n", "");
            Router a = kind.equals("vigil") ? v.vigil(ha, "a", conf) : v.keepalived(ha, "a", conf);
            String mac = VrrpLab.mac(ha);
            a.start();
            v.awaitStates(a, "MASTER");
            v.awaitOrDump("the first GARP", Duration.ofSeconds(20), () -> assertThat(wire.garpsFrom(VIP, mac, 0)).isGreaterThanOrEqualTo(1));
            // Past the 5 s at which the second burst would leave (vrrp_garp_master_delay's default), with a margin.
            Thread.sleep(8000);
            assertThat(wire.garpsFrom(VIP, mac, 0)).as(wire.text()).isEqualTo(1);
        }
    }
}
