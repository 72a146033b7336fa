package io.vigil.snmp;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The AgentX wire format (RFC 2741 section 6), pure. Every PDU starts with this 20-byte header:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  h.version=1  |    h.type     |    h.flags    |  <reserved>   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          h.sessionID                          |
 * |                        h.transactionID                        |
 * |                           h.packetID                          |
 * |                        h.payload_length                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Integers are in network byte order when flag bit 0x10 (NETWORK_BYTE_ORDER) is set, little-endian otherwise; this
 * codec reads both and always writes network order. An OID is {@code n_subid, prefix, include, 0} and n_subid 32-bit
 * sub-identifiers (a non-zero prefix p stands for 1.3.6.1.p); an octet string is a 32-bit length and the bytes padded
 * to a multiple of 4. A PDU that does not parse is rejected whole ({@link #decode} returns empty).
 */
public final class AgentXCodec {
    private AgentXCodec() {}

    public static final int HEADER_BYTES = 20;
    public static final int OPEN = 1, CLOSE = 2, REGISTER = 3, UNREGISTER = 4, GET = 5, GETNEXT = 6, GETBULK = 7, TESTSET = 8,
            COMMITSET = 9, UNDOSET = 10, CLEANUPSET = 11, NOTIFY = 12, PING = 13, RESPONSE = 18;
    static final int FLAG_NON_DEFAULT_CONTEXT = 0x08, FLAG_NETWORK_BYTE_ORDER = 0x10;
    /** A PDU bigger than this is refused (net-snmp's own limit is far lower). */
    public static final int MAX_PAYLOAD_BYTES = 1 << 20;
    private static final Oid INTERNET = Oid.of(1, 3, 6, 1);

    /** The payload length announced by a header (read before the payload arrives), or -1 for a bad header. */
    public static int payloadLength(byte[] header) {
        if (header.length < HEADER_BYTES || header[0] != 1) return -1;
        ByteBuffer b = ByteBuffer.wrap(header).order(order(header[2]));
        int len = b.getInt(16);
        return len < 0 || len > MAX_PAYLOAD_BYTES || (len & 3) != 0 ? -1 : len;
    }

    private static ByteOrder order(byte flags) {
        return (flags & FLAG_NETWORK_BYTE_ORDER) != 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    // ---------------------------------------------------------------- encoding

    public static byte[] encode(AgentXPdu pdu) {
        for (int size = 4096; ; size *= 4) {
            try {
                return encode(pdu, ByteBuffer.allocate(size).order(ByteOrder.BIG_ENDIAN));
            } catch (java.nio.BufferOverflowException e) {
                if (size > MAX_PAYLOAD_BYTES) throw new IllegalArgumentException("PDU larger than " + MAX_PAYLOAD_BYTES + " bytes");
            }
        }
    }

    private static byte[] encode(AgentXPdu pdu, ByteBuffer p) {
        int type;
        int flags = FLAG_NETWORK_BYTE_ORDER;
        switch (pdu) {
            case AgentXPdu.Open o -> {
                type = OPEN;
                p.put((byte) o.timeoutSeconds()).put((byte) 0).put((byte) 0).put((byte) 0);
                putOid(p, o.id(), false);
                putString(p, o.description().getBytes(StandardCharsets.UTF_8));
            }
            case AgentXPdu.Close c -> {
                type = CLOSE;
                p.put((byte) c.reason()).put((byte) 0).put((byte) 0).put((byte) 0);
            }
            case AgentXPdu.Register r -> {
                type = REGISTER;
                if (r.context() != null) {
                    flags |= FLAG_NON_DEFAULT_CONTEXT;
                    putString(p, r.context().getBytes(StandardCharsets.UTF_8));
                }
                p.put((byte) r.timeoutSeconds()).put((byte) r.priority()).put((byte) 0).put((byte) 0);
                putOid(p, r.subtree(), false);
            }
            case AgentXPdu.Get g -> {
                type = GET;
                flags |= context(p, g.context());
                putRanges(p, g.ranges());
            }
            case AgentXPdu.GetNext g -> {
                type = GETNEXT;
                flags |= context(p, g.context());
                putRanges(p, g.ranges());
            }
            case AgentXPdu.GetBulk g -> {
                type = GETBULK;
                flags |= context(p, g.context());
                p.putShort((short) g.nonRepeaters()).putShort((short) g.maxRepetitions());
                putRanges(p, g.ranges());
            }
            case AgentXPdu.SetPhase s -> {
                type = s.type();
                if (type == TESTSET) putVarBinds(p, s.varBinds());
            }
            case AgentXPdu.Notify n -> {
                type = NOTIFY;
                flags |= context(p, n.context());
                putVarBinds(p, n.varBinds());
            }
            case AgentXPdu.Ping g -> {
                type = PING;
                flags |= context(p, g.context());
            }
            case AgentXPdu.Response r -> {
                type = RESPONSE;
                p.putInt(r.sysUpTime()).putShort((short) r.error()).putShort((short) r.index());
                putVarBinds(p, r.varBinds());
            }
        }
        p.flip();
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + p.remaining()).order(ByteOrder.BIG_ENDIAN);
        AgentXPdu.Header h = pdu.header();
        out.put((byte) 1).put((byte) type).put((byte) flags).put((byte) 0)
                .putInt(h.sessionId()).putInt(h.transactionId()).putInt(h.packetId()).putInt(p.remaining()).put(p);
        return out.array();
    }

    private static int context(ByteBuffer p, String context) {
        if (context == null) return 0;
        putString(p, context.getBytes(StandardCharsets.UTF_8));
        return FLAG_NON_DEFAULT_CONTEXT;
    }

    static void putOid(ByteBuffer p, Oid oid, boolean include) {
        int prefix = 0;
        int from = 0;
        if (oid.size() >= 5 && oid.startsWith(INTERNET) && oid.get(4) > 0 && oid.get(4) < 256) {
            prefix = oid.get(4);
            from = 5;
        }
        p.put((byte) (oid.size() - from)).put((byte) prefix).put((byte) (include ? 1 : 0)).put((byte) 0);
        for (int i = from; i < oid.size(); i++) p.putInt(oid.get(i));
    }

    static void putString(ByteBuffer p, byte[] s) {
        p.putInt(s.length).put(s);
        for (int i = s.length; (i & 3) != 0; i++) p.put((byte) 0);
    }

    private static void putRanges(ByteBuffer p, List<AgentXPdu.SearchRange> ranges) {
        for (AgentXPdu.SearchRange r : ranges) {
            putOid(p, r.start(), r.include());
            putOid(p, r.end(), false);
        }
    }

    private static void putVarBinds(ByteBuffer p, List<AgentXPdu.VarBind> vbs) {
        for (AgentXPdu.VarBind vb : vbs) {
            SnmpValue v = vb.value();
            p.putShort((short) v.type()).putShort((short) 0);
            putOid(p, vb.name(), false);
            switch (v) {
                case SnmpValue.Int i -> p.putInt(i.value());
                case SnmpValue.OctetString s -> putString(p, s.value());
                case SnmpValue.IpAddress a -> putString(p, a.value());
                case SnmpValue.ObjectId o -> putOid(p, o.value(), false);
                case SnmpValue.Unsigned32 u -> p.putInt((int) u.value());
                case SnmpValue.Counter64 c -> p.putLong(c.value());
                case SnmpValue.Null n -> { }
                case SnmpValue.Exception e -> { }
            }
        }
    }

    // ---------------------------------------------------------------- decoding

    /** Decodes one whole PDU (header and payload); empty when it is malformed in any way. */
    public static Optional<AgentXPdu> decode(byte[] pdu) {
        try {
            return Optional.ofNullable(decodeOrThrow(pdu));
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private static AgentXPdu decodeOrThrow(byte[] pdu) {
        int len = payloadLength(pdu);
        if (len < 0 || pdu.length != HEADER_BYTES + len) return null;
        ByteBuffer b = ByteBuffer.wrap(pdu).order(order(pdu[2]));
        int type = pdu[1] & 0xFF;
        int flags = pdu[2] & 0xFF;
        AgentXPdu.Header h = new AgentXPdu.Header(b.getInt(4), b.getInt(8), b.getInt(12));
        b.position(HEADER_BYTES);
        String context = null;
        boolean hasContext = (flags & FLAG_NON_DEFAULT_CONTEXT) != 0;
        AgentXPdu result = switch (type) {
            case OPEN -> {
                int timeout = b.get() & 0xFF;
                skip(b, 3);
                Oid id = getOid(b).oid();
                yield new AgentXPdu.Open(h, timeout, id, new String(getString(b), StandardCharsets.UTF_8));
            }
            case CLOSE -> {
                int reason = b.get() & 0xFF;
                skip(b, 3);
                yield new AgentXPdu.Close(h, reason);
            }
            case REGISTER -> {
                if (hasContext) context = new String(getString(b), StandardCharsets.UTF_8);
                int timeout = b.get() & 0xFF;
                int priority = b.get() & 0xFF;
                int rangeSubid = b.get() & 0xFF;
                skip(b, 1);
                Oid subtree = getOid(b).oid();
                if (rangeSubid != 0) b.getInt();
                yield new AgentXPdu.Register(h, context, timeout, priority, subtree);
            }
            case GET, GETNEXT -> {
                if (hasContext) context = new String(getString(b), StandardCharsets.UTF_8);
                List<AgentXPdu.SearchRange> ranges = getRanges(b);
                yield type == GET ? new AgentXPdu.Get(h, context, ranges) : new AgentXPdu.GetNext(h, context, ranges);
            }
            case GETBULK -> {
                if (hasContext) context = new String(getString(b), StandardCharsets.UTF_8);
                int nonRepeaters = b.getShort() & 0xFFFF;
                int maxRepetitions = b.getShort() & 0xFFFF;
                yield new AgentXPdu.GetBulk(h, context, nonRepeaters, maxRepetitions, getRanges(b));
            }
            case TESTSET -> {
                if (hasContext) getString(b);
                yield new AgentXPdu.SetPhase(h, type, getVarBinds(b));
            }
            case COMMITSET, UNDOSET, CLEANUPSET -> new AgentXPdu.SetPhase(h, type, List.of());
            case NOTIFY -> {
                if (hasContext) context = new String(getString(b), StandardCharsets.UTF_8);
                yield new AgentXPdu.Notify(h, context, getVarBinds(b));
            }
            case PING -> {
                if (hasContext) context = new String(getString(b), StandardCharsets.UTF_8);
                yield new AgentXPdu.Ping(h, context);
            }
            case RESPONSE -> {
                int upTime = b.getInt();
                int error = b.getShort() & 0xFFFF;
                int index = b.getShort() & 0xFFFF;
                yield new AgentXPdu.Response(h, upTime, error, index, getVarBinds(b));
            }
            default -> null; // Unregister, index allocation, agent caps: never sent to a subagent
        };
        if (result != null && b.hasRemaining()) return null; // trailing bytes: not what the header said
        return result;
    }

    private static void skip(ByteBuffer b, int n) {
        b.position(b.position() + n);
    }

    record DecodedOid(Oid oid, boolean include) {}

    static DecodedOid getOid(ByteBuffer b) {
        int n = b.get() & 0xFF;
        int prefix = b.get() & 0xFF;
        boolean include = b.get() != 0;
        skip(b, 1);
        if (n > 128) throw new IllegalArgumentException("OID longer than 128 sub-identifiers");
        int[] parts;
        int at = 0;
        if (prefix != 0) {
            parts = new int[n + 5];
            parts[0] = 1; parts[1] = 3; parts[2] = 6; parts[3] = 1; parts[4] = prefix;
            at = 5;
        } else {
            parts = new int[n];
        }
        for (int i = 0; i < n; i++) parts[at + i] = b.getInt();
        return new DecodedOid(new Oid(parts), include);
    }

    static byte[] getString(ByteBuffer b) {
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) throw new IllegalArgumentException("octet string longer than the PDU");
        byte[] s = new byte[len];
        b.get(s);
        skip(b, (4 - (len & 3)) & 3);
        return s;
    }

    private static List<AgentXPdu.SearchRange> getRanges(ByteBuffer b) {
        List<AgentXPdu.SearchRange> ranges = new ArrayList<>();
        while (b.hasRemaining()) {
            DecodedOid start = getOid(b);
            DecodedOid end = getOid(b);
            ranges.add(new AgentXPdu.SearchRange(start.oid(), start.include(), end.oid()));
        }
        return ranges;
    }

    private static List<AgentXPdu.VarBind> getVarBinds(ByteBuffer b) {
        List<AgentXPdu.VarBind> vbs = new ArrayList<>();
        while (b.hasRemaining()) {
            int type = b.getShort() & 0xFFFF;
            skip(b, 2);
            Oid name = getOid(b).oid();
            SnmpValue v = switch (type) {
                case 2 -> new SnmpValue.Int(b.getInt());
                case 4, 68 -> new SnmpValue.OctetString(getString(b));
                case 5 -> new SnmpValue.Null();
                case 6 -> new SnmpValue.ObjectId(getOid(b).oid());
                case 64 -> new SnmpValue.IpAddress(getString(b));
                case 65, 66, 67 -> new SnmpValue.Unsigned32(type, b.getInt() & 0xFFFFFFFFL);
                case 70 -> new SnmpValue.Counter64(b.getLong());
                case 128, 129, 130 -> new SnmpValue.Exception(type);
                default -> throw new IllegalArgumentException("unknown varbind type " + type);
            };
            vbs.add(new AgentXPdu.VarBind(name, v));
        }
        return vbs;
    }
}
