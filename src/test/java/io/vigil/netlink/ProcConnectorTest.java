package io.vigil.netlink;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The process-event connector codec against byte vectors laid out as linux/connector.h and cn_proc.h say. */
class ProcConnectorTest {
    private static final boolean LE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    @Test
    void listenAndIgnoreMessages() {
        org.junit.jupiter.api.Assumptions.assumeTrue(LE, "vectors are little-endian");
        assertThat(HexFormat.of().formatHex(ProcConnector.control(0x1234, true))).isEqualTo(
                "28000000" + "0300" + "0000" + "00000000" + "34120000"    // nlmsghdr: len 40, NLMSG_DONE, pid
                        + "01000000" + "01000000" + "00000000" + "00000000" + "0400" + "0000" // cn_msg: idx 1, val 1, len 4
                        + "01000000");                                       // PROC_CN_MCAST_LISTEN
        assertThat(HexFormat.of().formatHex(ProcConnector.control(7, false))).endsWith("02000000");
    }

    /** A received message: cn_msg for CN_IDX_PROC, proc_event with {@code what} and its data words. */
    private static NetlinkMessage event(int idx, int what, int... data) {
        return event(idx, what, new byte[0], data);
    }

    private static NetlinkMessage event(int idx, int what, byte[] tail, int... data) {
        int len = 16 + data.length * 4 + tail.length;
        ByteBuffer b = ByteBuffer.allocate(20 + len).order(ByteOrder.nativeOrder());
        b.putInt(idx).putInt(1).putInt(9).putInt(0).putShort((short) len).putShort((short) 0);
        b.putInt(what).putInt(1).putLong(123456789L);
        for (int d : data) b.putInt(d);
        b.put(tail);
        return new NetlinkMessage(NetlinkMessage.NLMSG_DONE, 0, 0, 0, b.array());
    }

    @Test
    void decodesProcessEventsAndSkipsThreads() {
        assertThat(ProcConnector.decode(event(1, 0x1, 100, 100, 200, 200))).contains(new ProcConnector.ProcEvent.Fork(100, 200));
        assertThat(ProcConnector.decode(event(1, 0x1, 100, 100, 201, 100))).as("a new thread").isEmpty();
        assertThat(ProcConnector.decode(event(1, 0x2, 300, 300))).contains(new ProcConnector.ProcEvent.Exec(300));
        byte[] comm = new byte[16];
        System.arraycopy("haproxy".getBytes(), 0, comm, 0, 7);
        assertThat(ProcConnector.decode(event(1, 0x200, comm, 400, 400))).contains(new ProcConnector.ProcEvent.Comm(400, "haproxy"));
        assertThat(ProcConnector.decode(event(1, 0x80000000, 500, 500, 0, 9))).contains(new ProcConnector.ProcEvent.Exit(500));
        assertThat(ProcConnector.decode(event(1, 0x80000000, 501, 500, 0, 9))).as("a thread exits").isEmpty();
        assertThat(ProcConnector.decode(event(1, 0, 0))).as("the LISTEN acknowledgement").isEmpty();
        assertThat(ProcConnector.decode(event(1, 0x4, 1, 1, 0, 0))).as("UID change: unused").isEmpty();
        assertThat(ProcConnector.decode(event(2, 0x2, 300, 300))).as("another connector").isEqualTo(Optional.empty());
    }

    @Test
    void truncatedMessagesAreRefused() {
        assertThatThrownBy(() -> ProcConnector.decode(new NetlinkMessage(3, 0, 0, 0, new byte[12]))).isInstanceOf(IllegalArgumentException.class);
        NetlinkMessage shortExec = event(1, 0x2, 300); // EXEC with one word of its two
        assertThatThrownBy(() -> ProcConnector.decode(shortExec)).isInstanceOf(IllegalArgumentException.class);
        byte[] p = event(1, 0x2, 300, 300).payload();
        NetlinkMessage lying = new NetlinkMessage(3, 0, 0, 0, java.util.Arrays.copyOf(p, p.length - 4)); // says 24, has 20
        assertThatThrownBy(() -> ProcConnector.decode(lying)).isInstanceOf(IllegalArgumentException.class);
        assertThat(List.of(ProcConnector.NETLINK_CONNECTOR, ProcConnector.CN_IDX_PROC)).containsExactly(11, 1);
    }
}
