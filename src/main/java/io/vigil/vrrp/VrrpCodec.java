package io.vigil.vrrp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure encoder and decoder of VRRP messages (no I/O). Layout (RFC 3768 section 5.1, RFC 5798 section 5.1):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Type  | Virtual Rtr ID|   Priority    | Count IP Addrs|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * v2: |   Auth Type   |   Adver Int   |          Checksum         |
 * v3: |(rsvd) |     Max Adver Int     |          Checksum         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  IPv4 or IPv6 address(es) ...                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    v2 over IPv4 only: Authentication Data (1), (2)  (8 bytes) |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Checksums: v2 covers the VRRP message only (auth bytes included). v3 adds the IPv4 pseudo-header (source,
 * destination, zero, protocol 112, length) or the IPv6 one (RFC 2460 section 8.1), unless keepalived's
 * {@code v3_checksum_as_v2} is set, when it covers the message only.
 */
public final class VrrpCodec {
    public static final int IPPROTO_VRRP = 112;
    public static final int HEADER_LENGTH = 8;
    public static final int AUTH_DATA_LENGTH = 8;
    public static final int OFFSET_VERSION_TYPE = 0;
    public static final int OFFSET_VRID = 1;
    public static final int OFFSET_PRIORITY = 2;
    public static final int OFFSET_COUNT = 3;
    /** v2: auth type (1 byte) then interval in seconds (1 byte). */
    public static final int OFFSET_V2_AUTH_TYPE = 4;
    public static final int OFFSET_V2_ADVERT_INTERVAL = 5;
    /** v3: 4 reserved bits then the 12-bit interval in centiseconds. */
    public static final int OFFSET_V3_RSVD_INTERVAL = 4;
    public static final int OFFSET_CHECKSUM = 6;
    public static final int OFFSET_ADDRESSES = 8;
    public static final int V3_INTERVAL_MASK = 0x0fff;

    private VrrpCodec() {}

    public static int messageLength(int version, AddressFamily family, int addressCount) {
        return HEADER_LENGTH + addressCount * family.addressBytes()
                + (version == 2 && family == AddressFamily.IPV4 ? AUTH_DATA_LENGTH : 0);
    }

    /**
     * Reads a VRRP message of exactly {@code len} bytes. Structural only: version must be 2 or 3 and the length must
     * match the address count; type, VRID, checksum and the rest are left to {@link AdvertValidator}.
     */
    public static VrrpPacket decode(byte[] b, int off, int len, AddressFamily family) throws VrrpDecodeException {
        if (len < HEADER_LENGTH || off < 0 || off + len > b.length)
            throw new VrrpDecodeException(DropReason.TOO_SHORT, "vrrp header too short: " + len + " bytes");
        int version = (b[off + OFFSET_VERSION_TYPE] & 0xff) >>> 4;
        int type = b[off + OFFSET_VERSION_TYPE] & 0x0f;
        if (version != 2 && version != 3) throw new VrrpDecodeException(DropReason.VERSION, "invalid version " + version);
        int count = b[off + OFFSET_COUNT] & 0xff;
        int expected = messageLength(version, family, count);
        if (len != expected)
            throw new VrrpDecodeException(DropReason.LENGTH, "length " + len + ", expected " + expected + " for " + count + " addresses");
        int vrid = b[off + OFFSET_VRID] & 0xff;
        int priority = b[off + OFFSET_PRIORITY] & 0xff;
        int authType = 0;
        int intervalCentis;
        int reserved = 0;
        if (version == 2) {
            authType = b[off + OFFSET_V2_AUTH_TYPE] & 0xff;
            intervalCentis = (b[off + OFFSET_V2_ADVERT_INTERVAL] & 0xff) * 100;
        } else {
            int word = u16(b, off + OFFSET_V3_RSVD_INTERVAL);
            reserved = word >>> 12;
            intervalCentis = word & V3_INTERVAL_MASK;
        }
        int checksum = u16(b, off + OFFSET_CHECKSUM);
        List<InetAddress> addresses = new ArrayList<>(count);
        int step = family.addressBytes();
        byte[] raw = new byte[step];
        for (int i = 0; i < count; i++) {
            System.arraycopy(b, off + OFFSET_ADDRESSES + i * step, raw, 0, step);
            addresses.add(address(raw));
        }
        long authData = 0;
        if (version == 2 && family == AddressFamily.IPV4) {
            int p = off + OFFSET_ADDRESSES + count * step;
            for (int i = 0; i < AUTH_DATA_LENGTH; i++) authData = (authData << 8) | (b[p + i] & 0xff);
        }
        return new VrrpPacket(version, type, vrid, priority, family, intervalCentis, reserved, authType, authData, checksum, addresses);
    }

    public static VrrpPacket decode(byte[] b, AddressFamily family) throws VrrpDecodeException {
        return decode(b, 0, b.length, family);
    }

