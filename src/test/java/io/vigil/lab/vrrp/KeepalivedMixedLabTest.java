package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.stream.Stream;

import static io.vigil.lab.vrrp.VrrpLab.assertVipOnlyOn;
import static io.vigil.lab.vrrp.VrrpLab.holds;

/**
 * A Vigil daemon and real keepalived 2.2.7 in one VRRP group, both ways round (Vigil master / keepalived backup and the
 * reverse), with the same keepalived.conf text: VRRPv2 with PASS auth, VRRPv3 with advert 0.1 s, unicast peers, an
 * IPv6 VIP. Each: the higher priority is elected and alone holds the VIP; SIGKILL of the master's processes fails over
 * to the other; the master restarted preempts back.
 */
class KeepalivedMixedLabTest {

    enum Variant {
        V2_PASS, V3_FAST, UNICAST, IPV6;

        VrrpConf conf(int priority, String self, String peer) {
            return switch (this) {
                case V2_PASS -> VrrpConf.fast(priority, "198.18.0.100/24").withAdvert(2, "1").withPass("vigil123");
                case V3_FAST -> VrrpConf.fast(priority, "198.18.0.100/24");
                case UNICAST -> VrrpConf.fast(priority, "198.18.0.100/24").withUnicast(self, peer);
                case IPV6 -> VrrpConf.fast(priority, "2001:2::100/64");
            };
        }
    }

    static Stream<Arguments> pairs() {
        return Stream.of(Variant.values()).flatMap(v -> Stream.of(Arguments.of(v, true), Arguments.of(v, false)));
    }

    @ParameterizedTest(name = "{0}, Vigil master: {1}")
    @MethodSource("pairs")
    @Timeout(120)
    void electionFailoverAndPreemption(Variant variant, boolean vigilMaster) {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host hm = v.host("m", "198.18.0.11/24", "2001:2::11/64"), hb = v.host("b", "198.18.0.12/24", "2001:2::12/64");
            VrrpConf masterConf = variant.conf(200, "198.18.0.11", "198.18.0.12");
            VrrpConf backupConf = variant.conf(100, "198.18.0.12", "198.18.0.11");
            Router master = vigilMaster ? v.vigil(hm, "m", masterConf) : v.keepalived(hm, "m", masterConf);
            Router backup = vigilMaster ? v.keepalived(hb, "b", backupConf) : v.vigil(hb, "b", backupConf);
            String vip = masterConf.vipAddress();

            backup.start();
            master.start();
            v.awaitStates(master, "MASTER", backup, "BACKUP");
            v.awaitOrDump("VIP on the master only", Duration.ofSeconds(10), () -> assertVipOnlyOn(vip, master, backup));

            master.killAll();
            v.awaitStates(backup, "MASTER");
            v.awaitOrDump("VIP on the backup", Duration.ofSeconds(10), () -> org.assertj.core.api.Assertions.assertThat(holds(backup, vip)).isTrue());

            master.start();
            v.awaitStates(master, "MASTER", backup, "BACKUP");
            v.awaitOrDump("VIP on the master only after preemption", Duration.ofSeconds(15), () -> assertVipOnlyOn(vip, master, backup));
        }
    }
}
