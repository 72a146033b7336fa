package io.vigil.netlink;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Builds one netlink request: {@code nlmsghdr}, a family header (written by the caller as raw fields), then
 * attributes, nested where needed. Sequence number and port id are left 0 for the socket to stamp
 * ({@link NetlinkMessage#stamp}). Pure: no I/O.
 */
public final class MessageBuilder {
    private ByteBuffer buf = ByteBuffer.allocate(256).order(NetlinkMessage.ORDER);
    private final Deque<Integer> nests = new ArrayDeque<>();

    public MessageBuilder(int type, int flags) {
        buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(0).putInt(0);
    }

    private void ensure(int n) {
        if (buf.remaining() < n + 8) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n + 64)).order(NetlinkMessage.ORDER);
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
    }

    // Raw family-header fields, written in order.
    public MessageBuilder u8(int v) {
        ensure(1);
        buf.put((byte) v);
        return this;
    }

    public MessageBuilder u16(int v) {
        ensure(2);
        buf.putShort((short) v);
        return this;
    }

    public MessageBuilder u32(int v) {
        ensure(4);
        buf.putInt(v);
        return this;
    }

    public MessageBuilder raw(byte[] v) {
        ensure(v.length);
        buf.put(v);
        return this;
    }

    private void pad() {
        while ((buf.position() & 3) != 0) buf.put((byte) 0);
    }

    public MessageBuilder attr(int type, byte[] value) {
        pad();
        ensure(Attributes.HEADER_LENGTH + value.length + 3);
        buf.putShort((short) (Attributes.HEADER_LENGTH + value.length)).putShort((short) type).put(value);
        pad();
        return this;
    }

    public MessageBuilder attrU8(int type, int v) {
        return attr(type, new byte[] {(byte) v});
    }

    public MessageBuilder attrU16(int type, int v) {
        return attr(type, ByteBuffer.allocate(2).order(NetlinkMessage.ORDER).putShort((short) v).array());
    }

    public MessageBuilder attrU32(int type, int v) {
        return attr(type, ByteBuffer.allocate(4).order(NetlinkMessage.ORDER).putInt(v).array());
    }

    /** A NUL-terminated string attribute. */
    public MessageBuilder attrString(int type, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return attr(type, Arrays.copyOf(b, b.length + 1));
    }

    public MessageBuilder attrAddress(int type, InetAddress a) {
        return attr(type, a.getAddress());
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
        pad();
        ensure(Attributes.HEADER_LENGTH);
        nests.push(buf.position());
        buf.putShort((short) 0).putShort((short) (flagNested ? type | Attributes.NLA_F_NESTED : type));
        return this;
    }

    public MessageBuilder endNested() {
        int start = nests.pop();
        buf.putShort(start, (short) (buf.position() - start));
        return this;
    }

    public byte[] build() {
        if (!nests.isEmpty()) throw new IllegalStateException("unclosed nested attribute");
        pad();
        buf.putInt(NetlinkMessage.OFF_LEN, buf.position());
        return Arrays.copyOf(buf.array(), buf.position());
    }
}
