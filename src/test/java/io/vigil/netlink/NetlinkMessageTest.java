package io.vigil.netlink;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NetlinkMessageTest {
    @Test
    void encodeDecodeRoundTripWithPadding() {
        NetlinkMessage m = new NetlinkMessage(Rtnl.RTM_GETLINK, NetlinkMessage.NLM_F_REQUEST, 7, 9, new byte[] {1, 2, 3, 4, 5});
        byte[] wire = m.encode();
        assertThat(wire).hasSize(24); // 16 + 5 padded to 8
        byte[] two = new byte[48];
        System.arraycopy(wire, 0, two, 0, 24);
        System.arraycopy(wire, 0, two, 24, 24);
        List<NetlinkMessage> back = NetlinkMessage.decodeAll(two);
        assertThat(back).containsExactly(m, m);
    }

    @Test
    void errorCarriesErrnoAndExtendedAckText() {
        // An NLMSG_ERROR as the kernel sends it with NETLINK_CAP_ACK + NETLINK_EXT_ACK: -EEXIST, the echoed
        // request header, then NLMSGERR_ATTR_MSG.
        MessageBuilder b = new MessageBuilder(NetlinkMessage.NLMSG_ERROR, NetlinkMessage.NLM_F_CAPPED | NetlinkMessage.NLM_F_ACK_TLVS)
                .u32(-17).raw(new NetlinkMessage(Rtnl.RTM_NEWADDR, 0x605, 5, 0, new byte[0]).encode())
                .attrString(NetlinkMessage.NLMSGERR_ATTR_MSG, "Address already assigned");
        NetlinkMessage m = NetlinkMessage.decodeAll(b.build()).getFirst();
        assertThat(m.isError()).isTrue();
        assertThat(m.errno()).isEqualTo(17);
        assertThat(m.extendedAckMessage()).isEqualTo("Address already assigned");
    }

    @Test
    void ackIsErrorZero() {
        byte[] ack = new MessageBuilder(NetlinkMessage.NLMSG_ERROR, NetlinkMessage.NLM_F_CAPPED).u32(0)
                .raw(new NetlinkMessage(Rtnl.RTM_NEWADDR, 0x605, 5, 0, new byte[0]).encode()).build();
        assertThat(NetlinkMessage.decodeAll(ack).getFirst().errno()).isZero();
    }

    @Test
    void nestedAttributesRoundTrip() {
        byte[] m = new MessageBuilder(1, 0).u32(0).beginNested(5).attrU32(1, 42).attrString(2, "x").beginNested(3, true)
                .attrU8(1, 7).endNested().endNested().attrU16(6, 0x1234).build();
        byte[] p = NetlinkMessage.decodeAll(m).getFirst().payload();
        Attributes at = Attributes.parse(p, 4, p.length - 4);
        assertThat(at.nested(5).u32(1)).isEqualTo(42);
        assertThat(at.nested(5).string(2)).isEqualTo("x");
        assertThat(at.nested(5).nested(3).u8(1)).isEqualTo(7);
        assertThat(at.u16(6)).isEqualTo(0x1234);
        assertThat(at.has(99)).isFalse();
    }
}
