package io.vigil.netlink.genl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A parsed run of netlink attributes (pure). Each attribute is a TLV padded to 4 bytes:
 *
 * <pre>
 *  0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |     length (4 + value bytes)  |N|B|   type (14 bits)          | 0
 *  +---------------+---------------+---------------+---------------+
 *  |                  value, padded to a multiple of 4             | 4
 * </pre>
 *
 * N = NLA_F_NESTED, B = NLA_F_NET_BYTEORDER; both are masked off the type. Integers are host order unless
 * the attribute is defined as big-endian (ports, IPv4 masks): read those with {@link #be16}/{@link #be32}.
 * Lookups return the first attribute of a type; a missing attribute is an empty optional, a wrong-sized one a
 * {@link NetlinkFormatException}.
 */
public final class Attributes {
    public static final int HEADER_BYTES = 4;
    public static final int NLA_F_NESTED = 0x8000, NLA_F_NET_BYTEORDER = 0x4000, NLA_TYPE_MASK = 0x3fff;

    /** One attribute: its type (flags masked off) and a copy of its value. */
    public record Attribute(int type, byte[] value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Attribute a && a.type == type && Arrays.equals(a.value, value);
        }

        @Override
        public int hashCode() {
            return type * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Attribute[type=" + type + ", " + value.length + " bytes]";
        }
    }

    private final List<Attribute> list;

    private Attributes(List<Attribute> list) {
        this.list = list;
    }

    public static final Attributes EMPTY = new Attributes(List.of());

    public static Attributes parse(byte[] data) {
        return parse(data, 0, data.length);
    }

    /** Parses {@code length} bytes from {@code offset}; trailing padding shorter than a header is ignored. */
    public static Attributes parse(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > data.length)
            throw new NetlinkFormatException("attribute range " + offset + "+" + length + " outside " + data.length + " bytes");
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
        List<Attribute> out = new ArrayList<>();
        int pos = offset, end = offset + length;
        while (end - pos >= HEADER_BYTES) {
            int len = b.getShort(pos) & 0xffff;
            int type = b.getShort(pos + 2) & NLA_TYPE_MASK;
            if (len < HEADER_BYTES || len > end - pos)
                throw new NetlinkFormatException("attribute type " + type + " at byte " + (pos - offset) + " has length " + len + " (" + (end - pos) + " bytes left)");
            out.add(new Attribute(type, Arrays.copyOfRange(data, pos + HEADER_BYTES, pos + len)));
            pos += NetlinkMessage.align4(len);
        }
        return new Attributes(Collections.unmodifiableList(out));
    }

    public List<Attribute> all() {
        return list;
    }

    public boolean has(int type) {
        return list.stream().anyMatch(a -> a.type == type);
    }

    public Optional<byte[]> bytes(int type) {
        for (Attribute a : list) if (a.type == type) return Optional.of(a.value.clone());
        return Optional.empty();
    }

    private Optional<ByteBuffer> sized(int type, int size, String what) {
        for (Attribute a : list) {
            if (a.type != type) continue;
            if (a.value.length < size)
                throw new NetlinkFormatException(what + " attribute " + type + " has " + a.value.length + " bytes, expected " + size);
            return Optional.of(ByteBuffer.wrap(a.value).order(ByteOrder.nativeOrder()));
        }
        return Optional.empty();
    }

    public OptionalInt u8(int type) {
        return sized(type, 1, "u8").map(b -> OptionalInt.of(b.get(0) & 0xff)).orElse(OptionalInt.empty());
    }

    public OptionalInt u16(int type) {
        return sized(type, 2, "u16").map(b -> OptionalInt.of(b.getShort(0) & 0xffff)).orElse(OptionalInt.empty());
    }

    /** A 16-bit value in network byte order (ports). */
    public OptionalInt be16(int type) {
        return sized(type, 2, "be16").map(b -> OptionalInt.of(b.order(ByteOrder.BIG_ENDIAN).getShort(0) & 0xffff)).orElse(OptionalInt.empty());
    }

    /** A 32-bit value as the int of its host-order bits (use {@link Integer#toUnsignedLong} for values above 2^31). */
    public OptionalInt u32(int type) {
        return sized(type, 4, "u32").map(b -> OptionalInt.of(b.getInt(0))).orElse(OptionalInt.empty());
    }

    /** A 32-bit value in network byte order (IPv4 masks, IPv4 addresses as integers). */
    public OptionalInt be32(int type) {
        return sized(type, 4, "be32").map(b -> OptionalInt.of(b.order(ByteOrder.BIG_ENDIAN).getInt(0))).orElse(OptionalInt.empty());
    }

    public OptionalLong u64(int type) {
        return sized(type, 8, "u64").map(b -> OptionalLong.of(b.getLong(0))).orElse(OptionalLong.empty());
    }

    /** A NUL-terminated (or unterminated) string; bytes after the first NUL are ignored. */
    public Optional<String> string(int type) {
        for (Attribute a : list) {
            if (a.type != type) continue;
            int n = 0;
            while (n < a.value.length && a.value[n] != 0) n++;
            return Optional.of(new String(a.value, 0, n, StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }

    public Optional<Attributes> nested(int type) {
        for (Attribute a : list) if (a.type == type) return Optional.of(parse(a.value));
        return Optional.empty();
    }

    /** Every nested attribute of this type, in order (e.g. the multicast groups of a family). */
    public List<Attributes> nestedAll(int type) {
        List<Attributes> out = new ArrayList<>();
        for (Attribute a : list) if (a.type == type) out.add(parse(a.value));
        return out;
    }

    @Override
    public String toString() {
        return "Attributes" + list;
    }
}
