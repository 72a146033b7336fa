package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dont_track_primary}, Vigil and keepalived 2.2.7 with the same keepalived.conf text: a lone MASTER whose cable
 * is cut (eth0 loses carrier). Without the keyword both enter FAULT; with it both stay MASTER (nothing changes on the
 * wire: the adverts cannot leave a link that is down).
 */
class DontTrackPrimaryLabTest {

    @ParameterizedTest(name = "{0}, dont_track_primary {1}")
    @CsvSource({"vigil, false", "vigil, true", "keepalived, false", "keepalived, true"})
    @Timeout(150)
    void aDownInterfaceIsAFaultUnlessDontTrackPrimary(String kind, boolean dontTrack) {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host h = v.host("r", "198.18.0.11/24");
            VrrpConf conf = VrrpConf.fast(100, "198.18.0.100/24").withExtra("", dontTrack ? "  dont_track_primary\n" : "");
            Router r = kind.equals("vigil") ? v.vigil(h, "r", conf) : v.keepalived(h, "r", conf);
            r.start();
            v.awaitStates(r, "MASTER");
            h.cable(false);
            if (!dontTrack) {
                v.awaitStates(r, "FAULT");
            } else {
                // Both react to a carrier loss within milliseconds (netlink): 3 s is ample to see that nothing happens.
                sleepSeconds(3);
                assertThat(r.state(VrrpConf.INSTANCE)).as(v.logs()).isEqualTo("MASTER");
                assertThat(r.log()).doesNotContain("FAULT");
            }
            h.cable(true);
            v.awaitStates(r, "MASTER");
            v.awaitOrDump("the VIP", Duration.ofSeconds(10), () -> assertThat(VrrpLab.holds(r, "198.18.0.100")).isTrue());
        }
    }

    /** Watching that nothing changes. */
    private static void sleepSeconds(int s) {
        try {
            Thread.sleep(s * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
