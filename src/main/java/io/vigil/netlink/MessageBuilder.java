package io.vigil.netlink;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Builds one netlink request: {@code nlmsghdr}, a family header (written by the caller as raw fields, before any
 * attribute), then attributes ({@link AttributeWriter}), nested where needed. Sequence number and port id are left 0
 * for the socket to stamp ({@link NetlinkMessage#stamp}). Pure: no I/O.
 */
public final class MessageBuilder {
    private final int type, flags;
    private ByteBuffer familyHeader = ByteBuffer.allocate(32).order(NetlinkMessage.ORDER);
    private final AttributeWriter attributes = new AttributeWriter();

    public MessageBuilder(int type, int flags) {
        this.type = type;
        this.flags = flags;
    }

    private ByteBuffer headerRoom(int n) {
        if (!attributes.isEmpty()) throw new IllegalStateException("family header fields go before the attributes");
        if (familyHeader.remaining() < n) {
            familyHeader = ByteBuffer.allocate(familyHeader.capacity() * 2 + n).order(NetlinkMessage.ORDER)
                    .put(familyHeader.flip());
        }
        return familyHeader;
    }

    // Raw family-header fields, written in order.
    public MessageBuilder u8(int v) {
        headerRoom(1).put((byte) v);
        return this;
    }

    public MessageBuilder u16(int v) {
        headerRoom(2).putShort((short) v);
        return this;
    }

    public MessageBuilder u32(int v) {
        headerRoom(4).putInt(v);
        return this;
    }

    public MessageBuilder raw(byte[] v) {
        headerRoom(v.length).put(v);
        return this;
    }

    public MessageBuilder attr(int type, byte[] value) {
        attributes.bytes(type, value);
        return this;
    }

    public MessageBuilder attrU8(int type, int v) {
        attributes.u8(type, v);
        return this;
    }

    public MessageBuilder attrU16(int type, int v) {
        attributes.u16(type, v);
        return this;
    }

    public MessageBuilder attrU32(int type, int v) {
        attributes.u32(type, v);
        return this;
    }

    /** A NUL-terminated string attribute. */
    public MessageBuilder attrString(int type, String s) {
        attributes.string(type, s);
        return this;
    }

    public MessageBuilder attrAddress(int type, InetAddress a) {
        attributes.bytes(type, a.getAddress());
        return this;
    }

    /**
     * Opens a nested attribute without the NLA_F_NESTED flag, as iproute2 writes them (accepted by every
     * rtnetlink policy); close it with {@link #endNested()}.
     */
    public MessageBuilder beginNested(int type) {
        return beginNested(type, false);
    }

    /** Opens a nested attribute, optionally flagged NLA_F_NESTED (strictly validated generic netlink families). */
    public MessageBuilder beginNested(int type, boolean flagNested) {
        attributes.beginNested(type, flagNested);
        return this;
    }

    public MessageBuilder endNested() {
        attributes.endNested();
        return this;
    }

    public byte[] build() {
        byte[] attrs = attributes.toBytes();
        int headerLength = NetlinkMessage.align(familyHeader.position());
        byte[] payload = Arrays.copyOf(Arrays.copyOf(familyHeader.array(), familyHeader.position()), headerLength + attrs.length);
        System.arraycopy(attrs, 0, payload, headerLength, attrs.length);
        return new NetlinkMessage(type, flags, 0, 0, payload).encode();
    }
}
