package io.vigil.lab.vrrp;

import io.vigil.lab.KeepalivedNode;
import io.vigil.lab.Lab;
import io.vigil.lab.VigilNode;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code interface_up_down_delays} beside keepalived 2.2.7, the same keepalived.conf text for both (eth0: down delay
 * 1.5 s, no up delay; advert 1 s): a carrier loss of 0.3 s is held back and undone before the delay ends, so the MASTER
 * stays MASTER (never FAULT); a carrier loss that lasts puts it in FAULT, and the carrier back
 * makes it MASTER again.
 */
class UpDownDelaysLabTest {
    private static final String DELAYS = "interface_up_down_delays {\n    eth0 1.5\n}\n";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"vigil", "keepalived"})
    @Timeout(150)
    void aShortFlapIsNoChange(String kind) throws Exception {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24");
            String text = DELAYS + VrrpConf.fast(200, "198.18.0.100/24").withAdvert(3, "1").text("a");
            if (kind.equals("keepalived")) KeepalivedNode.assumeInstalled(ha);
            Router a = kind.equals("vigil") ? new VigilNode(ha, "a", v.dir, text) : new KeepalivedNode(ha, "a", v.dir, text);
            try {
                a.start();
                v.awaitStates(a, "MASTER");
                ha.cable(false);
                Thread.sleep(300); // the flap's length, well under the 1.5 s delay
                ha.cable(true);
                // Each says it held the change back (keepalived: "eth0: Adding flags change from 0x11043 to 0x1003 delay by 1500000").
                String heldBack = kind.equals("vigil") ? "eth0: link down held back 1500000 us" : "delay by 1500000";
                v.awaitOrDump("the change held back", Duration.ofSeconds(20), () -> assertThat(a.log()).contains(heldBack));
                Thread.sleep(3000); // past the 1.5 s the held-back change would have taken
                assertThat(a.state(VrrpConf.INSTANCE)).as(a.log()).isEqualTo("MASTER");
                assertThat(a.log()).doesNotContain("Entering FAULT STATE");

                ha.cable(false);
                v.awaitStates(a, "FAULT");
                ha.cable(true);
                v.awaitStates(a, "MASTER");
            } finally {
                a.close();
            }
        }
    }
}
