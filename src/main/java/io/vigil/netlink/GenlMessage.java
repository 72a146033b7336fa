package io.vigil.netlink;

import java.util.Arrays;

/**
 * A generic netlink message: a {@link NetlinkMessage} whose type is the family id, then the generic header and the
 * attributes (pure codec; the family lookup is {@link GenlCodec}).
 *
 * <pre>
 *  0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |              netlink header (16 bytes, type = family id)      | 0
 *  +---------------+---------------+---------------+---------------+
 *  |    command    |    version    |           reserved            | 16
 *  +---------------+---------------+---------------+---------------+
 *  |                        attributes ...                         | 20
 * </pre>
 *
 * @param attributes the encoded attribute run (see {@link AttributeWriter}, {@link Attributes})
 */
public record GenlMessage(int familyId, int flags, int seq, int pid, int command, int version, byte[] attributes) {
    public static final int GENL_HEADER_BYTES = 4;
    static final int OFF_CMD = 0, OFF_VERSION = 1;

    public GenlMessage {
        if (attributes == null) attributes = new byte[0];
        if (command < 0 || command > 255 || version < 0 || version > 255) throw new IllegalArgumentException("command and version are 8-bit");
    }

    /** A request with no sequence number yet (the socket assigns it). */
    public static GenlMessage request(int familyId, int flags, int command, int version, AttributeWriter attrs) {
        return new GenlMessage(familyId, flags, 0, 0, command, version, attrs == null ? new byte[0] : attrs.toBytes());
    }

    public Attributes attrs() {
        return Attributes.parse(attributes);
    }

    public NetlinkMessage toNetlink() {
        byte[] p = new byte[GENL_HEADER_BYTES + attributes.length];
        p[OFF_CMD] = (byte) command;
        p[OFF_VERSION] = (byte) version;
        System.arraycopy(attributes, 0, p, GENL_HEADER_BYTES, attributes.length);
        return new NetlinkMessage(familyId, flags, seq, pid, p);
    }

    public byte[] encode() {
        return toNetlink().encode();
    }

    public GenlMessage withSeq(int newSeq, int newPid) {
        return new GenlMessage(familyId, flags, newSeq, newPid, command, version, attributes);
    }

    /** Reads a generic netlink message; control messages (errors, done) are not generic messages. */
    public static GenlMessage fromNetlink(NetlinkMessage m) {
        if (m.type() < 0x10) throw new NetlinkException("netlink type " + m.type() + " is a control message, not a generic netlink family", 0);
        byte[] p = m.payload();
        if (p.length < GENL_HEADER_BYTES) throw new NetlinkException("generic netlink payload of " + p.length + " bytes has no genlmsghdr", 0);
        return new GenlMessage(m.type(), m.flags(), m.seq(), m.pid(), p[OFF_CMD] & 0xff, p[OFF_VERSION] & 0xff,
                Arrays.copyOfRange(p, GENL_HEADER_BYTES, p.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GenlMessage g && g.familyId == familyId && g.flags == flags && g.seq == seq && g.pid == pid
                && g.command == command && g.version == version && Arrays.equals(g.attributes, attributes);
    }

    @Override
    public int hashCode() {
        return ((familyId * 31 + command) * 31 + seq) * 31 + Arrays.hashCode(attributes);
    }

    @Override
    public String toString() {
        return "GenlMessage[family=" + familyId + ", cmd=" + command + ", v" + version + ", flags=0x" + Integer.toHexString(flags)
                + ", seq=" + Integer.toUnsignedString(seq) + ", " + attributes.length + " attribute bytes]";
    }
}
