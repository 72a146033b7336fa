package io.vigil.netlink;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Builds a run of netlink attributes (see {@link Attributes} for the layout): the one attribute encoder, used by
 * {@link MessageBuilder} and {@link GenlMessage}. Host byte order except the {@code be*} methods. Nested attributes:
 * {@link #beginNested} / {@link #endNested}; {@link #beginNested(int)} sets NLA_F_NESTED as ipvsadm and the strictly
 * validated generic netlink families want it, {@link #beginNested(int, boolean)} can leave it off as iproute2 does
 * for rtnetlink (the kernel accepts nests with or without it there).
 */
public final class AttributeWriter {
    private byte[] buf = new byte[256];
    private int size;
    private final Deque<Integer> openNests = new ArrayDeque<>();

    private ByteBuffer view() {
        return ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
    }

    private void ensure(int more) {
        if (size + more > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }

    private AttributeWriter header(int type, int valueLength) {
        int len = Attributes.HEADER_LENGTH + valueLength;
        if (len > 0xffff) throw new IllegalArgumentException("attribute " + type + " too long: " + valueLength + " bytes");
        ensure(NetlinkMessage.align(len));
        view().putShort(size, (short) len).putShort(size + 2, (short) type);
        size += Attributes.HEADER_LENGTH;
        return this;
    }

    private void pad() {
        int aligned = NetlinkMessage.align(size);
        ensure(aligned - size);
        while (size < aligned) buf[size++] = 0;
    }

    public AttributeWriter bytes(int type, byte[] value) {
        header(type, value.length);
        System.arraycopy(value, 0, buf, size, value.length);
        size += value.length;
        pad();
        return this;
    }

    public AttributeWriter u8(int type, int value) {
        return bytes(type, new byte[] {(byte) value});
    }

    public AttributeWriter u16(int type, int value) {
        return bytes(type, ByteBuffer.allocate(2).order(ByteOrder.nativeOrder()).putShort((short) value).array());
    }

    /** A 16-bit value in network byte order (ports). */
    public AttributeWriter be16(int type, int value) {
        return bytes(type, ByteBuffer.allocate(2).order(ByteOrder.BIG_ENDIAN).putShort((short) value).array());
    }

    public AttributeWriter u32(int type, int value) {
        return bytes(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    /** A 32-bit value in network byte order (IPv4 masks). */
    public AttributeWriter be32(int type, int value) {
        return bytes(type, ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(value).array());
    }

    public AttributeWriter u64(int type, long value) {
        return bytes(type, ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(value).array());
    }

    /** A NUL-terminated string. */
    public AttributeWriter string(int type, String value) {
        byte[] s = value.getBytes(StandardCharsets.UTF_8);
        byte[] z = java.util.Arrays.copyOf(s, s.length + 1);
        return bytes(type, z);
    }

    public AttributeWriter beginNested(int type) {
        return beginNested(type, true);
    }

    public AttributeWriter beginNested(int type, boolean flagNested) {
        pad();
        openNests.push(size);
        return header(flagNested ? type | Attributes.NLA_F_NESTED : type, 0);
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public AttributeWriter endNested() {
        if (openNests.isEmpty()) throw new IllegalStateException("endNested without beginNested");
        int start = openNests.pop();
        int len = size - start;
        if (len > 0xffff) throw new IllegalArgumentException("nested attribute too long: " + len + " bytes");
        view().putShort(start, (short) len);
        return this;
    }

    /** Appends a nested attribute built by another writer. */
    public AttributeWriter nested(int type, AttributeWriter inner) {
        beginNested(type);
        byte[] b = inner.toBytes();
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return endNested();
    }

    public byte[] toBytes() {
        if (!openNests.isEmpty()) throw new IllegalStateException(openNests.size() + " nested attribute(s) not closed");
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.write(buf, 0, size);
        return out.toByteArray();
    }
}
