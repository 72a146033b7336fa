package io.vigil.lb.proxy;

import io.vigil.lb.Protocol;
import io.vigil.lb.RealServer;
import io.vigil.lb.SchedulerKind;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.VirtualService;
import io.vigil.lb.DesiredState;
import io.vigil.sys.IoUring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static io.vigil.lb.proxy.TestServers.LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The native engines (epoll and io_uring) on real loopback sockets: resets, half-closes, slow readers, leaks. */
class ProxyEngineTest {

    record Service(ProxyDataPlane dp, ServiceKey key, InetSocketAddress vip) {}

    static Service serve(ProxySettings.IoModel model, int... serverPorts) throws IOException {
        ProxyDataPlane dp = ProxyDataPlaneTest.proxy(model);
        int port = TestServers.freePort();
        ServiceKey key = new ServiceKey.Ip(Protocol.TCP, LOOPBACK, port);
        List<RealServer> servers = new ArrayList<>();
        for (int p : serverPorts) servers.add(RealServer.nat(LOOPBACK, p, 1));
        dp.reconcile(new DesiredState(List.of(VirtualService.of(key, SchedulerKind.RR, servers))));
        assertThat(dp.listening(key)).isTrue();
        return new Service(dp, key, new InetSocketAddress(LOOPBACK, port));
    }

    static boolean idle(Service s) {
        var t = s.dp.stats().get(s.key).total();
        return t.activeConns() == 0 && t.inactiveConns() == 0;
    }

    static long fds() throws IOException {
        try (Stream<Path> l = Files.list(Path.of("/proc/self/fd"))) {
            return l.count();
        }
    }

