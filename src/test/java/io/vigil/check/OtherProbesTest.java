package io.vigil.check;

import io.vigil.check.probe.Probe;
import io.vigil.sys.ScriptRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** SMTP_CHECK, DNS_CHECK (dnsmasq), UDP_CHECK, PING_CHECK (loopback) and FILE_CHECK against real things. */
class OtherProbesTest {
    static final CheckerSettings.Timing T = new CheckerSettings.Timing(1000, 0, 100, 0);
    final TestServers servers = new TestServers();

    @AfterEach
    void close() {
        servers.close();
    }

    static ProbeResult run(CheckerSettings c, RealServerSettings rs) {
        return Probe.of(c, rs, new ScriptRunner()).check();
    }

    static RealServerSettings rs(InetSocketAddress a) {
        return RealServerSettings.of(new RealServerKey(a.getAddress(), a.getPort()));
    }

    static CheckerSettings.Connect co(InetSocketAddress a, long timeoutMillis) {
        return CheckerSettings.Connect.to(a.getAddress(), a.getPort()).withTimeout(timeoutMillis);
    }

    @Test
    void smtpAllHostsMustGreetAndAcceptHelo() throws Exception {
        InetSocketAddress good = servers.smtp("220 test.vigil ESMTP ready");
        InetSocketAddress good2 = servers.smtp("220-test.vigil first line\r\n220 second line");
        InetSocketAddress busy = servers.smtp("554 no service");
        RealServerSettings r = rs(good);
        assertThat(run(new CheckerSettings.Smtp(T, List.of(co(good, 1000), co(good2, 1000)), "checker.vigil.test"), r)).isInstanceOf(ProbeResult.Up.class);
        // The probe's QUIT may reach the server's thread after the probe has returned: wait for it.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(servers.smtpCommands).contains("HELO checker.vigil.test", "QUIT"));
        ProbeResult refused = run(new CheckerSettings.Smtp(T, List.of(co(good, 1000), co(busy, 1000)), "x"), r);
        assertThat(refused.describe()).contains("greeting reply 554");
        InetSocketAddress closed = new InetSocketAddress(TestServers.LOOPBACK, TestServers.closedPort());
        assertThat(run(new CheckerSettings.Smtp(T, List.of(co(closed, 1000)), "x"), r).describe()).contains("connection refused");
        assertThat(run(new CheckerSettings.Smtp(T, List.of(co(servers.blackHole(), 300)), "x"), r).describe()).contains("timeout");
    }

    @Test
    void udpReplyPortUnreachableAndSilence() throws Exception {
        InetSocketAddress echo = servers.udp(true);
        InetSocketAddress silent = servers.udp(false);
        byte[] payload = "ping".getBytes(StandardCharsets.UTF_8);
        assertThat(run(new CheckerSettings.Udp(T, co(echo, 500), payload, true), rs(echo)).describe()).contains("reply of 4 bytes");
        InetSocketAddress closed;
        try (var s = new java.net.DatagramSocket(new InetSocketAddress(TestServers.LOOPBACK, 0))) {
            closed = (InetSocketAddress) s.getLocalSocketAddress();
        }
        assertThat(run(new CheckerSettings.Udp(T, co(closed, 500), payload, false), rs(closed)).describe()).contains("port unreachable");
        assertThat(run(new CheckerSettings.Udp(T, co(silent, 300), payload, true), rs(silent)).describe()).contains("no reply within 300 ms");
        assertThat(run(new CheckerSettings.Udp(T, co(silent, 300), payload, false), rs(silent))).isInstanceOf(ProbeResult.Up.class);
    }