    /** Writes the message with the checksum field exactly as {@code p.checksum()} says. */
    public static byte[] encodeRaw(VrrpPacket p) {
        byte[] out = new byte[p.length()];
        write(p, out, 0);
        return out;
    }

    /** Writes {@code p} at {@code off} (checksum field as carried); returns the bytes written. */
    public static int write(VrrpPacket p, byte[] out, int off) {
        out[off + OFFSET_VERSION_TYPE] = (byte) ((p.version() << 4) | (p.type() & 0x0f));
        out[off + OFFSET_VRID] = (byte) p.vrid();
        out[off + OFFSET_PRIORITY] = (byte) p.priority();
        out[off + OFFSET_COUNT] = (byte) p.addresses().size();
        if (p.version() == 2) {
            out[off + OFFSET_V2_AUTH_TYPE] = (byte) p.authType();
            out[off + OFFSET_V2_ADVERT_INTERVAL] = (byte) (p.advertIntervalCentis() / 100);
        } else {
            put16(out, off + OFFSET_V3_RSVD_INTERVAL, ((p.reservedBits() & 0xf) << 12) | (p.advertIntervalCentis() & V3_INTERVAL_MASK));
        }
        put16(out, off + OFFSET_CHECKSUM, p.checksum());
        int pos = off + OFFSET_ADDRESSES;
        for (InetAddress a : p.addresses()) {
            byte[] raw = a.getAddress();
            System.arraycopy(raw, 0, out, pos, raw.length);
            pos += raw.length;
        }
        if (p.hasAuthData()) {
            for (int i = 0; i < AUTH_DATA_LENGTH; i++) out[pos + i] = (byte) (p.authData() >>> (56 - 8 * i));
            pos += AUTH_DATA_LENGTH;
        }
        return pos - off;
    }

    /**
     * Encodes {@code p} with a freshly computed checksum. {@code source}/{@code destination} are the IP addresses the
     * message travels between (used by the v3 pseudo-header; ignored for v2 or when {@code checksumAsV2}).
     */
    public static byte[] encode(VrrpPacket p, InetAddress source, InetAddress destination, boolean checksumAsV2) {
        byte[] out = encodeRaw(p.withChecksum(0));
        put16(out, OFFSET_CHECKSUM, checksum(out, 0, out.length, p.version(), source, destination, checksumAsV2));
        return out;
    }

    /** Returns {@code p} with the checksum {@link #encode} would put in it. */
    public static VrrpPacket withComputedChecksum(VrrpPacket p, InetAddress source, InetAddress destination, boolean checksumAsV2) {
        byte[] out = encodeRaw(p.withChecksum(0));
        return p.withChecksum(checksum(out, 0, out.length, p.version(), source, destination, checksumAsV2));
    }

    /**
     * The checksum of the message at {@code off..off+len} as it stands (set its checksum field to 0 first to compute
     * a value to store; leave it in place to verify: a valid message then gives 0).
     */
    public static int checksum(byte[] msg, int off, int len, int version, InetAddress source, InetAddress destination,
                               boolean checksumAsV2) {
        long sum = 0;
        if (version == 3 && !checksumAsV2) sum = pseudoHeaderSum(source, destination, len);
        return InetChecksum.finish(InetChecksum.add(sum, msg, off, len));
    }

    /** Whether the checksum of the message verifies. */
    public static boolean checksumValid(byte[] msg, int off, int len, int version, InetAddress source, InetAddress destination,
                                        boolean checksumAsV2) {
        return checksum(msg, off, len, version, source, destination, checksumAsV2) == 0;
    }

    static long pseudoHeaderSum(InetAddress source, InetAddress destination, int length) {
        byte[] s = source.getAddress();
        byte[] d = destination.getAddress();
        long sum = InetChecksum.add(0, s, 0, s.length);
        sum = InetChecksum.add(sum, d, 0, d.length);
        if (source instanceof Inet6Address) {
            // RFC 2460 8.1: 32-bit upper-layer length, 3 zero bytes, next header.
            sum += (length >>> 16) & 0xffff;
            sum += length & 0xffff;
        } else {
            sum += length & 0xffff;
        }
        return sum + IPPROTO_VRRP;
    }

    static InetAddress address(byte[] raw) {
        try {
            // Inet6Address directly: InetAddress.getByAddress turns ::ffff:a.b.c.d into an Inet4Address.
            return raw.length == 16 ? Inet6Address.getByAddress(null, raw, -1) : InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e); // only thrown for a bad length
        }
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static int u32(byte[] b, int off) {
        return (u16(b, off) << 16) | u16(b, off + 2);
    }

    static void put32(byte[] b, int off, int v) {
        put16(b, off, v >>> 16);
        put16(b, off + 2, v);
    }
}
