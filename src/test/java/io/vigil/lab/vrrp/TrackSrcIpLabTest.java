package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code track_src_ip} in mixed pairs with keepalived 2.2.7, the same keepalived.conf text for both. keepalived's man
 * page says a removed configured source address puts the instance in FAULT; keepalived 2.2.7 does not: the subject
 * (priority 200, {@code mcast_src_ip 198.18.0.21} with track_src_ip, 198.18.0.21 a second address on its interface)
 * stays MASTER when that address is deleted, still sending from it, and the peer (100) stays BACKUP. Vigil, for which
 * the keyword is therefore "not applicable" (said at start), behaves the same.
 */
class TrackSrcIpLabTest {

    @ParameterizedTest(name = "subject {0}")
    @ValueSource(strings = {"vigil", "keepalived"})
    @Timeout(200)
    void deletingTheSourceAddressChangesNothingAsInKeepalived(String kind) {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host hs = v.host("s", "198.18.0.11/24", "198.18.0.21/24"), hp = v.host("p", "198.18.0.12/24");
            VrrpConf base = VrrpConf.fast(200, "198.18.0.100/24").withAdvert(3, "0.5");
            VrrpConf sc = base.withExtra("", "  mcast_src_ip 198.18.0.21\n  track_src_ip\n");
            VrrpConf pc = base.withPriority(100);
            boolean vigil = kind.equals("vigil");
            Router subject = vigil ? v.vigil(hs, "s", sc) : v.keepalived(hs, "s", sc);
            Router peer = vigil ? v.keepalived(hp, "p", pc) : v.vigil(hp, "p", pc);
            peer.start();
            subject.start();
            v.awaitStates(subject, "MASTER", peer, "BACKUP");
            hs.sh("ip addr del 198.18.0.21/24 dev eth0");
            // Longer than the peer's master-down timer (1.5 s + skew): it keeps hearing the subject.
            try {
                Thread.sleep(4000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertThat(subject.state(VrrpConf.INSTANCE)).as(v.logs()).isEqualTo("MASTER");
            assertThat(peer.state(VrrpConf.INSTANCE)).as(v.logs()).isEqualTo("BACKUP");
            assertThat(subject.log()).doesNotContain("Entering FAULT");
            if (vigil) assertThat(subject.log()).contains("track_src_ip").contains("keepalived 2.2.7 does not act on it either");
        }
    }
}
