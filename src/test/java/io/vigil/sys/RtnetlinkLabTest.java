package io.vigil.sys;

import io.vigil.lab.Lab;
import io.vigil.netlink.IfAddress;
import io.vigil.netlink.Link;
import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.Rtnl;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** rtnetlink address and link operations against a real kernel, inside a lab namespace; checked with iproute2. */
class RtnetlinkLabTest {
    @Test
    void addsListsAndDeletesVipsSeenByIproute2() throws Exception {
        try (Lab lab = Lab.create()) {
            Lab.Host a = lab.host("a", "198.18.0.11/24", "2001:2::11/64");
            try (Rtnetlink rt = NetNs.call(a.ns(), Rtnetlink::open)) {
                int eth0 = rt.indexOf("eth0");
                IfAddress vip = IfAddress.of(eth0, InetAddress.getByName("198.18.0.100"), 32).withLabel("eth0:vip");
                IfAddress vip6 = IfAddress.of(eth0, InetAddress.getByName("2001:2::100"), 64);

                rt.addAddress(vip);
                rt.addAddress(vip6);
                String json = a.sh("ip -j addr show dev eth0");
                assertThat(json).contains("\"local\":\"198.18.0.100\",\"prefixlen\":32").contains("\"label\":\"eth0:vip\"")
                        .contains("\"local\":\"2001:2::100\",\"prefixlen\":64");

                assertThat(rt.addresses(Rtnl.AF_INET, eth0)).extracting(IfAddress::address)
                        .contains(InetAddress.getByName("198.18.0.11"), InetAddress.getByName("198.18.0.100"));
                assertThat(rt.addresses(Rtnl.AF_INET6, eth0)).anySatisfy(x -> {
                    assertThat(x.address()).isEqualTo(InetAddress.getByName("2001:2::100"));
                    assertThat(x.flags() & Rtnl.IFA_F_NODAD).isNotZero();
                });

                assertThatThrownBy(() -> rt.addAddress(vip)).isInstanceOf(NetlinkException.class)
                        .satisfies(e -> assertThat(((NetlinkException) e).errno()).isEqualTo(NetlinkException.EEXIST))
                        .hasMessageContaining("File exists");
                assertThat(rt.ensureAddress(vip)).isFalse();

                assertThat(rt.linkLocalAddress(eth0)).hasValueSatisfying(ll -> assertThat(ll.isLinkLocalAddress()).isTrue());
                assertThat(rt.linkLocalAddress(eth0).orElseThrow()).isEqualTo(InetAddress.getByName(
                        a.sh("ip -6 -br addr show dev eth0 scope link").replaceAll("(?s).*(fe80:[0-9a-f:]+)/64.*", "$1")));

                rt.deleteAddress(vip);
                rt.deleteAddress(vip6);
                assertThat(a.sh("ip -j addr show dev eth0")).doesNotContain("198.18.0.100").doesNotContain("2001:2::100");
                assertThat(rt.deleteAddressIfPresent(vip)).isFalse();
            }
        }
    }

    @Test
    void dumpsLinksWithFlagsMacAndMtu() {
        try (Lab lab = Lab.create()) {
            Lab.Host a = lab.host("a", "198.18.0.11/24");
            a.sh("ip link set eth0 address 02:6b:6c:00:00:0b mtu 1400");
            try (Rtnetlink rt = NetNs.call(a.ns(), Rtnetlink::open)) {
                Link eth0 = rt.link("eth0").orElseThrow();
                assertThat(eth0.mac()).isEqualTo("02:6b:6c:00:00:0b");
                assertThat(eth0.mtu()).isEqualTo(1400);
                assertThat(eth0.kind()).isEqualTo("veth");
                assertThat(eth0.usable()).isTrue();
                assertThat(rt.links()).extracting(Link::name).containsExactlyInAnyOrder("lo", "eth0");
                assertThat(rt.link("nope0")).isEmpty();

                rt.setLinkUp(eth0.index(), false);
                assertThat(rt.link(eth0.index()).orElseThrow().up()).isFalse();
                assertThat(a.sh("ip -j link show dev eth0")).doesNotContain("\"UP\"");
                rt.setLinkUp(eth0.index(), true);
                assertThat(rt.link(eth0.index()).orElseThrow().up()).isTrue();
            }
        }
    }
}
