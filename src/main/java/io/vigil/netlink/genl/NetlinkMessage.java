package io.vigil.netlink.genl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One netlink message (pure codec). All header fields are in host byte order.
 *
 * <pre>
 *  0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |                      length (header + payload)                | 0
 *  +---------------+---------------+---------------+---------------+
 *  |             type              |             flags             | 4
 *  +---------------+---------------+---------------+---------------+
 *  |                        sequence number                        | 8
 *  +---------------+---------------+---------------+---------------+
 *  |                  port id (sender's, 0 = kernel)               | 12
 *  +---------------+---------------+---------------+---------------+
 *  |              payload, padded to a multiple of 4               | 16
 * </pre>
 */
public record NetlinkMessage(int type, int flags, int seq, int portId, byte[] payload) {
    public static final int HEADER_BYTES = 16;
    static final int OFF_LEN = 0, OFF_TYPE = 4, OFF_FLAGS = 6, OFF_SEQ = 8, OFF_PID = 12;

    /** Control message types. */
    public static final int NLMSG_NOOP = 1, NLMSG_ERROR = 2, NLMSG_DONE = 3, NLMSG_OVERRUN = 4;
    /** Request flags. */
    public static final int NLM_F_REQUEST = 0x1, NLM_F_MULTI = 0x2, NLM_F_ACK = 0x4, NLM_F_ECHO = 0x8,
            NLM_F_DUMP_INTR = 0x10, NLM_F_ROOT = 0x100, NLM_F_MATCH = 0x200, NLM_F_DUMP = 0x300;
    /** Flags of an NLMSG_ERROR acknowledgement: payload capped, extended-ack TLVs follow. */
    public static final int NLM_F_CAPPED = 0x100, NLM_F_ACK_TLVS = 0x200;

    public NetlinkMessage {
        if (payload == null) payload = new byte[0];
        if ((type & ~0xffff) != 0 || (flags & ~0xffff) != 0) throw new IllegalArgumentException("type and flags are 16-bit");
    }

    public static int align4(int n) {
        return (n + 3) & ~3;
    }

    public int length() {
        return HEADER_BYTES + payload.length;
    }

    public NetlinkMessage withSeq(int newSeq, int newPortId) {
        return new NetlinkMessage(type, flags, newSeq, newPortId, payload);
    }

    public boolean isError() {
        return type == NLMSG_ERROR;
    }

    public boolean isDone() {
        return type == NLMSG_DONE;
    }

    public boolean isMulti() {
        return (flags & NLM_F_MULTI) != 0;
    }

    /** The message with its payload padded to 4 bytes (the length field counts the unpadded size, as the kernel does). */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(align4(length())).order(ByteOrder.nativeOrder());
        b.putInt(length()).putShort((short) type).putShort((short) flags).putInt(seq).putInt(portId).put(payload);
        return b.array();
    }

    /** Encodes several messages back to back (one datagram). */
    public static byte[] encodeAll(List<NetlinkMessage> messages) {
        int n = 0;
        for (NetlinkMessage m : messages) n += align4(m.length());
        ByteBuffer b = ByteBuffer.allocate(n);
        for (NetlinkMessage m : messages) b.put(m.encode());
        return b.array();
    }

    /**
     * Splits one received datagram into its messages.
     *
     * @throws NetlinkFormatException when a length field is shorter than a header or runs past the data
     */
    public static List<NetlinkMessage> decodeAll(byte[] data, int offset, int length) {
        ByteBuffer b = ByteBuffer.wrap(data, offset, length).order(ByteOrder.nativeOrder());
        List<NetlinkMessage> out = new ArrayList<>();
        int end = offset + length;
        int pos = offset;
        while (end - pos >= HEADER_BYTES) {
            int len = b.getInt(pos + OFF_LEN);
            if (len < HEADER_BYTES || len > end - pos)
                throw new NetlinkFormatException("netlink message at byte " + (pos - offset) + " has length " + len + " (" + (end - pos) + " bytes left)");
            int type = b.getShort(pos + OFF_TYPE) & 0xffff;
            int flags = b.getShort(pos + OFF_FLAGS) & 0xffff;
            int seq = b.getInt(pos + OFF_SEQ);
            int pid = b.getInt(pos + OFF_PID);
            byte[] payload = Arrays.copyOfRange(data, pos + HEADER_BYTES, pos + len);
            out.add(new NetlinkMessage(type, flags, seq, pid, payload));
            pos += align4(len);
        }
        if (out.isEmpty() && length > 0)
            throw new NetlinkFormatException("netlink datagram of " + length + " bytes is shorter than a header");
        return out;
    }

    public static List<NetlinkMessage> decodeAll(byte[] data) {
        return decodeAll(data, 0, data.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetlinkMessage m && m.type == type && m.flags == flags && m.seq == seq && m.portId == portId
                && Arrays.equals(m.payload, payload);
    }

    @Override
    public int hashCode() {
        return ((type * 31 + flags) * 31 + seq) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "NetlinkMessage[type=" + type + ", flags=0x" + Integer.toHexString(flags) + ", seq=" + Integer.toUnsignedString(seq)
                + ", portId=" + Integer.toUnsignedString(portId) + ", payload=" + payload.length + " bytes]";
    }
}
