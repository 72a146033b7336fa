package io.vigil.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The kernel's process-event connector (NETLINK_CONNECTOR, linux/connector.h and linux/cn_proc.h), pure. Every field
 * is in host byte order. A message is a netlink header, a {@code cn_msg}, then its data:
 * <pre>
 *  0  nlmsghdr  len u32 | type u16 (NLMSG_DONE) | flags u16 | seq u32 | pid u32
 * 16  cn_msg    idx u32 (CN_IDX_PROC = 1) | val u32 (CN_VAL_PROC = 1) | seq u32 | ack u32 | len u16 | flags u16
 * 36  data      to the kernel: op u32 (PROC_CN_MCAST_LISTEN = 1 / IGNORE = 2)
 *               from it, proc_event: what u32 | cpu u32 | timestamp_ns u64 | event_data (at 52):
 *                 FORK 0x1         parent_pid parent_tgid child_pid child_tgid (u32 each)
 *                 EXEC 0x2         process_pid process_tgid
 *                 COMM 0x200       process_pid process_tgid comm[16]
 *                 EXIT 0x80000000  process_pid process_tgid exit_code exit_signal
 * </pre>
 * Events name threads by pid and processes by tgid: only those where pid == tgid concern whole processes.
 */
public final class ProcConnector {
    private ProcConnector() {
    }

    public static final int NETLINK_CONNECTOR = 11;
    public static final int CN_IDX_PROC = 1, CN_VAL_PROC = 1;
    public static final int PROC_CN_MCAST_LISTEN = 1, PROC_CN_MCAST_IGNORE = 2;
    static final int PROC_EVENT_NONE = 0, PROC_EVENT_FORK = 0x1, PROC_EVENT_EXEC = 0x2, PROC_EVENT_COMM = 0x200, PROC_EVENT_EXIT = 0x80000000;
    static final int CN_MSG_LENGTH = 20, EVENT_HEADER_LENGTH = 16;

    /** What the connector reports about processes (threads filtered out). */
    public sealed interface ProcEvent {
        record Fork(int parentTgid, int childTgid) implements ProcEvent {}

        record Exec(int tgid) implements ProcEvent {}

        record Comm(int tgid, String comm) implements ProcEvent {}

        record Exit(int tgid) implements ProcEvent {}
    }

    /** The message that starts ({@code listen}) or stops the events for this socket. */
    public static byte[] control(int portId, boolean listen) {
        ByteBuffer b = ByteBuffer.allocate(NetlinkMessage.HEADER_LENGTH + CN_MSG_LENGTH + 4).order(ByteOrder.nativeOrder());
        b.putInt(b.capacity()).putShort((short) NetlinkMessage.NLMSG_DONE).putShort((short) 0).putInt(0).putInt(portId);
        b.putInt(CN_IDX_PROC).putInt(CN_VAL_PROC).putInt(0).putInt(0).putShort((short) 4).putShort((short) 0);
        b.putInt(listen ? PROC_CN_MCAST_LISTEN : PROC_CN_MCAST_IGNORE);
        return b.array();
    }

    /**
     * The process event in one received message; empty for other connectors, acknowledgements, thread events and
     * events Vigil does not use.
     *
     * @throws IllegalArgumentException for a message too short for what it says it is
     */
    public static Optional<ProcEvent> decode(NetlinkMessage m) {
        ByteBuffer p = m.payloadBuffer().order(ByteOrder.nativeOrder());
        if (p.remaining() < CN_MSG_LENGTH) throw new IllegalArgumentException("connector message of " + p.remaining() + " bytes");
        int base = p.position();
        if (p.getInt(base) != CN_IDX_PROC || p.getInt(base + 4) != CN_VAL_PROC) return Optional.empty();
        int len = Short.toUnsignedInt(p.getShort(base + 16));
        if (p.remaining() < CN_MSG_LENGTH + len || len < EVENT_HEADER_LENGTH)
            throw new IllegalArgumentException("proc_event of " + len + " bytes in " + p.remaining());
        int ev = base + CN_MSG_LENGTH;
        int what = p.getInt(ev);
        int data = ev + EVENT_HEADER_LENGTH;
        int need = switch (what) {
            case PROC_EVENT_FORK -> 16;
            case PROC_EVENT_EXEC -> 8;
            case PROC_EVENT_COMM -> 24;
            case PROC_EVENT_EXIT -> 16;
            default -> 0;
        };
        if (len < EVENT_HEADER_LENGTH + need) throw new IllegalArgumentException("proc_event 0x" + Integer.toHexString(what) + " of " + len + " bytes");
        return switch (what) {
            case PROC_EVENT_FORK -> p.getInt(data + 8) == p.getInt(data + 12)
                    ? Optional.of(new ProcEvent.Fork(p.getInt(data + 4), p.getInt(data + 12))) : Optional.empty();
            case PROC_EVENT_EXEC -> Optional.of(new ProcEvent.Exec(p.getInt(data + 4)));
            case PROC_EVENT_COMM -> p.getInt(data) == p.getInt(data + 4)
                    ? Optional.of(new ProcEvent.Comm(p.getInt(data + 4), cString(p, data + 8, 16))) : Optional.empty();
            case PROC_EVENT_EXIT -> p.getInt(data) == p.getInt(data + 4) ? Optional.of(new ProcEvent.Exit(p.getInt(data + 4))) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static String cString(ByteBuffer b, int off, int max) {
        int n = 0;
        while (n < max && b.get(off + n) != 0) n++;
        byte[] out = new byte[n];
        b.get(off, out);
        return new String(out, StandardCharsets.UTF_8);
    }
}