    /**
     * The client writes and half-closes at once, before any connect to a server can have completed; the first
     * server refuses (rr resumes after the live one, so every connection tries the dead one first). Every byte
     * reaches the server that answers, then the FIN (the io_uring engine receives while it connects).
     */
    /** Writes {@code payload} to the socket and then its FIN, on a thread of its own (the caller reads meanwhile). */
    static Thread sendAndShutdown(Socket c, byte[] payload) {
        return Thread.ofVirtual().start(() -> {
            try {
                c.getOutputStream().write(payload);
                c.shutdownOutput();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    /** A test run once on each native engine (epoll, io_uring), the engine as its argument. */
    @java.lang.annotation.Target(java.lang.annotation.ElementType.METHOD)
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @ParameterizedTest
    @EnumSource(value = ProxySettings.IoModel.class, names = {"EPOLL", "IO_URING"})
    @interface OnNativeEngines {}

    @OnNativeEngines
    void bytesSentBeforeTheConnectCompletesReachTheServerThatAnswers(ProxySettings.IoModel model) throws Exception {
        try (TestServers servers = new TestServers()) {
            Service s = serve(model, TestServers.freePort(), servers.tcp("live"));
            try (ProxyDataPlane dp = s.dp) {
                byte[] request = new byte[200_000];
                new java.util.Random(7).nextBytes(request);
                for (int i = 0; i < 3; i++) {
                    try (Socket c = new Socket(LOOPBACK, s.vip.getPort())) {
                        c.setSoTimeout(10_000);
                        Thread writer = Thread.ofVirtual().start(() -> {
                            try {
                                c.getOutputStream().write(request);
                                c.shutdownOutput();
                            } catch (IOException ignored) {
                                // the assertions below say what went wrong
                            }
                        });
                        InputStream in = c.getInputStream();
                        assertThat(TestServers.readLine(in)).isEqualTo("live");
                        assertThat(in.readAllBytes()).isEqualTo(request);   // the echo, ended by the FIN passed on
                        writer.join();
                    }
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> idle(s));
            }
        }
    }

    @OnNativeEngines
    void aResetByTheClientEndsTheRelayAndTheServiceGoesOn(ProxySettings.IoModel model) throws Exception {
        try (TestServers servers = new TestServers()) {
            Service s = serve(model, servers.tcp("a"));
            try (ProxyDataPlane dp = s.dp) {
                Socket c = new Socket(LOOPBACK, s.vip.getPort());
                c.setSoTimeout(3000);
                assertThat(TestServers.readLine(c.getInputStream())).isEqualTo("a");
                c.getOutputStream().write(new byte[100_000]);
                c.setSoLinger(true, 0);
                c.close();   // RST
                await().atMost(Duration.ofSeconds(10)).until(() -> idle(s));
                assertThat(TestServers.ask(s.vip)).isEqualTo("a");
            }
        }
    }

    @OnNativeEngines
    void aResetByTheServerEndsTheClientsConnection(ProxySettings.IoModel model) throws Exception {
        try (ServerSocket rude = new ServerSocket(0, 16, LOOPBACK)) {
            Thread.ofVirtual().start(() -> {
                try (Socket c = rude.accept()) {
                    c.getInputStream().read();
                    c.setSoLinger(true, 0);
                } catch (IOException ignored) {
                    // the test fails on its own side
                }
            });
            Service s = serve(model, rude.getLocalPort());
            try (ProxyDataPlane dp = s.dp; Socket c = new Socket(LOOPBACK, s.vip.getPort())) {
                c.setSoTimeout(5000);
                c.getOutputStream().write('x');
                int r;
                try {
                    r = c.getInputStream().read();
                } catch (SocketException reset) {
                    r = -1;
                }
                assertThat(r).as("the client sees the end").isEqualTo(-1);
                await().atMost(Duration.ofSeconds(10)).until(() -> idle(s));
            }
        }
    }

    @OnNativeEngines
    void aServerHalfCloseLeavesTheClientsDirectionOpen(ProxySettings.IoModel model) throws Exception {
        AtomicLong serverGot = new AtomicLong(-1);
        try (ServerSocket ss = new ServerSocket(0, 16, LOOPBACK)) {
            Thread.ofVirtual().start(() -> {
                try (Socket c = ss.accept()) {
                    c.getOutputStream().write("bye\n".getBytes());
                    c.shutdownOutput();
                    serverGot.set(c.getInputStream().readAllBytes().length);
                } catch (IOException ignored) {
                    // asserted below
                }
            });
            Service s = serve(model, ss.getLocalPort());
            try (ProxyDataPlane dp = s.dp; Socket c = new Socket(LOOPBACK, s.vip.getPort())) {
                c.setSoTimeout(5000);
                InputStream in = c.getInputStream();
                assertThat(TestServers.readLine(in)).isEqualTo("bye");
                assertThat(in.read()).as("the server's FIN reaches the client").isEqualTo(-1);
                c.getOutputStream().write(new byte[1 << 20]);
                c.shutdownOutput();
                await().atMost(Duration.ofSeconds(10)).until(() -> serverGot.get() == 1 << 20);
                await().atMost(Duration.ofSeconds(10)).until(() -> idle(s));
            }
        }
    }

    @OnNativeEngines
    void aSlowReaderGetsEveryByteInOrder(ProxySettings.IoModel model) throws Exception {
        try (TestServers servers = new TestServers()) {
            Service s = serve(model, servers.tcp("a"));
            byte[] payload = new byte[4 << 20];
            for (int i = 0; i < payload.length; i++) payload[i] = (byte) (i * 13 + i / 4099);
            try (ProxyDataPlane dp = s.dp; Socket c = new Socket(LOOPBACK, s.vip.getPort())) {
                c.setSoTimeout(20_000);
                Thread writer = sendAndShutdown(c, payload);
                InputStream in = c.getInputStream();
                assertThat(TestServers.readLine(in)).isEqualTo("a");
                byte[] back = new byte[payload.length];
                int got = 0;
                byte[] chunk = new byte[4096];
                // The workload, not a wait: a reader slower than the writer, so the proxy must hold back.
                for (int n; got < back.length && (n = in.read(chunk)) > 0; got += n) {
                    System.arraycopy(chunk, 0, back, got, n);
                    if (got < (2 << 20)) Thread.sleep(0, 200_000);
                }
                writer.join();
                assertThat(got).isEqualTo(payload.length);
                assertThat(back).isEqualTo(payload);
            }
        }
    }

    @Test
    void manyConnectionsLeaveNoDescriptorAndNoBufferBehind() throws Exception {
        assumeTrue(IoUring.probe().available(), "io_uring unavailable here");
        try (TestServers servers = new TestServers()) {
            int serverPort = servers.tcp("a");
            int port = TestServers.freePort();
            ServiceKey key = new ServiceKey.Ip(Protocol.TCP, LOOPBACK, port);
            InetSocketAddress vip = new InetSocketAddress(LOOPBACK, port);
            ServicePool pool = new ServicePool(VirtualService.of(key, SchedulerKind.RR, List.of()), vip);
            pool.addServer(RealServer.nat(LOOPBACK, serverPort, 1));
            long before = fds();
            TcpUringListener l = new TcpUringListener(pool, ProxySettings.DEFAULTS.withWorkers(2));
            assertThat(l.bound()).isTrue();
            int perThread = 400, threads = 8;
            AtomicInteger answered = new AtomicInteger(), reset = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < perThread; i++) {
                        try (Socket c = new Socket(LOOPBACK, port)) {
                            c.setSoTimeout(5000);
                            if (i % 10 == 3) {   // some clients reset before reading anything
                                c.setSoLinger(true, 0);
                                reset.incrementAndGet();
                                continue;
                            }
                            if (TestServers.readLine(c.getInputStream()).equals("a")) answered.incrementAndGet();
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    }
                }));
            }
            for (Thread t : clients) t.join();
            assertThat(answered.get() + reset.get()).isEqualTo(perThread * threads);
            assertThat(answered.get()).isEqualTo(perThread * threads * 9 / 10);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                var c = pool.stats().total();
                return c.activeConns() == 0 && c.inactiveConns() == 0;
            });
            assertThat(pool.stats().total().conns()).isEqualTo(perThread * threads);
            l.close();
            assertThat(l.leftAtStop()).as("connections and buffers held at stop").containsExactly(0, 0);
            await().atMost(Duration.ofSeconds(20)).until(() -> fds() <= before);
        }
    }

    @Test
    void anExhaustedBufferRingIsReArmedAndNoByteIsLost() throws Exception {
        assumeTrue(IoUring.probe().available(), "io_uring unavailable here");
        try (TestServers servers = new TestServers()) {
            int port = TestServers.freePort();
            ServiceKey key = new ServiceKey.Ip(Protocol.TCP, LOOPBACK, port);
            ServicePool pool = new ServicePool(VirtualService.of(key, SchedulerKind.RR, List.of()), new InetSocketAddress(LOOPBACK, port));
            pool.addServer(RealServer.nat(LOOPBACK, servers.tcp("a"), 1));
            // 8 buffers of 4 KiB for 16 connections echoing 512 KiB each: receives run out of buffers again and again.
            TcpUringListener l = new TcpUringListener(pool, ProxySettings.DEFAULTS, 8, 4096);
            byte[] payload = new byte[512 * 1024];
            for (int i = 0; i < payload.length; i++) payload[i] = (byte) (i * 7 + i / 1021);
            List<Thread> clients = new ArrayList<>();
            AtomicInteger intact = new AtomicInteger();
            for (int t = 0; t < 16; t++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    try (Socket c = new Socket(LOOPBACK, port)) {
                        c.setSoTimeout(20_000);
                        Thread w = sendAndShutdown(c, payload);
                        InputStream in = c.getInputStream();
                        if (!TestServers.readLine(in).equals("a")) return;
                        byte[] back = in.readAllBytes();
                        w.join();
                        if (java.util.Arrays.equals(back, payload)) intact.incrementAndGet();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }));
            }
            for (Thread t : clients) t.join();
            assertThat(intact.get()).isEqualTo(16);
            assertThat(l.starvations()).as("the ring ran dry at least once").isPositive();
            l.close();
            assertThat(l.leftAtStop()).containsExactly(0, 0);
        }
    }
}
