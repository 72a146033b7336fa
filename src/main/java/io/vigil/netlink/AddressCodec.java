package io.vigil.netlink;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR messages. Pure codec.
 *
 * <pre>
 * struct ifaddrmsg (8 bytes), then attributes (IFA_LOCAL, IFA_ADDRESS, IFA_LABEL, IFA_BROADCAST, IFA_FLAGS)
 * +------------+--------------+------------+------------+
 * | family u8  | prefixlen u8 | flags u8   | scope u8   |  0
 * +------------+--------------+------------+------------+
 * |                 ifa_index (u32)                     |  4
 * +-----------------------------------------------------+
 * </pre>
 * Flags above 0xff only fit in the IFA_FLAGS attribute (sent only then, as iproute2 does). Requests are
 * byte-identical to iproute2's for the same command (see AddressCodecTest).
 */
public final class AddressCodec {
    private AddressCodec() {}

    public static final int IFADDRMSG_LENGTH = 8;
    public static final int OFF_FAMILY = 0, OFF_PREFIXLEN = 1, OFF_FLAGS = 2, OFF_SCOPE = 3, OFF_INDEX = 4;

    /** RTM_NEWADDR; {@code replace} updates an existing address instead of failing with EEXIST. */
    public static byte[] add(IfAddress a, boolean replace) {
        int flags = NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK | NetlinkMessage.NLM_F_CREATE
                | (replace ? NetlinkMessage.NLM_F_REPLACE : NetlinkMessage.NLM_F_EXCL);
        return encode(Rtnl.RTM_NEWADDR, flags, a);
    }

    public static byte[] delete(IfAddress a) {
        return encode(Rtnl.RTM_DELADDR, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK, a);
    }

    /** Dump of every address of one family ({@link Rtnl#AF_UNSPEC} for all). */
    public static byte[] dump(int family) {
        return new MessageBuilder(Rtnl.RTM_GETADDR, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_DUMP)
                .u8(family).u8(0).u8(0).u8(0).u32(0).build();
    }

    private static byte[] encode(int type, int flags, IfAddress a) {
        // Attribute order and flag placement as iproute2 writes them, so requests compare byte for byte.
        boolean smallFlags = (a.flags() & ~0xff) == 0;
        MessageBuilder m = new MessageBuilder(type, flags)
                .u8(a.family()).u8(a.prefixLength()).u8(smallFlags ? a.flags() : 0).u8(a.scope()).u32(a.ifIndex());
        m.attrAddress(Rtnl.IFA_LOCAL, a.address());
        if (a.label() != null) m.attrString(Rtnl.IFA_LABEL, a.label());
        if (a.broadcast() != null) m.attrAddress(Rtnl.IFA_BROADCAST, a.broadcast());
        m.attrAddress(Rtnl.IFA_ADDRESS, a.address());
        if (!smallFlags) m.attrU32(Rtnl.IFA_FLAGS, a.flags());
        return m.build();
    }

    /** Decodes an RTM_NEWADDR / RTM_DELADDR payload (dump reply or event). */
    public static IfAddress decode(NetlinkMessage msg) {
        byte[] p = msg.payload();
        if (p.length < IFADDRMSG_LENGTH) throw new NetlinkException("ifaddrmsg truncated: " + p.length + " bytes", 0);
        ByteBuffer b = ByteBuffer.wrap(p).order(NetlinkMessage.ORDER);
        int family = Byte.toUnsignedInt(b.get(OFF_FAMILY));
        int prefix = Byte.toUnsignedInt(b.get(OFF_PREFIXLEN));
        int flags = Byte.toUnsignedInt(b.get(OFF_FLAGS));
        int scope = Byte.toUnsignedInt(b.get(OFF_SCOPE));
        int index = b.getInt(OFF_INDEX);
        Attributes at = Attributes.parse(p, IFADDRMSG_LENGTH, p.length - IFADDRMSG_LENGTH);
        InetAddress local = at.address(Rtnl.IFA_LOCAL);
        InetAddress addr = local != null ? local : at.address(Rtnl.IFA_ADDRESS);
        if (addr == null) throw new NetlinkException("address message without IFA_LOCAL/IFA_ADDRESS (family " + family + ")", 0);
        if (addr instanceof Inet6Address && (family != Rtnl.AF_INET6))
            throw new NetlinkException("family " + family + " with an IPv6 address", 0);
        flags = at.u32(Rtnl.IFA_FLAGS, flags);
        try {
            return new IfAddress(index, addr, prefix, scope, flags, at.string(Rtnl.IFA_LABEL), at.address(Rtnl.IFA_BROADCAST));
        } catch (IllegalArgumentException e) {
            throw new NetlinkException("invalid address message: " + e.getMessage(), 0);
        }
    }
}
