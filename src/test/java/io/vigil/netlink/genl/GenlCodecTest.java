package io.vigil.netlink.genl;

import io.vigil.netlink.AttributeWriter;
import io.vigil.netlink.Attributes;
import io.vigil.netlink.GenlMessage;
import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.NetlinkMessage;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;

import static io.vigil.netlink.genl.Ipvs.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Round trips and malformed input for the netlink, generic netlink and IPVS codecs. */
class GenlCodecTest {
    static InetAddress ip(String s) {
        return InetAddress.ofLiteral(s);
    }

    @Test
    void attributesRoundTripWithPaddingAndNesting() {
        byte[] b = new AttributeWriter().u8(1, 0xab).u16(2, 0xbeef).be16(3, 8080).u32(4, -2).be32(5, 0xffffff00)
                .u64(6, Long.MAX_VALUE).string(7, "wlc").beginNested(8).u32(1, 42).string(2, "x").endNested().toBytes();
        assertThat(b.length % 4).isZero();
        Attributes a = Attributes.parse(b);
        assertThat(a.u8(1)).isEqualTo(0xab);
        assertThat(a.u16(2)).isEqualTo(0xbeef);
        assertThat(a.be16(3)).isEqualTo(8080);
        assertThat(a.bytes(3)).containsExactly(0x1f, 0x90);
        assertThat(a.u32(4)).isEqualTo(-2);
        assertThat(a.be32(5)).isEqualTo(0xffffff00);
        assertThat(a.bytes(5)).containsExactly(0xff, 0xff, 0xff, 0x00);
        assertThat(a.u64(6)).isEqualTo(Long.MAX_VALUE);
        assertThat(a.string(7)).isEqualTo("wlc");
        Attributes n = a.nested(8);
        assertThat(n.u32(1)).isEqualTo(42);
        assertThat(n.string(2)).isEqualTo("x");
        assertThat(a.has(9)).isFalse();
        assertThat(a.u32(9)).isNull();
        // the nested flag is set on the wire and masked when read
        assertThat(ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).getShort(b.length - 20 + 2) & Attributes.NLA_F_NESTED).isNotZero();
    }

    @Test
    void malformedAttributesAreRejectedWithWhere() {
        byte[] tooLong = HexFormat.of().parseHex("0c000100aabbccdd");
        assertThatThrownBy(() -> Attributes.parse(tooLong)).isInstanceOf(NetlinkException.class).hasMessageContaining("length 12");
        byte[] tooShort = HexFormat.of().parseHex("02000100");
        assertThatThrownBy(() -> Attributes.parse(tooShort)).isInstanceOf(NetlinkException.class);
        Attributes small = Attributes.parse(new AttributeWriter().u16(1, 5).toBytes());
        assertThatThrownBy(() -> small.u32(1)).isInstanceOf(NetlinkException.class).hasMessageContaining("too short for u32: 2");
        assertThatThrownBy(() -> NetlinkMessage.decodeAll(new byte[] {1, 2, 3})).isInstanceOf(NetlinkException.class);
        byte[] badLen = new NetlinkMessage(0x1c, 0, 1, 0, new byte[8]).encode();
        badLen[0] = 99;
        assertThatThrownBy(() -> NetlinkMessage.decodeAll(badLen)).isInstanceOf(NetlinkException.class).hasMessageContaining("length 99");
    }

    @Test
    void severalMessagesInOneDatagram() {
        NetlinkMessage a = new NetlinkMessage(0x1c, NetlinkMessage.NLM_F_MULTI, 7, 9, new byte[] {1, 2, 3, 4, 5});
        NetlinkMessage done = new NetlinkMessage(NetlinkMessage.NLMSG_DONE, NetlinkMessage.NLM_F_MULTI, 7, 9, new byte[4]);
        byte[] d = NetlinkMessage.encodeAll(List.of(a, done));
        assertThat(d.length).isEqualTo(24 + 20);
        assertThat(NetlinkMessage.decodeAll(d)).containsExactly(a, done);
    }

    @Test
    void errorWithExtendedAckMessage() {
        byte[] request = new NetlinkMessage(0x1c, 5, 33, 0, new byte[0]).encode();
        byte[] tlv = new AttributeWriter().string(NetlinkMessage.NLMSGERR_ATTR_MSG, "no such service").toBytes();
        ByteBuffer p = ByteBuffer.allocate(4 + request.length + tlv.length).order(ByteOrder.nativeOrder());
        p.putInt(-3).put(request).put(tlv);
        NetlinkMessage e = new NetlinkMessage(NetlinkMessage.NLMSG_ERROR, NetlinkMessage.NLM_F_CAPPED | NetlinkMessage.NLM_F_ACK_TLVS, 33, 0, p.array());
        assertThat(e.errno()).isEqualTo(3);
        assertThat(e.requestSeq()).isEqualTo(33);
        assertThat(e.extendedAckMessage()).isEqualTo("no such service");
    }

    @Test
    void serviceRepliesRoundTrip() {
        IpvsStats st = new IpvsStats(5, 100, 90, 6000, 7_000_000_000L, 1, 2, 3, 4, 5);
        for (IpvsService s : List.of(
                new IpvsService(AF_INET, 6, ip("198.18.0.10"), 443, 0, "sh", SVC_F_PERSISTENT | SVC_F_SCHED1, 60, 0xffff0000, null, st),
                new IpvsService(AF_INET6, 132, ip("2001:2::5"), 9, 0, "wlc", 0, 0, 64, null, st),
                new IpvsService(AF_INET, 0, null, 0, 99, "rr", 0, 0, 0xffffffff, "sip", st))) {
            GenlMessage m = IpvsCodec.serviceReply(0x22, 5, 6, true, s);
            GenlMessage back = GenlMessage.fromNetlink(NetlinkMessage.decodeAll(m.encode()).getFirst());
            assertThat(IpvsCodec.parseService(back)).isEqualTo(s);
        }
    }

    @Test
    void destinationRepliesRoundTrip() {
        IpvsDest d = new IpvsDest(ip("198.18.1.9"), 8080, CONN_F_MASQ, 7, 100, 10, AF_INET, 0, 0, 0, 3, 4, 1,
                new IpvsStats(1, 2, 3, 4, 5, 0, 0, 0, 0, 0));
        assertThat(IpvsCodec.parseDest(IpvsCodec.destReply(0x22, 1, 1, true, d))).isEqualTo(d);
        IpvsDest t = new IpvsDest(ip("2001:2::9"), 0, CONN_F_TUNNEL, 1, 0, 0, AF_INET6, TUNNEL_TYPE_GRE, 0, TUNNEL_ENCAP_FLAG_REMCSUM,
                0, 0, 0, IpvsStats.ZERO);
        assertThat(IpvsCodec.parseDest(IpvsCodec.destReply(0x22, 1, 1, true, t))).isEqualTo(t);
    }

    @Test
    void daemonWithIpv6GroupRoundTrips() {
        IpvsDaemon d = new IpvsDaemon(STATE_BACKUP, "eth1", 200, 1400, ip("ff02::81"), 9000, 3);
        assertThat(IpvsCodec.parseDaemon(IpvsCodec.newDaemon(0x22, d))).isEqualTo(d);
        assertThat(IpvsCodec.parseDaemon(IpvsCodec.daemonReply(0x22, 1, 1, IpvsDaemon.of(STATE_MASTER, "eth0", 1))))
                .isEqualTo(IpvsDaemon.of(STATE_MASTER, "eth0", 1));
        assertThatThrownBy(() -> IpvsDaemon.of(3, "eth0", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpvsDaemon.of(STATE_MASTER, "a-very-long-ifname", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thirtyTwoBitStatsAreUnsigned() {
        byte[] stats = new AttributeWriter().u32(STATS_ATTR_CONNS, 0xffffffff).u64(STATS_ATTR_INBYTES, 1L << 40).toBytes();
        IpvsStats s = IpvsCodec.stats(Attributes.parse(stats), false);
        assertThat(s.conns()).isEqualTo(4294967295L);
        assertThat(s.inBytes()).isEqualTo(1L << 40);
    }

    @Test
    void recordsRejectInconsistentInput() {
        assertThatThrownBy(() -> new IpvsService(AF_INET, 6, ip("2001:2::1"), 80, 0, "rr", 0, 0, 0, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match family");
        assertThatThrownBy(() -> new IpvsService(AF_INET, 6, null, 80, 0, "rr", 0, 0, 0, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpvsCodec.parseService(IpvsCodec.getServices(0x1c))).isInstanceOf(NetlinkException.class);
    }
}
