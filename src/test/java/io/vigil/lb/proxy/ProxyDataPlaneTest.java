package io.vigil.lb.proxy;

import io.vigil.lb.Counters;
import io.vigil.lb.DataPlaneException;
import io.vigil.lb.DesiredState;
import io.vigil.lb.Persistence;
import io.vigil.lb.Protocol;
import io.vigil.lb.RealServer;
import io.vigil.lb.SchedulerKind;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.VirtualService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.vigil.lb.proxy.TestServers.LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The proxy on loopback (no root needed), both TCP engines. */
class ProxyDataPlaneTest {

    static Map<String, Integer> spread(InetSocketAddress vip, int n) throws Exception {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < n; i++) m.merge(TestServers.ask(vip), 1, Integer::sum);
        return m;
    }

    static ProxyDataPlane proxy(ProxySettings.IoModel model) {
        return new ProxyDataPlane(ProxySettings.DEFAULTS.withIoModel(model).withConnectTimeoutMillis(500));
    }

    @ParameterizedTest
    @EnumSource(ProxySettings.IoModel.class)
    void wrrSpreadsByWeightAndDrainKeepsOpenConnections(ProxySettings.IoModel model) throws Exception {
        try (TestServers servers = new TestServers(); ProxyDataPlane dp = proxy(model)) {
            RealServer a = RealServer.nat(LOOPBACK, servers.tcp("a"), 3);
            RealServer b = RealServer.nat(LOOPBACK, servers.tcp("b"), 1);
            int port = TestServers.freePort();
            ServiceKey key = new ServiceKey.Ip(Protocol.TCP, LOOPBACK, port);
            InetSocketAddress vip = new InetSocketAddress(LOOPBACK, port);
            dp.reconcile(new DesiredState(List.of(VirtualService.of(key, SchedulerKind.WRR, List.of(a, b)))));
            assertThat(dp.listening(key)).isTrue();

            assertThat(spread(vip, 40)).containsEntry("a", 30).containsEntry("b", 10);
            // The test servers close after the client's EOF: every relay must end (none left counted as active).
            await().atMost(Duration.ofSeconds(5)).until(() -> dp.stats().get(key).total().activeConns() == 0);

            // An open connection to b, then b drained (weight 0): b gets nothing new, the open one still echoes.
            Socket held = null;
            for (int i = 0; i < 4 && held == null; i++) {
                Socket s = new Socket(LOOPBACK, port);
                s.setSoTimeout(3000);
                if (TestServers.readLine(s.getInputStream()).equals("b")) held = s;
                else s.close();
            }
            assertThat(held).as("one of 4 wrr connections goes to b").isNotNull();
            dp.reconcile(new DesiredState(List.of(VirtualService.of(key, SchedulerKind.WRR, List.of(a, b.withWeight(0))))));
            assertThat(spread(vip, 12)).containsOnlyKeys("a");
            OutputStream out = held.getOutputStream();
            out.write("still here\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(TestServers.readLine(held.getInputStream())).isEqualTo("still here");
            assertThat(dp.stats().get(key).server(b.key()).activeConns()).isEqualTo(1);

            // Removed server: gone from the service, no new connections; the held connection still works.
            dp.reconcile(new DesiredState(List.of(VirtualService.of(key, SchedulerKind.WRR, List.of(a)))));
            assertThat(spread(vip, 5)).containsOnlyKeys("a");
            out.write("after removal\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(TestServers.readLine(held.getInputStream())).isEqualTo("after removal");
            held.close();

            Counters ca = dp.stats().get(key).server(a.key());
            assertThat(ca.conns()).isGreaterThanOrEqualTo(30 + 12 + 5);
            assertThat(ca.bytesOut()).isGreaterThanOrEqualTo(2L * ca.conns() - 10);
            await().atMost(Duration.ofSeconds(5)).until(() -> dp.stats().get(key).server(a.key()).activeConns() == 0);
        }
    }

    @ParameterizedTest
    @EnumSource(ProxySettings.IoModel.class)
    void aFailedConnectIsRetriedOnAnotherServer(ProxySettings.IoModel model) throws Exception {
        try (TestServers servers = new TestServers(); ProxyDataPlane dp = proxy(model)) {
            RealServer dead = RealServer.nat(LOOPBACK, TestServers.freePort(), 1);
            RealServer live = RealServer.nat(LOOPBACK, servers.tcp("live"), 1);
            int port = TestServers.freePort();
            ServiceKey key = new ServiceKey.Ip(Protocol.TCP, LOOPBACK, port);
            dp.reconcile(new DesiredState(List.of(VirtualService.of(key, SchedulerKind.RR, List.of(dead, live)))));
            assertThat(spread(new InetSocketAddress(LOOPBACK, port), 10)).containsEntry("live", 10);
            // rr resumes after "live", so every new connection tries "dead" first and is retried on "live".
            assertThat(dp.stats().get(key).server(dead.key()).conns()).isEqualTo(10);
            assertThat(dp.stats().get(key).server(dead.key()).activeConns()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(ProxySettings.IoModel.class)
    void bulkDataBothWaysWithHalfClose(ProxySettings.IoModel model) throws Exception {
        bulk(proxy(model));
    }

    @org.junit.jupiter.api.Test
    void bulkDataThroughSplice() throws Exception {
        bulk(new ProxyDataPlane(ProxySettings.DEFAULTS.withIoModel(ProxySettings.IoModel.EPOLL).withSplice(true)));
    }

    private static void bulk(ProxyDataPlane proxy) throws Exception {
        try (TestServers servers = new TestServers(); ProxyDataPlane dp = proxy) {
            RealServer a = RealServer.nat(LOOPBACK, servers.tcp("a"), 1);
            int port = TestServers.freePort();
            ServiceKey key = new ServiceKey.Ip(Protocol.TCP, LOOPBACK, port);
            dp.reconcile(new DesiredState(List.of(VirtualService.of(key, SchedulerKind.RR, List.of(a)))));
            byte[] payload = new byte[3 * 1024 * 1024];
            for (int i = 0; i < payload.length; i++) payload[i] = (byte) (i * 31 + 7);
            try (Socket s = new Socket(LOOPBACK, port)) {
                s.setSoTimeout(10_000);
                Thread writer = Thread.ofVirtual().start(() -> {
                    try {
                        s.getOutputStream().write(payload);
                        s.shutdownOutput();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                InputStream in = s.getInputStream();
                assertThat(TestServers.readLine(in)).isEqualTo("a");
                byte[] back = in.readAllBytes(); // ends when the server closes after our half-close reached it
                writer.join();
                assertThat(back).isEqualTo(payload);
            }
            assertThat(dp.stats().get(key).server(a.key()).bytesIn()).isEqualTo(payload.length);
        }
    }

    @ParameterizedTest
    @EnumSource(ProxySettings.IoModel.class)
    void persistenceKeepsAClientOnOneServer(ProxySettings.IoModel model) throws Exception {
        try (TestServers servers = new TestServers(); ProxyDataPlane dp = proxy(model)) {
            RealServer a = RealServer.nat(LOOPBACK, servers.tcp("a"), 1);
            RealServer b = RealServer.nat(LOOPBACK, servers.tcp("b"), 1);
            int port = TestServers.freePort();
            ServiceKey key = new ServiceKey.Ip(Protocol.TCP, LOOPBACK, port);
            dp.reconcile(new DesiredState(List.of(new VirtualService(key, SchedulerKind.RR, Set.of(), new Persistence(300, 32), false, List.of(a, b)))));
            assertThat(spread(new InetSocketAddress(LOOPBACK, port), 10)).hasSize(1);
        }
    }

    @org.junit.jupiter.api.Test
    void udpSessionsSpreadPerClientAndStatsCountDatagrams() throws Exception {
        try (TestServers servers = new TestServers(); ProxyDataPlane dp = new ProxyDataPlane()) {
            RealServer a = RealServer.nat(LOOPBACK, servers.udp("a"), 1);
            RealServer b = RealServer.nat(LOOPBACK, servers.udp("b"), 1);
            int port;
            try (DatagramSocket probe = new DatagramSocket(0, LOOPBACK)) {
                port = probe.getLocalPort();
            }
            ServiceKey key = new ServiceKey.Ip(Protocol.UDP, LOOPBACK, port);
            dp.reconcile(new DesiredState(List.of(VirtualService.of(key, SchedulerKind.RR, List.of(a, b)))));
            Map<String, Integer> seen = new HashMap<>();
            for (int client = 0; client < 6; client++) {
                try (DatagramSocket c = new DatagramSocket(0, LOOPBACK)) {
                    c.setSoTimeout(3000);
                    String first = null;
                    for (int i = 0; i < 3; i++) {
                        byte[] m = ("m" + i).getBytes(StandardCharsets.US_ASCII);
                        c.send(new DatagramPacket(m, m.length, LOOPBACK, port));
                        DatagramPacket r = new DatagramPacket(new byte[100], 100);
                        c.receive(r);
                        String reply = new String(r.getData(), 0, r.getLength(), StandardCharsets.US_ASCII);
                        assertThat(r.getPort()).as("replies come from the virtual port").isEqualTo(port);
                        assertThat(reply).endsWith(":m" + i);
                        String server = reply.substring(0, reply.indexOf(':'));
                        if (first == null) first = server;
                        assertThat(server).as("one client, one session, one server").isEqualTo(first);
                    }
                    seen.merge(first, 1, Integer::sum);
                }
            }
            assertThat(seen).containsEntry("a", 3).containsEntry("b", 3);
            Counters total = dp.stats().get(key).total();
            assertThat(total.packetsIn()).isEqualTo(18);
            assertThat(total.packetsOut()).isEqualTo(18);
            assertThat(total.conns()).isEqualTo(6);
        }
    }

    @org.junit.jupiter.api.Test
    void fwmarkAndSctpAreRefusedWithAReason() {
        try (ProxyDataPlane dp = new ProxyDataPlane()) {
            DesiredState s = new DesiredState(List.of(
                    VirtualService.of(new ServiceKey.Fwmark(1, false), SchedulerKind.RR, List.of()),
                    VirtualService.of(new ServiceKey.Ip(Protocol.SCTP, LOOPBACK, 9), SchedulerKind.RR, List.of())));
            assertThatThrownBy(() -> dp.reconcile(s)).isInstanceOf(DataPlaneException.class)
                    .hasMessageContaining("fwmark services need the kernel").hasMessageContaining("SCTP is not proxied");
        }
    }

    @org.junit.jupiter.api.Test
    void aPersistenceEngineIsRefusedWithAReason() {
        try (ProxyDataPlane dp = new ProxyDataPlane()) {
            DesiredState s = new DesiredState(List.of(new VirtualService(new ServiceKey.Ip(Protocol.UDP, LOOPBACK, 5060), SchedulerKind.RR,
                    java.util.Set.of(), new io.vigil.lb.Persistence(60, 32, "sip"), false, List.of())));
            assertThat(dp.unsupported(s)).containsExactly("virtual_server UDP 127.0.0.1:5060: persistence_engine sip is an IPVS persistence engine; the proxy has none");
            assertThatThrownBy(() -> dp.reconcile(s)).isInstanceOf(DataPlaneException.class).hasMessageContaining("persistence_engine sip");
            assertThat(dp.current().services()).isEmpty();
        }
    }
}
