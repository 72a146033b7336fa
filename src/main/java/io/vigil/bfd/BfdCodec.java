package io.vigil.bfd;

/**
 * Pure encoder and decoder of BFD control packets (no I/O). Layout (RFC 5880 section 4.1):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Vers |  Diag   |Sta|P|F|C|A|D|M|  Detect Mult  |    Length     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       My Discriminator                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Your Discriminator                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Desired Min TX Interval                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   Required Min RX Interval                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Required Min Echo RX Interval                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Auth Type   |   Auth Len    |    Authentication Data...     |   (only with the A bit)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Intervals are microseconds. Decoding applies the checks of RFC 5880 section 6.8.6 that need no session, in
 * keepalived's order, plus its extra ones (Length equal to the datagram size, P and F not both set, diag 0..8).
 * The authentication section is parsed only far enough to tell a malformed one from a well-formed one: keepalived
 * supports no BFD authentication and drops any packet with the A bit, and Vigil does the same.
 */
public final class BfdCodec {
    public static final int HEADER_LENGTH = 24;
    public static final int AUTH_HEADER_LENGTH = 2;
    public static final int OFFSET_VERS_DIAG = 0;
    public static final int OFFSET_FLAGS = 1;
    public static final int OFFSET_DETECT_MULT = 2;
    public static final int OFFSET_LENGTH = 3;
    public static final int OFFSET_MY_DISCR = 4;
    public static final int OFFSET_YOUR_DISCR = 8;
    public static final int OFFSET_DESIRED_MIN_TX = 12;
    public static final int OFFSET_REQUIRED_MIN_RX = 16;
    public static final int OFFSET_REQUIRED_MIN_ECHO_RX = 20;
    public static final int OFFSET_AUTH_TYPE = 24;
    public static final int OFFSET_AUTH_LEN = 25;

    public static final int VERSION_SHIFT = 5;
    public static final int DIAG_MASK = 0x1f;
    public static final int STATE_SHIFT = 6;
    public static final int FLAG_POLL = 0x20;
    public static final int FLAG_FINAL = 0x10;
    public static final int FLAG_CPI = 0x08;
    public static final int FLAG_AUTH = 0x04;
    public static final int FLAG_DEMAND = 0x02;
    public static final int FLAG_MULTIPOINT = 0x01;

    /** Auth types 1..5 (RFC 5880 section 4.2-4.4) and the length each must have. */
    static final int AUTH_SIMPLE = 1;
    static final int AUTH_KEYED_MD5 = 2;
    static final int AUTH_METICULOUS_MD5 = 3;
    static final int AUTH_KEYED_SHA1 = 4;
    static final int AUTH_METICULOUS_SHA1 = 5;

    private BfdCodec() {}

    /** Decodes the datagram at {@code off..off+len}, or throws with the reason it must be dropped. */
    public static BfdPacket decode(byte[] b, int off, int len) throws BfdDecodeException {
        if (off < 0 || len < 0 || off + len > b.length || len < HEADER_LENGTH)
            throw new BfdDecodeException(BfdDropReason.TOO_SHORT, "packet too short: " + len + " bytes");
        int length = b[off + OFFSET_LENGTH] & 0xff;
        if (length != len)
            throw new BfdDecodeException(BfdDropReason.LENGTH, "length field " + length + ", datagram " + len + " bytes");
        int version = (b[off + OFFSET_VERS_DIAG] & 0xff) >>> VERSION_SHIFT;
        if (version != BfdPacket.VERSION) throw new BfdDecodeException(BfdDropReason.VERSION, "unsupported version " + version);
        int flags = b[off + OFFSET_FLAGS] & 0xff;
        BfdState state = BfdState.of(flags >>> STATE_SHIFT);
        int mult = b[off + OFFSET_DETECT_MULT] & 0xff;
        if (mult == 0) throw new BfdDecodeException(BfdDropReason.DETECT_MULT, "detect multiplier is zero");
        if ((flags & FLAG_MULTIPOINT) != 0) throw new BfdDecodeException(BfdDropReason.MULTIPOINT, "multipoint bit set");
        int my = i32(b, off + OFFSET_MY_DISCR);
        if (my == 0) throw new BfdDecodeException(BfdDropReason.MY_DISCRIMINATOR, "my discriminator is zero");
        int your = i32(b, off + OFFSET_YOUR_DISCR);
        if (your == 0 && state != BfdState.DOWN && state != BfdState.ADMIN_DOWN)
            throw new BfdDecodeException(BfdDropReason.YOUR_DISCRIMINATOR, "your discriminator is zero in state " + state);
        boolean poll = (flags & FLAG_POLL) != 0;
        boolean fin = (flags & FLAG_FINAL) != 0;
        if (poll && fin) throw new BfdDecodeException(BfdDropReason.POLL_AND_FINAL, "both poll and final set");
        int diagCode = b[off + OFFSET_VERS_DIAG] & DIAG_MASK;
        BfdDiag diag = BfdDiag.of(diagCode);
        if (diag == null) throw new BfdDecodeException(BfdDropReason.DIAG, "reserved diagnostic " + diagCode);
        boolean auth = (flags & FLAG_AUTH) != 0;
        int authType = 0;
        if (auth) {
            authType = checkAuthSection(b, off, len);
            throw new BfdDecodeException(BfdDropReason.AUTH_UNSUPPORTED, "authentication type " + authType + " present, none configured");
        }
        return new BfdPacket(version, diag, state, poll, fin, (flags & FLAG_CPI) != 0, auth, (flags & FLAG_DEMAND) != 0, false,
                mult, length, my, your, u32(b, off + OFFSET_DESIRED_MIN_TX), u32(b, off + OFFSET_REQUIRED_MIN_RX),
                u32(b, off + OFFSET_REQUIRED_MIN_ECHO_RX), authType);
    }

