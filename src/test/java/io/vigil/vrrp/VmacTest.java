package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** keepalived's VMAC names (vrrp.c create_vmac_name) and RFC 3768/5798 virtual router MACs. */
class VmacTest {
    @Test
    void virtualRouterMacs() {
        assertThat(Vmac.virtualRouterMac(51, AddressFamily.IPV4)).isEqualTo("00:00:5e:00:01:33");
        assertThat(Vmac.virtualRouterMac(255, AddressFamily.IPV6)).isEqualTo("00:00:5e:00:02:ff");
        assertThatThrownBy(() -> Vmac.virtualRouterMac(0, AddressFamily.IPV4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultNamesFollowKeepalived() {
        assertThat(Vmac.defaultName("vrrp", 51, AddressFamily.IPV4, n -> false)).isEqualTo("vrrp.51");
        assertThat(Vmac.defaultName("vrrp", 51, AddressFamily.IPV6, n -> false)).as("IPv6 is vrrp.VRID too when free").isEqualTo("vrrp.51");
        // The same VRID for IPv4 and IPv6: the second one named tries vrrp6 first, then 1, 2, ... skipping 6.
        assertThat(Vmac.defaultName("vrrp", 51, AddressFamily.IPV6, Set.of("vrrp.51")::contains)).isEqualTo("vrrp6.51");
        assertThat(Vmac.defaultName("vrrp", 51, AddressFamily.IPV6, Set.of("vrrp.51", "vrrp6.51")::contains)).isEqualTo("vrrp1.51");
        assertThat(Vmac.defaultName("vrrp", 51, AddressFamily.IPV6, Set.of("vrrp.51", "vrrp6.51", "vrrp1.51", "vrrp2.51", "vrrp3.51",
                "vrrp4.51", "vrrp5.51")::contains)).isEqualTo("vrrp7.51");
        assertThat(Vmac.defaultName("vrrp", 51, AddressFamily.IPV4, Set.of("vrrp.51")::contains)).isEqualTo("vrrp1.51");
        assertThat(Vmac.defaultName("vip", 7, AddressFamily.IPV4, n -> false)).isEqualTo("vip.7");
        // Too long for IFNAMSIZ: the prefix loses its end, the VRID stays.
        assertThat(Vmac.defaultName("averyverylongprefix", 255, AddressFamily.IPV4, n -> false)).isEqualTo("averyverylo.255");
        assertThat(Vmac.defaultName("averyverylongprefix", 255, AddressFamily.IPV4, Set.of("averyverylo.255")::contains)).isEqualTo("averyveryl1.255");
    }
}
