package io.vigil.netlink.genl;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The generic netlink controller ({@code nlctrl}, fixed id 0x10): resolving a family name such as "IPVS" to the
 * id the kernel assigned it at registration (pure codec).
 */
public final class GenlControl {
    private GenlControl() {}

    public static final int GENL_ID_CTRL = 0x10;
    public static final int CTRL_CMD_NEWFAMILY = 1, CTRL_CMD_GETFAMILY = 3;
    public static final int CTRL_ATTR_FAMILY_ID = 1, CTRL_ATTR_FAMILY_NAME = 2, CTRL_ATTR_VERSION = 3,
            CTRL_ATTR_HDRSIZE = 4, CTRL_ATTR_MAXATTR = 5, CTRL_ATTR_OPS = 6, CTRL_ATTR_MCAST_GROUPS = 7;
    public static final int CTRL_ATTR_MCAST_GRP_NAME = 1, CTRL_ATTR_MCAST_GRP_ID = 2;
    /** The controller's own version as libnl and ipvsadm send it. */
    public static final int CTRL_VERSION = 1;

    /** A resolved family. */
    public record Family(int id, String name, int version, int headerSize, int maxAttr, Map<String, Integer> multicastGroups) {
        public Family {
            multicastGroups = Map.copyOf(multicastGroups);
        }
    }

    /** CTRL_CMD_GETFAMILY by name, with an acknowledgement requested (as ipvsadm sends it). */
    public static GenlMessage getFamily(String name) {
        return GenlMessage.request(GENL_ID_CTRL, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK, CTRL_CMD_GETFAMILY,
                CTRL_VERSION, new AttributeWriter().string(CTRL_ATTR_FAMILY_NAME, name));
    }

    /** Reads a CTRL_CMD_NEWFAMILY reply. */
    public static Family parseFamily(GenlMessage reply) {
        if (reply.familyId() != GENL_ID_CTRL || reply.command() != CTRL_CMD_NEWFAMILY)
            throw new NetlinkFormatException("not a family description: family " + reply.familyId() + " cmd " + reply.command());
        Attributes a = reply.attrs();
        int id = a.u16(CTRL_ATTR_FAMILY_ID).orElseThrow(() -> new NetlinkFormatException("family reply without CTRL_ATTR_FAMILY_ID"));
        String name = a.string(CTRL_ATTR_FAMILY_NAME).orElse("");
        Map<String, Integer> groups = new LinkedHashMap<>();
        a.nested(CTRL_ATTR_MCAST_GROUPS).ifPresent(g -> {
            for (Attributes.Attribute entry : g.all()) {
                Attributes e = Attributes.parse(entry.value());
                e.string(CTRL_ATTR_MCAST_GRP_NAME).ifPresent(n -> groups.put(n, e.u32(CTRL_ATTR_MCAST_GRP_ID).orElse(0)));
            }
        });
        return new Family(id, name, a.u32(CTRL_ATTR_VERSION).orElse(0), a.u32(CTRL_ATTR_HDRSIZE).orElse(0),
                a.u32(CTRL_ATTR_MAXATTR).orElse(0), groups);
    }
}
