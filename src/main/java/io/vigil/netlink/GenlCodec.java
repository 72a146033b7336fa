package io.vigil.netlink;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Generic netlink (NETLINK_GENERIC) framing and the controller's family lookup. Pure codec.
 *
 * <pre>
 * nlmsghdr (type = family id) | struct genlmsghdr (4 bytes) | attributes
 * +------------+-------------+---------------------------+
 * | cmd u8     | version u8  | reserved u16              |  0
 * +------------+-------------+---------------------------+
 * </pre>
 * Families (e.g. "IPVS") get a dynamic id: ask the controller (id 16, "nlctrl") with CTRL_CMD_GETFAMILY.
 */
public final class GenlCodec {
    private GenlCodec() {}

    public static final int GENLMSGHDR_LENGTH = 4, OFF_CMD = 0, OFF_VERSION = 1;
    public static final int GENL_ID_CTRL = 16;
    public static final int CTRL_CMD_NEWFAMILY = 1, CTRL_CMD_GETFAMILY = 3;
    public static final int CTRL_ATTR_FAMILY_ID = 1, CTRL_ATTR_FAMILY_NAME = 2, CTRL_ATTR_VERSION = 3,
            CTRL_ATTR_HDRSIZE = 4, CTRL_ATTR_MAXATTR = 5, CTRL_ATTR_MCAST_GROUPS = 7;
    public static final int CTRL_ATTR_MCAST_GRP_NAME = 1, CTRL_ATTR_MCAST_GRP_ID = 2;

    /** A resolved family: its id (the nlmsg_type of its messages), version and multicast groups by name. */
    public record Family(String name, int id, int version, int maxAttr, Map<String, Integer> multicastGroups) {}

    /** Starts a generic netlink message to {@code familyId}; add attributes and {@link MessageBuilder#build()}. */
    public static MessageBuilder message(int familyId, int flags, int cmd, int version) {
        return new MessageBuilder(familyId, flags).u8(cmd).u8(version).u16(0);
    }

    public static byte[] getFamily(String name) {
        return message(GENL_ID_CTRL, NetlinkMessage.NLM_F_REQUEST, CTRL_CMD_GETFAMILY, 1)
                .attrString(CTRL_ATTR_FAMILY_NAME, name).build();
    }

    public static int command(NetlinkMessage m) {
        return Byte.toUnsignedInt(m.payload()[OFF_CMD]);
    }

    /** The attributes after the genlmsghdr of a reply. */
    public static Attributes attributes(NetlinkMessage m) {
        byte[] p = m.payload();
        if (p.length < GENLMSGHDR_LENGTH) throw new NetlinkException("genlmsghdr truncated: " + p.length + " bytes", 0);
        return Attributes.parse(p, GENLMSGHDR_LENGTH, p.length - GENLMSGHDR_LENGTH);
    }

    public static Family decodeFamily(NetlinkMessage m) {
        Attributes at = attributes(m);
        Integer id = at.u16(CTRL_ATTR_FAMILY_ID);
        if (id == null) throw new NetlinkException("CTRL_CMD_NEWFAMILY without a family id", 0);
        Map<String, Integer> groups = new LinkedHashMap<>();
        Attributes grps = at.nested(CTRL_ATTR_MCAST_GROUPS);
        for (int t : grps.types()) {
            Attributes g = grps.nested(t);
            if (g.string(CTRL_ATTR_MCAST_GRP_NAME) != null && g.u32(CTRL_ATTR_MCAST_GRP_ID) != null)
                groups.put(g.string(CTRL_ATTR_MCAST_GRP_NAME), g.u32(CTRL_ATTR_MCAST_GRP_ID));
        }
        return new Family(at.string(CTRL_ATTR_FAMILY_NAME), id, at.u32(CTRL_ATTR_VERSION, 0), at.u32(CTRL_ATTR_MAXATTR, 0),
                Map.copyOf(groups));
    }

    static ByteBuffer header(NetlinkMessage m) {
        return m.payloadBuffer();
    }
}