    public static BfdPacket decode(byte[] b) throws BfdDecodeException {
        return decode(b, 0, b.length);
    }

    /** Checks the auth section's framing (RFC 5880 sections 4.2-4.4); returns its type. */
    static int checkAuthSection(byte[] b, int off, int len) throws BfdDecodeException {
        if (len < HEADER_LENGTH + AUTH_HEADER_LENGTH)
            throw new BfdDecodeException(BfdDropReason.AUTH_MALFORMED, "A bit set but no authentication section");
        int type = b[off + OFFSET_AUTH_TYPE] & 0xff;
        int authLen = b[off + OFFSET_AUTH_LEN] & 0xff;
        int expected = switch (type) {
            case AUTH_SIMPLE -> -1; // 1..16 bytes of password after key id: length 4..19
            case AUTH_KEYED_MD5, AUTH_METICULOUS_MD5 -> 24;
            case AUTH_KEYED_SHA1, AUTH_METICULOUS_SHA1 -> 28;
            default -> throw new BfdDecodeException(BfdDropReason.AUTH_MALFORMED, "unknown authentication type " + type);
        };
        boolean ok = expected < 0 ? authLen >= 4 && authLen <= 19 : authLen == expected;
        if (!ok || HEADER_LENGTH + authLen != len)
            throw new BfdDecodeException(BfdDropReason.AUTH_MALFORMED, "authentication length " + authLen + " invalid for type " + type
                    + " in a " + len + "-byte packet");
        return type;
    }

    /** Encodes {@code p} (its {@code length} field is written as given; no auth section is written). */
    public static byte[] encode(BfdPacket p) {
        byte[] out = new byte[HEADER_LENGTH];
        write(p, out, 0);
        return out;
    }

    /** Writes the 24-byte header of {@code p} at {@code off}; returns the bytes written. */
    public static int write(BfdPacket p, byte[] out, int off) {
        out[off + OFFSET_VERS_DIAG] = (byte) ((p.version() << VERSION_SHIFT) | (p.diag().code() & DIAG_MASK));
        out[off + OFFSET_FLAGS] = (byte) ((p.state().code() << STATE_SHIFT) | (p.poll() ? FLAG_POLL : 0) | (p.fin() ? FLAG_FINAL : 0)
                | (p.controlPlaneIndependent() ? FLAG_CPI : 0) | (p.authPresent() ? FLAG_AUTH : 0) | (p.demand() ? FLAG_DEMAND : 0)
                | (p.multipoint() ? FLAG_MULTIPOINT : 0));
        out[off + OFFSET_DETECT_MULT] = (byte) p.detectMult();
        out[off + OFFSET_LENGTH] = (byte) p.length();
        put32(out, off + OFFSET_MY_DISCR, p.myDiscriminator());
        put32(out, off + OFFSET_YOUR_DISCR, p.yourDiscriminator());
        put32(out, off + OFFSET_DESIRED_MIN_TX, (int) p.desiredMinTxMicros());
        put32(out, off + OFFSET_REQUIRED_MIN_RX, (int) p.requiredMinRxMicros());
        put32(out, off + OFFSET_REQUIRED_MIN_ECHO_RX, (int) p.requiredMinEchoRxMicros());
        return HEADER_LENGTH;
    }

    static int i32(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    static long u32(byte[] b, int off) {
        return Integer.toUnsignedLong(i32(b, off));
    }

    static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
