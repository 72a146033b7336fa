package io.vigil.sys;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The raw io_uring bindings on loopback sockets: multishot accept, multishot receive into a buffer ring, send, connect. */
class IoUringTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @BeforeAll
    static void available() {
        IoUring.Availability a = IoUring.probe();
        assumeTrue(a.available(), "io_uring unavailable here: " + a.reason());
    }

    /** Submits and reaps until {@code want} completions came (each wait is bounded; the loop gives up after 200 turns). */
    static List<long[]> await(IoUring u, int want) {
        IoUring.Completions c = new IoUring.Completions(64);
        List<long[]> out = new ArrayList<>();
        for (int turn = 0; turn < 200 && out.size() < want; turn++) {
            u.submitAndWait(1, 50_000_000L);
            int n = u.reap(c);
            for (int i = 0; i < n; i++) out.add(new long[]{c.userData[i], c.res[i], c.flags[i]});
        }
        return out;
    }

    @Test
    void probeSaysWhatItFound() {
        IoUring.Availability a = IoUring.probe();
        assertThat(a.reason()).contains("io_uring");
    }

    @Test
    void acceptReceiveIntoProvidedBuffersAndSendBack() throws Exception {
        int listen = EpollIo.listenTcp(new InetSocketAddress(LOOPBACK, 0), 16);
        try (IoUring u = IoUring.open(64); IoUringBuffers bufs = new IoUringBuffers(u, 3, 8, 4096)) {
            int port = localPort(listen);
            assertThat(u.prepAcceptMultishot(listen, 1)).isTrue();
            u.submitAndWait(0, 0);
            try (Socket a = new Socket(LOOPBACK, port); Socket b = new Socket(LOOPBACK, port)) {
                List<long[]> accepted = await(u, 2);
                assertThat(accepted).hasSize(2).allSatisfy(c -> {
                    assertThat(c[0]).isEqualTo(1);
                    assertThat(c[1]).isPositive();
                    assertThat((int) c[2] & IoUring.CQE_F_MORE).isNotZero();
                });
                int fd = (int) accepted.get(0)[1];
                assertThat(u.prepRecvMultishot(fd, 3, 2)).isTrue();
                a.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                long[] got = await(u, 1).get(0);
                assertThat(got[0]).isEqualTo(2);
                assertThat(got[1]).isEqualTo(5);
                assertThat((int) got[2] & IoUring.CQE_F_BUFFER).isNotZero();
                int bid = (int) (got[2] >>> IoUring.CQE_BUFFER_SHIFT);
                assertThat(new String(bufs.copy(bid, 0, 5), StandardCharsets.US_ASCII)).isEqualTo("hello");
                assertThat(u.prepSend(fd, bufs, bid, 1, 4, 3, 0)).isTrue();
                long[] sent = await(u, 1).get(0);
                assertThat(sent[0]).isEqualTo(3);
                assertThat(sent[1]).isEqualTo(4);
                bufs.recycle(bid);
                byte[] echo = a.getInputStream().readNBytes(4);
                assertThat(new String(echo, StandardCharsets.US_ASCII)).isEqualTo("ello");
                // EOF ends the multishot receive: result 0 without F_MORE.
                a.shutdownOutput();
                long[] eof = await(u, 1).get(0);
                assertThat(eof[1]).isZero();
                assertThat((int) eof[2] & IoUring.CQE_F_MORE).isZero();
                for (long[] c : accepted) EpollIo.close((int) c[1]);
            }
            assertThat(u.prepCancelFd(listen, 9)).isTrue();
            assertThat(await(u, 2)).extracting(c -> c[0]).contains(9L, 1L);
        } finally {
            EpollIo.close(listen);
        }
    }

    @Test
    void anExhaustedBufferRingEndsTheReceiveWithEnobufs() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK); IoUring u = IoUring.open(16);
             IoUringBuffers bufs = new IoUringBuffers(u, 0, 2, 16)) {
            int fd = EpollIo.tcpSocket(new InetSocketAddress(LOOPBACK, server.getLocalPort()));
            assertThat(u.prepConnect(fd, (InetSocketAddress) server.getLocalSocketAddress(), 5, 1_000_000_000L, 6)).isTrue();
            assertThat(await(u, 2)).anySatisfy(c -> assertThat(c).containsExactly(5, 0, 0));
            try (Socket s = server.accept()) {
                assertThat(u.prepRecvMultishot(fd, 0, 7)).isTrue();
                OutputStream out = s.getOutputStream();
                List<long[]> got = new ArrayList<>();
                for (int i = 0; i < 3 && got.stream().noneMatch(c -> c[1] == -IoUring.ENOBUFS); i++) {
                    out.write(new byte[16]);
                    got.addAll(await(u, 1));
                }
                assertThat(got).last().satisfies(c -> {
                    assertThat(c[1]).isEqualTo(-IoUring.ENOBUFS);
                    assertThat((int) c[2] & IoUring.CQE_F_MORE).isZero();
                });
            } finally {
                EpollIo.close(fd);
            }
        }
    }

    @Test
    void aRefusedConnectReportsTheErrorAndTheLinkedTimeoutIsCancelled() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            port = s.getLocalPort();
        }
        InetSocketAddress to = new InetSocketAddress(LOOPBACK, port);
        try (IoUring u = IoUring.open(16)) {
            int fd = EpollIo.tcpSocket(to);
            try {
                assertThat(u.prepConnect(fd, to, 5, 2_000_000_000L, 6)).isTrue();
                List<long[]> got = await(u, 2);
                assertThat(got).anySatisfy(c -> assertThat(c).containsExactly(5, -111, 0));   // ECONNREFUSED
                assertThat(got).anySatisfy(c -> assertThat(c).containsExactly(6, -IoUring.ECANCELED, 0));
            } finally {
                EpollIo.close(fd);
            }
        }
    }

    @Test
    void smallReceivesShareABufferWhereTheKernelConsumesIncrementally() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK); IoUring u = IoUring.open(16);
             IoUringBuffers bufs = new IoUringBuffers(u, 0, 4, 4096)) {
            assumeTrue(bufs.incremental(), "kernel without incremental buffer consumption (before 6.12)");
            int fd = EpollIo.tcpSocket(new InetSocketAddress(LOOPBACK, server.getLocalPort()));
            try (Socket s = connectAndAccept(u, fd, server)) {
                assertThat(u.prepRecvMultishot(fd, 0, 7)).isTrue();
                s.getOutputStream().write("ab".getBytes(StandardCharsets.US_ASCII));
                long[] first = await(u, 1).get(0);
                s.getOutputStream().write("cd".getBytes(StandardCharsets.US_ASCII));
                long[] second = await(u, 1).get(0);
                int bid = (int) (first[2] >>> IoUring.CQE_BUFFER_SHIFT);
                assertThat((int) first[2] & IoUring.CQE_F_BUF_MORE).as("the rest of the buffer stays with the kernel").isNotZero();
                assertThat((int) (second[2] >>> IoUring.CQE_BUFFER_SHIFT)).as("the next receive goes on in the same buffer").isEqualTo(bid);
                assertThat(new String(bufs.copy(bid, 0, 4), StandardCharsets.US_ASCII)).isEqualTo("abcd");
            } finally {
                EpollIo.close(fd);
            }
        }
    }

    static Socket connectAndAccept(IoUring u, int fd, ServerSocket server) throws IOException {
        assertThat(u.prepConnect(fd, (InetSocketAddress) server.getLocalSocketAddress(), 5, 0, 0)).isTrue();
        assertThat(await(u, 1)).singleElement().satisfies(c -> assertThat(c).containsExactly(5, 0, 0));
        return server.accept();
    }

    static int localPort(int fd) {
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
            java.lang.foreign.MemorySegment sa = a.allocate(128);
            Libc.getsockname(fd, sa);
            return Short.toUnsignedInt(sa.get(Libc.NET_SHORT, 2));
        }
    }
}
