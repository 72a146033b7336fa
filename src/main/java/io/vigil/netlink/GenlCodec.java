package io.vigil.netlink;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The generic netlink controller's family lookup (messages: {@link GenlMessage}). Pure codec.
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

    public static final int GENL_ID_CTRL = 16;
    public static final int CTRL_CMD_NEWFAMILY = 1, CTRL_CMD_GETFAMILY = 3;
    public static final int CTRL_ATTR_FAMILY_ID = 1, CTRL_ATTR_FAMILY_NAME = 2, CTRL_ATTR_VERSION = 3,
            CTRL_ATTR_HDRSIZE = 4, CTRL_ATTR_MAXATTR = 5, CTRL_ATTR_MCAST_GROUPS = 7;
    public static final int CTRL_ATTR_MCAST_GRP_NAME = 1, CTRL_ATTR_MCAST_GRP_ID = 2;

    /** A resolved family: its id (the nlmsg_type of its messages), version and multicast groups by name. */
    public record Family(String name, int id, int version, int maxAttr, Map<String, Integer> multicastGroups) {}

    /** The controller's own version as libnl and ipvsadm send it. */
    public static final int CTRL_VERSION = 1;

    /** CTRL_CMD_GETFAMILY by name, with an acknowledgement requested (as ipvsadm sends it). */
    public static GenlMessage getFamily(String name) {
        return GenlMessage.request(GENL_ID_CTRL, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK, CTRL_CMD_GETFAMILY,
                CTRL_VERSION, new AttributeWriter().string(CTRL_ATTR_FAMILY_NAME, name));
    }

    /** Reads a CTRL_CMD_NEWFAMILY reply. */
    public static Family decodeFamily(GenlMessage m) {
        if (m.familyId() != GENL_ID_CTRL || m.command() != CTRL_CMD_NEWFAMILY)
            throw new NetlinkException("not a family description: family " + m.familyId() + " cmd " + m.command(), 0);
        Attributes at = m.attrs();
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
}
