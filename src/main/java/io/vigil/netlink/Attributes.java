package io.vigil.netlink;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed list of netlink attributes ({@code struct nlattr} TLVs). Pure codec.
 *
 * <pre>
 * +---------------------+---------------------+------------------------------+
 * | nla_len (u16)       | nla_type (u16)      | value, padded to 4 bytes     |
 * +---------------------+---------------------+------------------------------+
 *   0                     2                     4
 * </pre>
 * {@code nla_len} counts header + value (not the padding). The top two bits of {@code nla_type} are the
 * NESTED and NET_BYTEORDER flags; they are masked off the key here. Only the first occurrence of a type is
 * kept by {@link #bytes(int)}; {@link #all(int)} returns every one (multipath, repeated entries).
 */
public final class Attributes {
    public static final int HEADER_LENGTH = 4, OFF_LEN = 0, OFF_TYPE = 2;
    public static final int NLA_F_NESTED = 0x8000, NLA_F_NET_BYTEORDER = 0x4000, NLA_TYPE_MASK = 0x3fff;

    private final Map<Integer, List<byte[]>> byType;

    private Attributes(Map<Integer, List<byte[]>> byType) {
        this.byType = byType;
    }

    public static Attributes parse(byte[] buf, int off, int len) {
        Map<Integer, List<byte[]>> map = new LinkedHashMap<>();
        ByteBuffer b = ByteBuffer.wrap(buf).order(NetlinkMessage.ORDER);
        int pos = off, end = off + len;
        while (end - pos >= HEADER_LENGTH) {
            int nlaLen = Short.toUnsignedInt(b.getShort(pos + OFF_LEN));
            int type = Short.toUnsignedInt(b.getShort(pos + OFF_TYPE)) & NLA_TYPE_MASK;
            if (nlaLen < HEADER_LENGTH || nlaLen > end - pos)
                throw new NetlinkException("malformed attribute type " + type + ": length " + nlaLen + " with " + (end - pos) + " bytes left", 0);
            map.computeIfAbsent(type, k -> new ArrayList<>()).add(Arrays.copyOfRange(buf, pos + HEADER_LENGTH, pos + nlaLen));
            pos += NetlinkMessage.align(nlaLen);
        }
        return new Attributes(map);
    }

    public static Attributes parse(byte[] buf) {
        return parse(buf, 0, buf.length);
    }

    public boolean has(int type) {
        return byType.containsKey(type);
    }

    /** The value of the first attribute of this type, or null. */
    public byte[] bytes(int type) {
        List<byte[]> l = byType.get(type);
        return l == null ? null : l.getFirst().clone();
    }

    public List<byte[]> all(int type) {
        return byType.getOrDefault(type, List.of()).stream().map(byte[]::clone).toList();
    }

    public Integer u32(int type) {
        byte[] v = byType.containsKey(type) ? byType.get(type).getFirst() : null;
        if (v == null) return null;
        if (v.length < 4) throw new NetlinkException("attribute " + type + " too short for u32: " + v.length, 0);
        return ByteBuffer.wrap(v).order(NetlinkMessage.ORDER).getInt();
    }

    public int u32(int type, int orElse) {
        Integer v = u32(type);
        return v == null ? orElse : v;
    }

    public Integer u8(int type) {
        byte[] v = byType.containsKey(type) ? byType.get(type).getFirst() : null;
        if (v == null) return null;
        if (v.length < 1) throw new NetlinkException("attribute " + type + " empty", 0);
        return Byte.toUnsignedInt(v[0]);
    }

    /** A 16-bit value in network byte order (ports), or null. */
    public Integer be16(int type) {
        byte[] v = byType.containsKey(type) ? byType.get(type).getFirst() : null;
        if (v == null) return null;
        if (v.length < 2) throw new NetlinkException("attribute " + type + " too short for be16: " + v.length, 0);
        return Short.toUnsignedInt(ByteBuffer.wrap(v).order(java.nio.ByteOrder.BIG_ENDIAN).getShort());
    }

    /** A 32-bit value in network byte order (IPv4 masks), or null. */
    public Integer be32(int type) {
        byte[] v = byType.containsKey(type) ? byType.get(type).getFirst() : null;
        if (v == null) return null;
        if (v.length < 4) throw new NetlinkException("attribute " + type + " too short for be32: " + v.length, 0);
        return ByteBuffer.wrap(v).order(java.nio.ByteOrder.BIG_ENDIAN).getInt();
    }

    public Long u64(int type) {
        byte[] v = byType.containsKey(type) ? byType.get(type).getFirst() : null;
        if (v == null) return null;
        if (v.length < 8) throw new NetlinkException("attribute " + type + " too short for u64: " + v.length, 0);
        return ByteBuffer.wrap(v).order(NetlinkMessage.ORDER).getLong();
    }

    public Integer u16(int type) {
        byte[] v = byType.containsKey(type) ? byType.get(type).getFirst() : null;
        if (v == null) return null;
        if (v.length < 2) throw new NetlinkException("attribute " + type + " too short for u16: " + v.length, 0);
        return Short.toUnsignedInt(ByteBuffer.wrap(v).order(NetlinkMessage.ORDER).getShort());
    }

    /** A NUL-terminated (or not) string attribute, or null. */
    public String string(int type) {
        byte[] v = byType.containsKey(type) ? byType.get(type).getFirst() : null;
        if (v == null) return null;
        int n = 0;
        while (n < v.length && v[n] != 0) n++;
        return new String(v, 0, n, StandardCharsets.UTF_8);
    }

    /** A 4- or 16-byte address attribute, or null. */
    public InetAddress address(int type) {
        byte[] v = byType.containsKey(type) ? byType.get(type).getFirst() : null;
        if (v == null) return null;
        if (v.length != 4 && v.length != 16) throw new NetlinkException("attribute " + type + " is not an address: " + v.length + " bytes", 0);
        try {
            return InetAddress.getByAddress(v);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Every attribute of this type parsed as a nested set, in order (repeated entries). */
    public List<Attributes> nestedAll(int type) {
        return byType.getOrDefault(type, List.of()).stream().map(Attributes::parse).toList();
    }

    /** The attributes nested inside attribute {@code type}, or an empty set. */
    public Attributes nested(int type) {
        byte[] v = byType.containsKey(type) ? byType.get(type).getFirst() : null;
        return v == null ? new Attributes(Map.of()) : parse(v);
    }

    public java.util.Set<Integer> types() {
        return byType.keySet();
    }
}
