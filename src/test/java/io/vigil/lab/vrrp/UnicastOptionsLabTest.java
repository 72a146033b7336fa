package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * keepalived's unicast options in mixed pairs with keepalived 2.2.7, the same keepalived.conf text for both: the sender
 * (priority 200) sends its unicast adverts with {@code unicast_ttl 10}; the receiver (100) has {@code check_unicast_src}
 * and gives the sender's {@code unicast_peer} entry a {@code min_ttl}/{@code max_ttl} range. Inside the range the
 * receiver stays BACKUP; outside it drops every advert ("TTL/HL 10 not in range") and becomes MASTER too. So each
 * implementation reads the other's TTL as sent. And {@code unicast_fault_no_peer} without peers: FAULT, as keepalived.
 */
class UnicastOptionsLabTest {

    @ParameterizedTest(name = "sender {0}, receiver range {1}..{2}, IPv{3}")
    @CsvSource({"vigil, 5, 20, 4", "vigil, 50, 255, 4", "keepalived, 5, 20, 4", "keepalived, 50, 255, 4",
            "vigil, 5, 20, 6", "vigil, 50, 255, 6", "keepalived, 5, 20, 6", "keepalived, 50, 255, 6"})
    @Timeout(150)
    void unicastTtlIsSentAndThePeersTtlRangeIsChecked(String senderKind, int minTtl, int maxTtl, int ipVersion) {
        try (VrrpLab v = VrrpLab.create()) {
            boolean v6 = ipVersion == 6;
            String s = v6 ? "2001:2::11" : "198.18.0.11", r = v6 ? "2001:2::12" : "198.18.0.12";
            String vip = v6 ? "2001:2::100/64" : "198.18.0.100/24";
            Lab.Host hs = v.host("s", "198.18.0.11/24", "2001:2::11/64"), hr = v.host("r", "198.18.0.12/24", "2001:2::12/64");
            VrrpConf senderConf = VrrpConf.fast(200, vip).withAdvert(3, "1").withUnicast(s, r).withExtra("", "  unicast_ttl 10\n");
            VrrpConf receiverConf = VrrpConf.fast(100, vip).withAdvert(3, "1")
                    .withUnicast(r, s + " min_ttl " + minTtl + " max_ttl " + maxTtl).withExtra("", "  check_unicast_src\n");
            boolean vigilSends = senderKind.equals("vigil");
            Router sender = vigilSends ? v.vigil(hs, "s", senderConf) : v.keepalived(hs, "s", senderConf);
            Router receiver = vigilSends ? v.keepalived(hr, "r", receiverConf) : v.vigil(hr, "r", receiverConf);
            receiver.start();
            sender.start();
            if (minTtl <= 10 && 10 <= maxTtl) {
                v.awaitStates(sender, "MASTER", receiver, "BACKUP");
                // Stays so: every advert is inside the range (the master-down timer is 3.6 s).
                sleepSeconds(5);
                assertThat(receiver.state(VrrpConf.INSTANCE)).as(v.logs()).isEqualTo("BACKUP");
            } else {
                v.awaitStates(sender, "MASTER", receiver, "MASTER");
                v.awaitOrDump("the receiver says why it drops the adverts", Duration.ofSeconds(20),
                        () -> assertThat(receiver.log()).contains("TTL/HL 10 not in range " + minTtl + " - " + maxTtl));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"vigil", "keepalived"})
    @Timeout(120)
    void unicastFaultNoPeerWithoutPeersIsFault(String kind) {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host h = v.host("a", "198.18.0.11/24");
            VrrpConf conf = VrrpConf.fast(100, "198.18.0.100/24").withExtra("", "  unicast_fault_no_peer\n");
            Capture wire = v.capture(h);
            Router r = kind.equals("vigil") ? v.vigil(h, "a", conf) : v.keepalived(h, "a", conf);
            r.start();
            // keepalived says so in its log (and logs no "Entering FAULT STATE": the instance never leaves INIT's fault).
            if (kind.equals("vigil")) v.awaitStates(r, "FAULT");
            else v.awaitOrDump("keepalived's fault", Duration.ofSeconds(30),
                    () -> assertThat(r.log()).contains("(VI_1) Cannot use unicast without any peers - going to fault state"));
            // Longer than the master-down timer (0.38 s): neither becomes MASTER, sends an advert, nor takes the VIP.
            sleepSeconds(5);
            if (kind.equals("vigil")) assertThat(r.state(VrrpConf.INSTANCE)).as(v.logs()).isEqualTo("FAULT");
            assertThat(r.log()).doesNotContain("Entering MASTER STATE");
            assertThat(wire.adverts()).as(wire.text()).isEmpty();
            assertThat(VrrpLab.holds(r, "198.18.0.100")).isFalse();
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
