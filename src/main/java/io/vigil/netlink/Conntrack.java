package io.vigil.netlink;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * ctnetlink (NETLINK_NETFILTER, subsystem CTNETLINK) codec for conntrack dumps. Pure: bytes in, records out.
 *
 * <pre>
 * +----------------------+-----------------------------------------------------------------------+
 * | nlmsghdr (16)        | type = NFNL_SUBSYS_CTNETLINK &lt;&lt; 8 | IPCTNL_MSG_CT_*                       |
 * +------------+---------+------------------+----------------------------------------------------+
 * | family (1) | version (1) | res_id (2, big-endian)  struct nfgenmsg                             | 16
 * +------------+---------+------------------+----------------------------------------------------+
 * | attributes: CTA_TUPLE_ORIG { CTA_TUPLE_IP { CTA_IP_V4_SRC/DST | CTA_IP_V6_SRC/DST },           | 20
 * |                              CTA_TUPLE_PROTO { CTA_PROTO_NUM u8, CTA_PROTO_SRC/DST_PORT be16 } }|
 * |             CTA_TUPLE_REPLY { same }, CTA_STATUS be32, CTA_MARK be32,                          |
 * |             CTA_PROTOINFO { CTA_PROTOINFO_TCP { CTA_PROTOINFO_TCP_STATE u8, ... } }, ...       |
 * +---------------------------------------------------------------------------------------------+
 * </pre>
 * ctnetlink writes its integers in network byte order (unlike rtnetlink); nested attributes carry NLA_F_NESTED,
 * which {@link Attributes} masks off.
 */
public final class Conntrack {
    private Conntrack() {}

    public static final int NETLINK_NETFILTER = 12;
    public static final int NFNL_SUBSYS_CTNETLINK = 1, NFNETLINK_V0 = 0;
    public static final int IPCTNL_MSG_CT_NEW = 0, IPCTNL_MSG_CT_GET = 1;
    /** Offsets in the payload (after nlmsghdr). */
    static final int OFF_FAMILY = 0, OFF_VERSION = 1, OFF_RES_ID = 2, NFGENMSG_LENGTH = 4;

    /** {@code enum ctattr_type}. */
    public static final int CTA_TUPLE_ORIG = 1, CTA_TUPLE_REPLY = 2, CTA_STATUS = 3, CTA_PROTOINFO = 4, CTA_TIMEOUT = 7,
            CTA_MARK = 8, CTA_ID = 12, CTA_ZONE = 18;
    /** {@code enum ctattr_tuple}, {@code ctattr_ip}, {@code ctattr_l4proto}. */
    public static final int CTA_TUPLE_IP = 1, CTA_TUPLE_PROTO = 2;
    public static final int CTA_IP_V4_SRC = 1, CTA_IP_V4_DST = 2, CTA_IP_V6_SRC = 3, CTA_IP_V6_DST = 4;
    public static final int CTA_PROTO_NUM = 1, CTA_PROTO_SRC_PORT = 2, CTA_PROTO_DST_PORT = 3;
    /** {@code enum ctattr_protoinfo}, {@code ctattr_protoinfo_tcp}. */
    public static final int CTA_PROTOINFO_TCP = 1, CTA_PROTOINFO_TCP_STATE = 1;

    /** The message type of a ctnetlink message ({@code subsystem << 8 | msg}). */
    public static int messageType(int msg) {
        return NFNL_SUBSYS_CTNETLINK << 8 | msg;
    }

    /** A dump request for every conntrack entry of {@code family} ({@link Rtnl#AF_INET}, AF_INET6, or AF_UNSPEC for both). */
    public static byte[] dumpRequest(int family) {
        return new MessageBuilder(messageType(IPCTNL_MSG_CT_GET), NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_DUMP)
                .u8(family).u8(NFNETLINK_V0).u16(0)
                .build();
    }

    /**
     * The entry in one message of a dump; empty for any other message type.
     *
     * @throws NetlinkException (errno 0) when the message is truncated or lacks a tuple
     */
    public static Optional<ConntrackEntry> decode(NetlinkMessage m) {
        if (m.type() != messageType(IPCTNL_MSG_CT_NEW)) return Optional.empty();
        byte[] p = m.payload();
        if (p.length < NFGENMSG_LENGTH) throw new NetlinkException("conntrack message of " + p.length + " bytes has no nfgenmsg", 0);
        Attributes a = Attributes.parse(p, NFGENMSG_LENGTH, p.length - NFGENMSG_LENGTH);
        if (!a.has(CTA_TUPLE_ORIG) || !a.has(CTA_TUPLE_REPLY)) throw new NetlinkException("conntrack entry without both tuples", 0);
        Attributes orig = a.nested(CTA_TUPLE_ORIG);
        int protocol = protocol(orig);
        ConntrackEntry.Tuple original = tuple(orig), reply = tuple(a.nested(CTA_TUPLE_REPLY));
        int status = be32(a, CTA_STATUS, 0);
        int mark = be32(a, CTA_MARK, 0);
        int tcpState = ConntrackEntry.NO_TCP_STATE;
        Attributes tcp = a.nested(CTA_PROTOINFO).nested(CTA_PROTOINFO_TCP);
        if (tcp.has(CTA_PROTOINFO_TCP_STATE)) tcpState = tcp.u8(CTA_PROTOINFO_TCP_STATE);
        return Optional.of(new ConntrackEntry(protocol, original, reply, status, tcpState, mark));
    }

    private static int protocol(Attributes tuple) {
        Integer n = tuple.nested(CTA_TUPLE_PROTO).u8(CTA_PROTO_NUM);
        if (n == null) throw new NetlinkException("conntrack tuple without CTA_PROTO_NUM", 0);
        return n;
    }

    private static ConntrackEntry.Tuple tuple(Attributes t) {
        Attributes ip = t.nested(CTA_TUPLE_IP);
        InetAddress src = ip.has(CTA_IP_V4_SRC) ? ip.address(CTA_IP_V4_SRC) : ip.address(CTA_IP_V6_SRC);
        InetAddress dst = ip.has(CTA_IP_V4_DST) ? ip.address(CTA_IP_V4_DST) : ip.address(CTA_IP_V6_DST);
        if (src == null || dst == null) throw new NetlinkException("conntrack tuple without addresses", 0);
        Attributes proto = t.nested(CTA_TUPLE_PROTO);
        return new ConntrackEntry.Tuple(src, dst, be16(proto, CTA_PROTO_SRC_PORT), be16(proto, CTA_PROTO_DST_PORT));
    }

    private static int be16(Attributes a, int type) {
        byte[] v = a.bytes(type);
        if (v == null) return 0;
        if (v.length < 2) throw new NetlinkException("attribute " + type + " too short for be16: " + v.length, 0);
        return ByteBuffer.wrap(v).order(ByteOrder.BIG_ENDIAN).getShort() & 0xffff;
    }

    private static int be32(Attributes a, int type, int orElse) {
        byte[] v = a.bytes(type);
        if (v == null) return orElse;
        if (v.length < 4) throw new NetlinkException("attribute " + type + " too short for be32: " + v.length, 0);
        return ByteBuffer.wrap(v).order(ByteOrder.BIG_ENDIAN).getInt();
    }
}
