package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code native_ipv6} in a mixed pair with keepalived 2.2.7, the same keepalived.conf text for both: the instance,
 * written native_ipv6 before its addresses (an IPv6 VIP, as keepalived requires one for VRRPv3, and the IPv4
 * 198.18.0.100 in virtual_ipaddress_excluded), runs over IPv6 (VRRPv3 adverts from the link-local address to ff02::12,
 * seen with tcpdump); the peer hears it and stays BACKUP, and the MASTER holds the excluded IPv4 address too.
 * (An IPv4 VIP with native_ipv6 is an error: VrrpOptionsMappingTest.)
 */
class NativeIpv6LabTest {

    @ParameterizedTest(name = "master {0}")
    @ValueSource(strings = {"vigil", "keepalived"})
    @Timeout(150)
    void anInstanceWithoutIpv6VipsRunsOverIpv6(String masterKind) {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host hm = v.host("m", "198.18.0.11/24", "2001:2::11/64"), hb = v.host("b", "198.18.0.12/24", "2001:2::12/64");
            Capture wire = v.capture(hm);
            String extra = "  native_ipv6\n  virtual_ipaddress_excluded {\n    198.18.0.100/24\n  }\n";
            VrrpConf mc = new VrrpConf(3, "0.5", 51, 200, false, null, null, null, java.util.List.of(), "2001:2::100/64", "", extra);
            VrrpConf bc = mc.withPriority(100);
            boolean vigilMaster = masterKind.equals("vigil");
            Router master = vigilMaster ? v.vigil(hm, "m", mc) : v.keepalived(hm, "m", mc);
            Router backup = vigilMaster ? v.keepalived(hb, "b", bc) : v.vigil(hb, "b", bc);
            backup.start();
            master.start();
            v.awaitStates(master, "MASTER", backup, "BACKUP");
            v.awaitOrDump("the excluded IPv4 address on the master", Duration.ofSeconds(10),
                    () -> assertThat(VrrpLab.holds(master, "198.18.0.100")).isTrue());
            // Longer than the master-down timer (1.5 s + skew): the backup keeps hearing the IPv6 adverts.
            try {
                Thread.sleep(4000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertThat(backup.state(VrrpConf.INSTANCE)).as(v.logs()).isEqualTo("BACKUP");
            assertThat(wire.adverts()).as(wire.text()).isNotEmpty()
                    .allSatisfy(a -> assertThat(a.source()).startsWith("fe80:"))
                    .allSatisfy(a -> assertThat(a.version()).isEqualTo(3));
            assertThat(wire.text()).contains("> ff02::12: VRRPv3, Advertisement").doesNotContain("> 224.0.0.18");
            assertThat(VrrpLab.holds(backup, "198.18.0.100")).isFalse();
        }
    }
}
