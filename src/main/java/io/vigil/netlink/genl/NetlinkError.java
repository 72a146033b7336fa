package io.vigil.netlink.genl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The payload of an {@code NLMSG_ERROR} message: an acknowledgement when {@code errno == 0}, a failure otherwise.
 *
 * <pre>
 *  0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |              error (0 or a negative errno value)              | 0
 *  +---------------+---------------+---------------+---------------+
 *  |        header of the request that failed (16 bytes)           | 4
 *  +---------------+---------------+---------------+---------------+
 *  |  the request's payload, unless the ack is capped (NLM_F_CAPPED)|
 *  +---------------+---------------+---------------+---------------+
 *  |  extended-ack attributes when NLM_F_ACK_TLVS: MSG (1, string),|
 *  |  OFFS (2, u32) ...                                            |
 * </pre>
 *
 * @param errno       positive errno, 0 for an ack
 * @param requestSeq  the sequence number of the request this answers
 * @param message     the kernel's extended-ack text, or empty
 */
public record NetlinkError(int errno, int requestSeq, String message) {
    static final int OFF_ERROR = 0, OFF_REQUEST_HEADER = 4;
    public static final int NLMSGERR_ATTR_MSG = 1;

    public boolean isAck() {
        return errno == 0;
    }

    public static NetlinkError parse(NetlinkMessage m) {
        if (!m.isError()) throw new NetlinkFormatException("not an NLMSG_ERROR message: type " + m.type());
        byte[] p = m.payload();
        if (p.length < OFF_REQUEST_HEADER + NetlinkMessage.HEADER_BYTES)
            throw new NetlinkFormatException("NLMSG_ERROR payload of " + p.length + " bytes is too short");
        ByteBuffer b = ByteBuffer.wrap(p).order(ByteOrder.nativeOrder());
        int error = b.getInt(OFF_ERROR);
        int reqLen = b.getInt(OFF_REQUEST_HEADER + NetlinkMessage.OFF_LEN);
        int reqSeq = b.getInt(OFF_REQUEST_HEADER + NetlinkMessage.OFF_SEQ);
        String text = "";
        if ((m.flags() & NetlinkMessage.NLM_F_ACK_TLVS) != 0) {
            int tlvStart = OFF_REQUEST_HEADER + ((m.flags() & NetlinkMessage.NLM_F_CAPPED) != 0
                    ? NetlinkMessage.HEADER_BYTES : NetlinkMessage.align4(Math.max(reqLen, NetlinkMessage.HEADER_BYTES)));
            if (tlvStart <= p.length) {
                try {
                    Attributes tlvs = Attributes.parse(p, tlvStart, p.length - tlvStart);
                    text = tlvs.string(NLMSGERR_ATTR_MSG).orElse("");
                } catch (NetlinkFormatException ignored) {
                    // A malformed extended ack still leaves the errno, which is what matters.
                }
            }
        }
        return new NetlinkError(-error, reqSeq, text);
    }
}
