package io.vigil.check;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The TCP_CHECK event loop with its real sockets (epoll, non-blocking connects) on loopback: a listener is up, a
 * closed port refused, a full accept queue times out at connect_timeout, bindto/bind_port set the source, IPv6.
 */
class TcpCheckLoopSocketTest {
    private final TestServers servers = new TestServers();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Map<Integer, List<ProbeResult>> results = new ConcurrentHashMap<>();
    private final Map<Integer, Long> latencyMicros = new ConcurrentHashMap<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) c.close();
        servers.close();
    }

    /** One loop checking each target (one checker each, index = position), started. */
    private TcpCheckLoop loop(List<InetSocketAddress> targets, List<CheckerSettings.Connect> connects) throws Exception {
        TcpCheckLoop loop = new TcpCheckLoop(new EpollConnectIo(), System::nanoTime);
        open.add(loop);
        for (int i = 0; i < targets.size(); i++) {
            int index = i;
            var t = new CheckerSettings.Tcp(new CheckerSettings.Timing(60_000, 0, 1000, 0), connects.get(i));
            RealServerSettings rs = RealServerSettings.of(new RealServerKey(targets.get(i).getAddress(), targets.get(i).getPort()), t);
            VirtualServerSettings vs = VirtualServerSettings.of(VirtualServerKey.of("198.18.0.1", 80, "TCP"), rs);
            PoolListener observer = new PoolListener() {
                @Override
                public void onPoolChanged(VirtualServerKey v, DesiredPool pool) {
                }

                @Override
                public void onProbe(VirtualServerKey v, RealServerKey r, int checker, String kind, ProbeResult result, long micros) {
                    results.computeIfAbsent(index, k -> new CopyOnWriteArrayList<>()).add(result);
                    latencyMicros.put(index, micros);
                }
            };
            loop.add(new CheckerRun(vs, rs, 0, t, new HealthTracker(t.timing(), false),
                    new CheckerRun.Outputs(e -> {}, observer, new ConcurrentHashMap<>(), new LongAdder())), t, 0);
        }
        loop.start();
        return loop;
    }

    private ProbeResult first(int index) {
        await().atMost(Duration.ofSeconds(30)).until(() -> results.containsKey(index));
        return results.get(index).getFirst();
    }

    private static CheckerSettings.Connect co(long timeoutMillis) {
        return CheckerSettings.Connect.toRealServer().withTimeout(timeoutMillis);
    }

    @Test
    void upRefusedAndBlackHoleInOneLoop() throws Exception {
        InetSocketAddress up = servers.http().getAddress();
        InetSocketAddress refused = new InetSocketAddress(TestServers.LOOPBACK, TestServers.closedPort());
        try (ServerSocket full = new ServerSocket(0, 1, TestServers.LOOPBACK)) {
            // A listener whose accept queue is full drops SYNs: the connect times out.
            List<Socket> fill = TestServers.fillAcceptQueue(full);
            open.addAll(fill);
            InetSocketAddress hole = (InetSocketAddress) full.getLocalSocketAddress();
            TcpCheckLoop loop = loop(List.of(up, refused, hole), List.of(co(1000), co(1000), co(300)));

            assertThat(first(0)).isEqualTo(new ProbeResult.Up("TCP connection to " + up + " success"));
            assertThat(first(1)).isEqualTo(new ProbeResult.Down("TCP connection to " + refused + " failed: connection refused"));
            assertThat(first(2)).isEqualTo(new ProbeResult.Down("TCP connection to " + hole + " failed: timeout after 300 ms"));
            // not before connect_timeout, within the timer wheel's 1 ms tick (the latency is timed from the connect, the deadline from the tick)
            assertThat(latencyMicros.get(2)).isGreaterThanOrEqualTo(299_000);
            loop.close(); // closed again after the test: harmless
        }
    }

    @Test
    void bindtoAndBindPortSetTheSource() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, TestServers.LOOPBACK)) {
            port = free.getLocalPort();
        }
        try (ServerSocket ss = new ServerSocket(0, 5, TestServers.LOOPBACK)) {
            loop(List.of((InetSocketAddress) ss.getLocalSocketAddress()), List.of(co(1000).withBind(InetAddress.getByName("127.0.0.7"), port)));
            try (Socket c = ss.accept()) {
                assertThat(((InetSocketAddress) c.getRemoteSocketAddress()).getAddress().getHostAddress()).isEqualTo("127.0.0.7");
                assertThat(c.getPort()).isEqualTo(port);
            }
            assertThat(first(0)).isInstanceOf(ProbeResult.Up.class);
        }
    }

    @Test
    void connectIpAndPortOverrideTheRealServer() throws Exception {
        InetSocketAddress up = servers.http().getAddress();
        CheckerSettings.Connect co = new CheckerSettings.Connect(up.getAddress(), up.getPort(), null, 0, 1000, 0);
        loop(List.of(new InetSocketAddress(InetAddress.getByName("198.18.9.9"), 9)), List.of(co));
        assertThat(first(0)).isEqualTo(new ProbeResult.Up("TCP connection to " + up + " success"));
    }

    @Test
    void ipv6() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(OtherProbesTest.hasIpv6Loopback(), "SKIPPED: no ::1 here");
        try (ServerSocket ss = new ServerSocket(0, 5, InetAddress.getByName("::1"))) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) ss.accept().close();
                } catch (java.io.IOException closed) {
                    // stopping
                }
            });
            InetSocketAddress a = (InetSocketAddress) ss.getLocalSocketAddress();
            int closed;
            try (ServerSocket once = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
                closed = once.getLocalPort();
            }
            InetSocketAddress refused = new InetSocketAddress(InetAddress.getByName("::1"), closed);
            loop(List.of(a, refused), List.of(co(1000), co(1000)));
            assertThat(first(0)).isEqualTo(new ProbeResult.Up("TCP connection to " + a + " success"));
            assertThat(first(1).describe()).endsWith("failed: connection refused");
        }
    }
}