    @Test
    void fileCheckWeights(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("weight");
        RealServerSettings r = RealServerSettings.of(RealServerKey.of("127.0.0.1", 80)).withWeight(10);
        Files.writeString(f, "3\n");
        assertThat(run(new CheckerSettings.File(T, f, 2, false), r)).isInstanceOf(ProbeResult.Weight.class)
                .satisfies(x -> assertThat(((ProbeResult.Weight) x).weight()).isEqualTo(16));
        assertThat(((ProbeResult.Weight) run(new CheckerSettings.File(T, f, 2, true), r)).weight()).isEqualTo(4);
        assertThat(run(new CheckerSettings.File(T, f, 5, true), r)).isInstanceOf(ProbeResult.Down.class);
        assertThat(run(new CheckerSettings.File(T, f, 0, false), r)).isInstanceOf(ProbeResult.Down.class);
        Files.writeString(f, "0");
        assertThat(run(new CheckerSettings.File(T, f, 0, false), r)).isInstanceOf(ProbeResult.Up.class);
        Files.writeString(f, "garbage");
        assertThat(run(new CheckerSettings.File(T, f, 1, false), r).describe()).contains("cannot read a number");
        assertThat(run(new CheckerSettings.File(T, dir.resolve("absent"), 1, false), r)).isInstanceOf(ProbeResult.Down.class);
    }

    @Test
    void pingLoopbackIpv4AndIpv6() throws Exception {
        var ping = new CheckerSettings.Ping(T, CheckerSettings.Connect.toRealServer().withTimeout(1000));
        ProbeResult v4 = run(ping, RealServerSettings.of(RealServerKey.of("127.0.0.1", 0)));
        assertThat(v4).as(v4.describe()).isInstanceOf(ProbeResult.Up.class);
        Assumptions.assumeTrue(hasIpv6Loopback(), "SKIPPED: no ::1 here");
        ProbeResult v6 = run(ping, RealServerSettings.of(RealServerKey.of("::1", 0)));
        assertThat(v6).as(v6.describe()).isInstanceOf(ProbeResult.Up.class);
    }

    static boolean hasIpv6Loopback() {
        try (var s = new java.net.DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** dnsmasq from Debian on a high loopback port; skips when it is not installed. */
    @Test
    void dnsAgainstDnsmasq(@TempDir Path dir) throws Exception {
        Path dnsmasq = Path.of("/usr/sbin/dnsmasq");
        Assumptions.assumeTrue(Files.isExecutable(dnsmasq), "SKIPPED: dnsmasq (dnsmasq-base) is not installed");
        int port = freeUdpPort();
        Process p = new ProcessBuilder(dnsmasq.toString(), "-k", "-p", Integer.toString(port), "--listen-address=127.0.0.1", "--bind-interfaces",
                "--no-resolv", "--no-hosts", "--no-dhcp-interface=*", "--pid-file=" + dir.resolve("pid"), "--address=/x.test/198.18.0.5", "--address=/nx.test/",
                "--user=root", "--log-facility=-")
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        try {
            InetSocketAddress a = new InetSocketAddress("127.0.0.1", port);
            var up = new CheckerSettings.Dns(T, co(a, 1000), "A", "x.test");
            ProbeResult r = null;
            for (int i = 0; i < 50; i++) { // dnsmasq needs a moment to bind
                r = run(up, rs(a));
                if (r.success()) break;
                Thread.sleep(100);
            }
            assertThat(r).as(r.describe() + "\n" + Files.readString(dir.resolve("log"))).isInstanceOf(ProbeResult.Up.class);
            assertThat(r.describe()).contains("NOERROR, 1 answer");
            // --address=/nx.test/ (no address): dnsmasq answers NXDOMAIN there
            ProbeResult nx = run(new CheckerSettings.Dns(T, co(a, 3000), "A", "host.nx.test"), rs(a));
            assertThat(nx).isInstanceOf(ProbeResult.Down.class);
            assertThat(nx.describe()).contains("RCODE NXDOMAIN");
        } finally {
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        InetSocketAddress gone = new InetSocketAddress("127.0.0.1", port);
        assertThat(run(new CheckerSettings.Dns(T, co(gone, 300), "A", "x.test"), rs(gone))).isInstanceOf(ProbeResult.Down.class);
    }

    static int freeUdpPort() throws Exception {
        try (var s = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        }
    }
}
