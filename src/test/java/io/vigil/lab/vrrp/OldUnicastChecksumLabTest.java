package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code old_unicast_checksum [never]} in mixed pairs with keepalived 2.2.7 (built with OLD_CHKSUM_COMPAT, as Debian's):
 * VRRPv3 IPv4 unicast adverts whose checksum pseudo-header names the multicast group (keepalived before 2.2) instead of
 * the peer. A receiver configured with old_unicast_checksum accepts only that form; by default the old form is
 * accepted too; with 'never' it is dropped. The sender has priority 200: when the receiver accepts its adverts it stays
 * BACKUP, when it drops them it becomes MASTER as well. (Not tested: keepalived in its default mode switching itself to
 * the old form when it receives one, which Vigil does not do; see docs/migrating.md.)
 */
class OldUnicastChecksumLabTest {

    private static VrrpConf conf(int priority, String self, String peer, String mode) {
        VrrpConf c = VrrpConf.fast(priority, "198.18.0.100/24").withAdvert(3, "0.5").withUnicast(self, peer);
        return switch (mode) {
            case "old" -> c.withExtra("", "  old_unicast_checksum\n");
            case "never" -> c.withExtra("", "  old_unicast_checksum never\n");
            default -> c;
        };
    }

    @ParameterizedTest(name = "sender {0} {1}, receiver {2} {3}")
    @CsvSource({"vigil, old, keepalived, old, BACKUP", "vigil, default, keepalived, old, MASTER",
            "keepalived, old, vigil, old, BACKUP", "keepalived, old, vigil, default, BACKUP", "keepalived, old, vigil, never, MASTER"})
    @Timeout(150)
    void theReceiverAcceptsOnlyTheFormsItsSettingAllows(String senderKind, String senderMode, String receiverKind, String receiverMode,
                                                        String receiverState) {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host hs = v.host("s", "198.18.0.11/24"), hr = v.host("r", "198.18.0.12/24");
            VrrpConf sc = conf(200, "198.18.0.11", "198.18.0.12", senderMode), rc = conf(100, "198.18.0.12", "198.18.0.11", receiverMode);
            Router sender = senderKind.equals("vigil") ? v.vigil(hs, "s", sc) : v.keepalived(hs, "s", sc);
            Router receiver = receiverKind.equals("vigil") ? v.vigil(hr, "r", rc) : v.keepalived(hr, "r", rc);
            receiver.start();
            sender.start();
            v.awaitStates(sender, "MASTER", receiver, receiverState);
            // Longer than the master-down timer (1.5 s + skew): the verdict on every advert is the same.
            sleepSeconds(4);
            assertThat(receiver.state(VrrpConf.INSTANCE)).as(v.logs()).isEqualTo(receiverState);
            assertThat(sender.state(VrrpConf.INSTANCE)).as(v.logs()).isEqualTo("MASTER");
            if (receiverState.equals("MASTER") && receiverKind.equals("vigil")) assertThat(receiver.log()).contains("checksum");
        }
    }

    /** Watching that nothing changes for a period longer than the master-down timer. */
    private static void sleepSeconds(int s) {
        try {
            Thread.sleep(s * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
