package io.vigil.netlink;

import java.nio.ByteBuffer;

/**
 * RTM_NEWLINK / RTM_DELLINK / RTM_GETLINK messages. Pure codec.
 *
 * <pre>
 * struct ifinfomsg (16 bytes), then attributes (IFLA_IFNAME, IFLA_ADDRESS, IFLA_MTU, IFLA_LINK, IFLA_LINKINFO...)
 * +------------+------------+---------------------------+
 * | family u8  | pad u8     | ifi_type (u16, ARPHRD_*)  |  0
 * +------------+------------+---------------------------+
 * |                 ifi_index (s32)                     |  4
 * +-----------------------------------------------------+
 * |                 ifi_flags (u32, IFF_*)              |  8
 * +-----------------------------------------------------+
 * |                 ifi_change (u32, mask of flags set) | 12
 * +-----------------------------------------------------+
 *
 * IFLA_LINKINFO (nested): IFLA_INFO_KIND "macvlan", IFLA_INFO_DATA (nested): IFLA_MACVLAN_MODE u32
 * </pre>
 */
public final class LinkCodec {
    private LinkCodec() {}

    public static final int IFINFOMSG_LENGTH = 16;
    public static final int OFF_FAMILY = 0, OFF_TYPE = 2, OFF_INDEX = 4, OFF_FLAGS = 8, OFF_CHANGE = 12;

    public static byte[] dump() {
        return header(Rtnl.RTM_GETLINK, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_DUMP, 0, 0, 0).build();
    }

    /** Gets one link by index. */
    public static byte[] get(int index) {
        return header(Rtnl.RTM_GETLINK, NetlinkMessage.NLM_F_REQUEST, index, 0, 0).build();
    }

    /** Gets one link by name. */
    public static byte[] get(String name) {
        return header(Rtnl.RTM_GETLINK, NetlinkMessage.NLM_F_REQUEST, 0, 0, 0).attrString(Rtnl.IFLA_IFNAME, name).build();
    }

    /** Sets a link administratively up or down ({@code ip link set dev X up|down}). */
    public static byte[] setUp(int index, boolean up) {
        return header(Rtnl.RTM_NEWLINK, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK, index,
                up ? Rtnl.IFF_UP : 0, Rtnl.IFF_UP).build();
    }

    /**
     * Creates a macvlan interface on {@code parentIndex} ({@code ip link add link PARENT name NAME address MAC
     * type macvlan mode MODE}); it is created down.
     */
    public static byte[] newMacvlan(String name, int parentIndex, String mac, int macvlanMode) {
        MessageBuilder m = header(Rtnl.RTM_NEWLINK, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK
                | NetlinkMessage.NLM_F_CREATE | NetlinkMessage.NLM_F_EXCL, 0, 0, 0);
        // iproute2's order and its un-terminated kind string: the request is byte-identical to `ip link add`.
        if (mac != null) m.attr(Rtnl.IFLA_ADDRESS, Link.parseMac(mac));
        m.attrU32(Rtnl.IFLA_LINK, parentIndex).attrString(Rtnl.IFLA_IFNAME, name);
        m.beginNested(Rtnl.IFLA_LINKINFO).attr(Rtnl.IFLA_INFO_KIND, "macvlan".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .beginNested(Rtnl.IFLA_INFO_DATA).attrU32(Rtnl.IFLA_MACVLAN_MODE, macvlanMode).endNested()
                .endNested();
        return m.build();
    }

    public static byte[] delete(int index) {
        return header(Rtnl.RTM_DELLINK, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK, index, 0, 0).build();
    }

    private static MessageBuilder header(int type, int nlFlags, int index, int ifFlags, int change) {
        return new MessageBuilder(type, nlFlags).u8(Rtnl.AF_UNSPEC).u8(0).u16(0).u32(index).u32(ifFlags).u32(change);
    }

    /** IFLA_MACVLAN_MODE of a macvlan's RTM_NEWLINK (MACVLAN_MODE_*), or 0 when the message carries none. */
    public static int macvlanMode(NetlinkMessage msg) {
        byte[] p = msg.payload();
        if (p.length < IFINFOMSG_LENGTH) throw new NetlinkException("ifinfomsg truncated: " + p.length + " bytes", 0);
        Attributes at = Attributes.parse(p, IFINFOMSG_LENGTH, p.length - IFINFOMSG_LENGTH);
        return at.nested(Rtnl.IFLA_LINKINFO).nested(Rtnl.IFLA_INFO_DATA).u32(Rtnl.IFLA_MACVLAN_MODE, 0);
    }

    public static Link decode(NetlinkMessage msg) {
        byte[] p = msg.payload();
        if (p.length < IFINFOMSG_LENGTH) throw new NetlinkException("ifinfomsg truncated: " + p.length + " bytes", 0);
        ByteBuffer b = ByteBuffer.wrap(p).order(NetlinkMessage.ORDER);
        int index = b.getInt(OFF_INDEX);
        int flags = b.getInt(OFF_FLAGS);
        Attributes at = Attributes.parse(p, IFINFOMSG_LENGTH, p.length - IFINFOMSG_LENGTH);
        byte[] mac = at.bytes(Rtnl.IFLA_ADDRESS);
        String kind = at.nested(Rtnl.IFLA_LINKINFO).string(Rtnl.IFLA_INFO_KIND);
        Integer oper = at.u8(Rtnl.IFLA_OPERSTATE);
        return new Link(index, at.string(Rtnl.IFLA_IFNAME), flags, mac != null && mac.length == 6 ? Link.formatMac(mac) : null,
                at.u32(Rtnl.IFLA_MTU, 0), at.u32(Rtnl.IFLA_MASTER, 0), at.u32(Rtnl.IFLA_LINK, 0), kind,
                oper == null ? Rtnl.IF_OPER_UNKNOWN : oper);
    }
}
