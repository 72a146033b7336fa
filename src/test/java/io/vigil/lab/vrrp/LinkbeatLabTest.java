package io.vigil.lab.vrrp;

import io.vigil.lab.KeepalivedNode;
import io.vigil.lab.Lab;
import io.vigil.lab.VigilNode;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * keepalived's linkbeat beside keepalived 2.2.7, the same keepalived.conf text for both: with the top-level
 * {@code linkbeat_use_polling}, with a {@code linkbeat_interfaces} block, or with the (deprecated) per-instance
 * {@code linkbeat_use_polling}, the carrier loss of eth0 (cable cut at the switch) is found by polling the driver
 * ("Linkbeat reports eth0 down" in the log, as keepalived logs it) and puts the instance in FAULT; the carrier back,
 * polling reports it up and the instance is MASTER again.
 */
class LinkbeatLabTest {
    private static final String TOP = "linkbeat_use_polling\n";
    private static final String BLOCK = "linkbeat_interfaces {\n    eth0 ETHTOOL\n}\n";

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"vigil, top", "keepalived, top", "vigil, block", "keepalived, block", "vigil, instance"})
    @Timeout(150)
    void carrierLossFoundByPolling(String kind, String form) {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24");
            VrrpConf conf = VrrpConf.fast(200, "198.18.0.100/24");
            String text = switch (form) {
                case "top" -> TOP + conf.text("a");
                case "block" -> BLOCK + conf.text("a");
                default -> conf.withExtra("", "  linkbeat_use_polling\n").text("a");
            };
            if (kind.equals("keepalived")) KeepalivedNode.assumeInstalled(ha);
            Router a = kind.equals("vigil") ? new VigilNode(ha, "a", v.dir, text) : new KeepalivedNode(ha, "a", v.dir, text);
            try {
                a.start();
                v.awaitStates(a, "MASTER");
                ha.cable(false);
                v.awaitStates(a, "FAULT");
                v.awaitOrDump("polling saw it", Duration.ofSeconds(20), () -> assertThat(a.log()).contains("Linkbeat reports eth0 down"));
                ha.cable(true);
                v.awaitStates(a, "MASTER");
                v.awaitOrDump("polling saw it back", Duration.ofSeconds(20), () -> assertThat(a.log()).contains("Linkbeat reports eth0 up"));
            } finally {
                try {
                    a.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
