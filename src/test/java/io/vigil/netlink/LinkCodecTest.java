package io.vigil.netlink;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinkCodecTest {
    @Test
    void macvlanRequestMatchesIproute2() {
        // ip link add link d0 name vrrp.51 address 00:00:5e:00:01:33 type macvlan mode private   (d0 = ifindex 3)
        byte[] golden = Hex.bytes("""
                5c 00 00 00 10 00 05 06  fb ba 06 6b 00 00 00 00
                00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00
                0a 00 01 00 00 00 5e 00  01 33 00 00 08 00 05 00
                03 00 00 00 0c 00 03 00  76 72 72 70 2e 35 31 00
                1c 00 12 00 0b 00 01 00  6d 61 63 76 6c 61 6e 00
                0c 00 02 00 08 00 01 00  01 00 00 00""");
        byte[] mine = LinkCodec.newMacvlan("vrrp.51", 3, Link.vrrpVirtualMac(51, false), Rtnl.MACVLAN_MODE_PRIVATE);
        NetlinkMessage.stamp(mine, 0x6b06bafb, 0);
        assertThat(Hex.of(mine)).isEqualTo(Hex.of(golden));
    }

    @Test
    void virtualMacs() {
        assertThat(Link.vrrpVirtualMac(51, false)).isEqualTo("00:00:5e:00:01:33");
        assertThat(Link.vrrpVirtualMac(255, true)).isEqualTo("00:00:5e:00:02:ff");
        assertThatThrownBy(() -> Link.vrrpVirtualMac(0, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodesLinkAttributes() {
        byte[] msg = new MessageBuilder(Rtnl.RTM_NEWLINK, 0).u8(0).u8(0).u16(1).u32(7)
                .u32(Rtnl.IFF_UP | Rtnl.IFF_RUNNING | Rtnl.IFF_LOWER_UP).u32(0)
                .attrString(Rtnl.IFLA_IFNAME, "eth0").attr(Rtnl.IFLA_ADDRESS, Link.parseMac("02:6b:6c:00:00:0b"))
                .attrU32(Rtnl.IFLA_MTU, 1500).attrU8(Rtnl.IFLA_OPERSTATE, Rtnl.IF_OPER_UP)
                .beginNested(Rtnl.IFLA_LINKINFO).attrString(Rtnl.IFLA_INFO_KIND, "veth").endNested().build();
        Link l = LinkCodec.decode(NetlinkMessage.decodeAll(msg).getFirst());
        assertThat(l).isEqualTo(new Link(7, "eth0", Rtnl.IFF_UP | Rtnl.IFF_RUNNING | Rtnl.IFF_LOWER_UP, "02:6b:6c:00:00:0b",
                1500, 0, 0, "veth", Rtnl.IF_OPER_UP));
        assertThat(l.usable()).isTrue();
    }

    @Test
    void setUpSetsOnlyTheUpFlag() {
        byte[] m = LinkCodec.setUp(4, true);
        var b = NetlinkMessage.decodeAll(m).getFirst().payloadBuffer();
        assertThat(b.getInt(LinkCodec.OFF_INDEX)).isEqualTo(4);
        assertThat(b.getInt(LinkCodec.OFF_FLAGS)).isEqualTo(Rtnl.IFF_UP);
        assertThat(b.getInt(LinkCodec.OFF_CHANGE)).isEqualTo(Rtnl.IFF_UP);
    }
}
