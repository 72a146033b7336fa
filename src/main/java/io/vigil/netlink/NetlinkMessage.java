package io.vigil.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One netlink message: the {@code struct nlmsghdr} fields and the payload that follows it. Pure codec.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     nlmsg_len (header + payload)              |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         nlmsg_type            |          nlmsg_flags          |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          nlmsg_seq                            |  8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          nlmsg_pid                            | 12
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   payload (family header, then attributes), padded to 4       | 16
 * </pre>
 * All fields are in host byte order. Messages in one datagram are each padded to 4 bytes.
 */
public record NetlinkMessage(int type, int flags, int seq, int pid, byte[] payload) {
    public static final int HEADER_LENGTH = 16;
    public static final int OFF_LEN = 0, OFF_TYPE = 4, OFF_FLAGS = 6, OFF_SEQ = 8, OFF_PID = 12;

    // Message types common to every netlink family.
    public static final int NLMSG_NOOP = 1, NLMSG_ERROR = 2, NLMSG_DONE = 3, NLMSG_OVERRUN = 4;
    // Flags.
    public static final int NLM_F_REQUEST = 0x1, NLM_F_MULTI = 0x2, NLM_F_ACK = 0x4, NLM_F_ECHO = 0x8,
            NLM_F_DUMP_INTR = 0x10;
    /** GET modifiers. */
    public static final int NLM_F_ROOT = 0x100, NLM_F_MATCH = 0x200, NLM_F_DUMP = 0x300;
    /** NEW modifiers. */
    public static final int NLM_F_REPLACE = 0x100, NLM_F_EXCL = 0x200, NLM_F_CREATE = 0x400, NLM_F_APPEND = 0x800;
    /** ACK flags (error messages): request was capped / extended ack TLVs follow. */
    public static final int NLM_F_CAPPED = 0x100, NLM_F_ACK_TLVS = 0x200;
    /** Extended ack attribute carrying a human-readable message. */
    public static final int NLMSGERR_ATTR_MSG = 1;

    public static final ByteOrder ORDER = ByteOrder.nativeOrder();

    public NetlinkMessage {
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Payload as a host-order buffer positioned at 0 (no copy). */
    public ByteBuffer payloadBuffer() {
        return ByteBuffer.wrap(payload).order(ORDER);
    }

    public boolean isError() {
        return type == NLMSG_ERROR;
    }

    public boolean isDone() {
        return type == NLMSG_DONE;
    }

    /**
     * For an {@code NLMSG_ERROR} message, the error code as a positive errno; 0 means an ACK.
     * The payload is {@code struct nlmsgerr { int error; struct nlmsghdr msg; ... }}.
     */
    public int errno() {
        if (!isError()) throw new IllegalStateException("not an NLMSG_ERROR message");
        if (payload.length < 4) throw new NetlinkException("truncated NLMSG_ERROR", 0);
        return -payloadBuffer().getInt(0);
    }

    /** For an {@code NLMSG_ERROR} message, the sequence number of the request it answers (from the echoed header). */
    public int requestSeq() {
        if (!isError()) throw new IllegalStateException("not an NLMSG_ERROR message");
        if (payload.length < 4 + HEADER_LENGTH) throw new NetlinkException("truncated NLMSG_ERROR", 0);
        return payloadBuffer().getInt(4 + OFF_SEQ);
    }

    /** The extended-ack message text of an error (NETLINK_EXT_ACK), or null. */
    public String extendedAckMessage() {
        if (!isError() || (flags & NLM_F_ACK_TLVS) == 0 || payload.length < 4 + HEADER_LENGTH) return null;
        // With NETLINK_CAP_ACK (or for an ACK) only the original header is echoed; otherwise the whole request.
        int echoed = (flags & NLM_F_CAPPED) != 0 ? HEADER_LENGTH : payloadBuffer().getInt(4);
        if (echoed < HEADER_LENGTH || echoed > payload.length) return null;
        int off = 4 + align(echoed);
        if (off >= payload.length) return null;
        return Attributes.parse(payload, off, payload.length - off).string(NLMSGERR_ATTR_MSG);
    }

    public static int align(int len) {
        return (len + 3) & ~3;
    }

    /** Encodes header + payload (the length field is computed). */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(align(HEADER_LENGTH + payload.length)).order(ORDER);
        b.putInt(HEADER_LENGTH + payload.length).putShort((short) type).putShort((short) flags).putInt(seq).putInt(pid);
        b.put(payload);
        return b.array();
    }

    /** Encodes several messages back to back (one datagram). */
    public static byte[] encodeAll(List<NetlinkMessage> messages) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (NetlinkMessage m : messages) out.writeBytes(m.encode());
        return out.toByteArray();
    }

    /** Overwrites the sequence number and port id of an encoded message in place. */
    public static void stamp(byte[] encoded, int seq, int pid) {
        ByteBuffer b = ByteBuffer.wrap(encoded).order(ORDER);
        b.putInt(OFF_SEQ, seq);
        b.putInt(OFF_PID, pid);
    }

    /** Reads the flags of an encoded message. */
    public static int flagsOf(byte[] encoded) {
        return Short.toUnsignedInt(ByteBuffer.wrap(encoded).order(ORDER).getShort(OFF_FLAGS));
    }

    /**
     * Splits one received datagram into its messages.
     *
     * @throws NetlinkException when a header is truncated or claims a length beyond the datagram
     */
    public static List<NetlinkMessage> decodeAll(byte[] buf, int off, int len) {
        List<NetlinkMessage> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(buf, off, len).order(ORDER);
        int pos = off, end = off + len;
        while (end - pos >= HEADER_LENGTH) {
            int msgLen = b.getInt(pos + OFF_LEN);
            if (msgLen < HEADER_LENGTH || msgLen > end - pos)
                throw new NetlinkException("malformed netlink message: length " + msgLen + " with " + (end - pos) + " bytes left", 0);
            int type = Short.toUnsignedInt(b.getShort(pos + OFF_TYPE));
            int flags = Short.toUnsignedInt(b.getShort(pos + OFF_FLAGS));
            int seq = b.getInt(pos + OFF_SEQ);
            int pid = b.getInt(pos + OFF_PID);
            out.add(new NetlinkMessage(type, flags, seq, pid, Arrays.copyOfRange(buf, pos + HEADER_LENGTH, pos + msgLen)));
            pos += align(msgLen);
        }
        if (out.isEmpty() && len > 0)
            throw new NetlinkException("malformed netlink datagram: " + len + " bytes, shorter than a header", 0);
        return out;
    }

    public static List<NetlinkMessage> decodeAll(byte[] buf) {
        return decodeAll(buf, 0, buf.length);
    }

    @Override
    public String toString() {
        return "NetlinkMessage[type=" + type + ", flags=0x" + Integer.toHexString(flags) + ", seq=" + seq + ", pid=" + pid
                + ", payload=" + payload.length + " bytes]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetlinkMessage m && m.type == type && m.flags == flags && m.seq == seq && m.pid == pid
                && Arrays.equals(m.payload, payload);
    }

    @Override
    public int hashCode() {
        return ((type * 31 + flags) * 31 + seq) * 31 + Arrays.hashCode(payload);
    }
}
