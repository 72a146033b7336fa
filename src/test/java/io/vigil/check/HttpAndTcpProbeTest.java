package io.vigil.check;

import io.vigil.sys.ScriptRunner;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import io.vigil.check.probe.Probe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** TCP_CHECK, HTTP_GET, SSL_GET and genhash against real servers on loopback. */
class HttpAndTcpProbeTest {
    static final CheckerSettings.Timing T = new CheckerSettings.Timing(1000, 0, 100, 0);
    final TestServers servers = new TestServers();

    @AfterEach
    void close() {
        servers.close();
    }

    static RealServerSettings rs(InetSocketAddress a) {
        return RealServerSettings.of(new RealServerKey(a.getAddress(), a.getPort()));
    }

    static ProbeResult run(CheckerSettings c, InetSocketAddress a) {
        return Probe.of(c, rs(a), new ScriptRunner()).check();
    }

    static CheckerSettings.Connect co(long timeoutMillis) {
        return CheckerSettings.Connect.toRealServer().withTimeout(timeoutMillis);
    }

    static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    static CheckerSettings.Http http(boolean ssl, CheckerSettings.UrlCheck... urls) {
        return new CheckerSettings.Http(T, co(1000), ssl, List.of(urls), null, false, CheckerSettings.HttpProtocol.HTTP_1_0);
    }

    @Test
    void tcpUpRefusedAndBlackHole() throws Exception {
        HttpServer s = servers.http();
        var tcp = new CheckerSettings.Tcp(T, co(300));
        assertThat(run(tcp, s.getAddress())).isInstanceOf(ProbeResult.Up.class);

        ProbeResult refused = run(tcp, new InetSocketAddress(TestServers.LOOPBACK, TestServers.closedPort()));
        assertThat(refused).isInstanceOf(ProbeResult.Down.class);
        assertThat(refused.describe()).contains("connection refused");

        // A listener whose accept queue is full drops SYNs: the connect times out.
        try (ServerSocket full = new ServerSocket(0, 1, TestServers.LOOPBACK)) {
            List<Socket> fill = TestServers.fillAcceptQueue(full);
            long t0 = System.nanoTime();
            ProbeResult hole = run(tcp, (InetSocketAddress) full.getLocalSocketAddress());
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            for (Socket f : fill) f.close();
            assertThat(hole).isInstanceOf(ProbeResult.Down.class);
            assertThat(hole.describe()).contains("timeout after 300 ms");
            assertThat(tookMillis).isGreaterThanOrEqualTo(290);
        }
    }

    @Test
    void tcpBindtoAndBindPort() throws Exception {
        HttpServer s = servers.http();
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, TestServers.LOOPBACK)) {
            port = free.getLocalPort();
        }
        // A server that records the client's source
        try (ServerSocket ss = new ServerSocket(0, 5, TestServers.LOOPBACK)) {
            var tcp = new CheckerSettings.Tcp(T, co(1000).withBind(java.net.InetAddress.getByName("127.0.0.7"), port));
            Thread.ofVirtual().start(() -> run(tcp, (InetSocketAddress) ss.getLocalSocketAddress()));
            try (Socket c = ss.accept()) {
                assertThat(((InetSocketAddress) c.getRemoteSocketAddress()).getAddress().getHostAddress()).isEqualTo("127.0.0.7");
                assertThat(c.getPort()).isEqualTo(port);
            }
        }
        assertThat(s).isNotNull();
    }

    @Test
    void httpStatusDigestAndRegex() throws Exception {
        HttpServer s = servers.http();
        InetSocketAddress a = s.getAddress();
        String good = md5("hello vigil");
        assertThat(run(http(false, CheckerSettings.UrlCheck.path("/ok").withDigest(good)), a)).isInstanceOf(ProbeResult.Up.class);

        ProbeResult wrongStatus = run(http(false, CheckerSettings.UrlCheck.path("/missing")), a);
        assertThat(wrongStatus.describe()).contains("HTTP status code error, got 404");
        assertThat(run(http(false, CheckerSettings.UrlCheck.path("/missing").withStatus("200", "400-404")), a)).isInstanceOf(ProbeResult.Up.class);
        assertThat(run(http(false, CheckerSettings.UrlCheck.path("/ok").withStatus("201-299")), a)).isInstanceOf(ProbeResult.Down.class);

        ProbeResult wrongDigest = run(http(false, CheckerSettings.UrlCheck.path("/ok").withDigest(md5("something else"))), a);
        assertThat(wrongDigest).isInstanceOf(ProbeResult.Down.class);
        assertThat(wrongDigest.describe()).contains("MD5 digest error, got " + good);

        assertThat(run(http(false, CheckerSettings.UrlCheck.path("/ok").withRegex("vig.l", false)), a)).isInstanceOf(ProbeResult.Up.class);
        ProbeResult mismatch = run(http(false, CheckerSettings.UrlCheck.path("/ok").withRegex("^goodbye", false)), a);
        assertThat(mismatch.describe()).contains("regex not found");
        assertThat(run(http(false, CheckerSettings.UrlCheck.path("/ok").withRegex("error", true)), a)).isInstanceOf(ProbeResult.Up.class);
        assertThat(run(http(false, CheckerSettings.UrlCheck.path("/ok").withRegex("hello", true)), a).describe()).contains("regex_no_match");

        // several urls: all must pass
        assertThat(run(http(false, CheckerSettings.UrlCheck.path("/ok"), CheckerSettings.UrlCheck.path("/missing")), a))
                .isInstanceOf(ProbeResult.Down.class);
    }

    @Test
    void httpDownAndBlackHole() throws Exception {
        ProbeResult refused = run(http(false, CheckerSettings.UrlCheck.path("/")), new InetSocketAddress(TestServers.LOOPBACK, TestServers.closedPort()));
        assertThat(refused.describe()).contains("connection refused");
        long t0 = System.nanoTime();
        ProbeResult hole = run(http(false, CheckerSettings.UrlCheck.path("/")), servers.blackHole());
        assertThat(hole.describe()).contains("timeout after 1000 ms");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(990);
        // an HTTP server whose handler hangs: the read times out
        HttpServer s = servers.http();
        assertThat(run(http(false, CheckerSettings.UrlCheck.path("/hang")), s.getAddress()).describe()).contains("timeout");
    }

    @Test
    void virtualhostAndProtocols() throws Exception {
        HttpServer s = servers.http();
        var vh = new CheckerSettings.Http(T, co(1000), false, List.of(CheckerSettings.UrlCheck.path("/host").withRegex("^host=www\\.example\\.test$", false)),
                "www.example.test", false, CheckerSettings.HttpProtocol.HTTP_1_1);
        assertThat(run(vh, s.getAddress())).isInstanceOf(ProbeResult.Up.class);
        // default Host: address:port
        var plain = http(false, CheckerSettings.UrlCheck.path("/host").withRegex("^host=127\\.0\\.0\\.1:" + s.getAddress().getPort() + "$", false));
        assertThat(run(plain, s.getAddress())).isInstanceOf(ProbeResult.Up.class);
        // chunked body (HTTP/1.1) is de-chunked before digesting
        for (var proto : CheckerSettings.HttpProtocol.values()) {
            var chunked = new CheckerSettings.Http(T, co(1000), false, List.of(CheckerSettings.UrlCheck.path("/chunked").withDigest(md5("hello"))),
                    null, false, proto);
            assertThat(run(chunked, s.getAddress())).as(proto.name()).isInstanceOf(ProbeResult.Up.class);
        }
    }

    @Test
    void ipv6TcpAndHttpWithABracketedHostHeader() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(OtherProbesTest.hasIpv6Loopback(), "SKIPPED: no ::1 here");
        HttpServer s = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getByName("::1"), 0), 10);
        s.createContext("/host", ex -> TestServers.respond(ex, 200, "host=" + ex.getRequestHeaders().getFirst("Host")));
        s.start();
        try {
            InetSocketAddress a = s.getAddress();
            assertThat(run(new CheckerSettings.Tcp(T, co(1000)), a)).isInstanceOf(ProbeResult.Up.class);
            var http = http(false, CheckerSettings.UrlCheck.path("/host").withRegex("^host=\\[::1\\]:" + a.getPort() + "$", false));
            ProbeResult r = run(http, a);
            assertThat(r).as(r.describe()).isInstanceOf(ProbeResult.Up.class);
        } finally {
            s.stop(0);
        }
    }

    @Test
    void sslGetWithSelfSignedCertificate(@TempDir Path dir) throws Exception {
        HttpsServer s = servers.https(dir);
        assertThat(run(http(true, CheckerSettings.UrlCheck.path("/ok").withDigest(md5("hello vigil"))), s.getAddress()))
                .isInstanceOf(ProbeResult.Up.class);
        assertThat(run(http(true, CheckerSettings.UrlCheck.path("/missing")), s.getAddress()).describe()).contains("got 404");
        // plain HTTP to a TLS port is a failure, not a hang
        assertThat(run(http(false, CheckerSettings.UrlCheck.path("/ok")), s.getAddress())).isInstanceOf(ProbeResult.Down.class);
    }

    /** A TLS server that answers any request with the SNI name it was asked for ("none" without). */
    static String sniSeen(Path dir, CheckerSettings.Http checker) throws Exception {
        var ctx = TestServers.selfSigned(dir);
        try (SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 5, TestServers.LOOPBACK)) {
            InetSocketAddress a = (InetSocketAddress) ss.getLocalSocketAddress();
            String[] seen = {null};
            Thread server = Thread.ofVirtual().start(() -> {
                try (SSLSocket c = (SSLSocket) ss.accept()) {
                    c.startHandshake();
                    String sni = ((ExtendedSSLSession) c.getSession()).getRequestedServerNames().stream()
                            .map(n -> ((SNIHostName) n).getAsciiName()).findFirst().orElse("none");
                    seen[0] = sni;
                    c.getInputStream().read(new byte[4096]);
                    OutputStream o = c.getOutputStream();
                    o.write("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
                } catch (java.io.IOException e) {
                    seen[0] = "error " + e;
                }
            });
            assertThat(run(checker, a)).isInstanceOf(ProbeResult.Up.class);
            server.join(5000);
            return seen[0];
        }
    }

    @Test
    void sniIsSentOnlyWhenEnabled(@TempDir Path dir) throws Exception {
        var withSni = new CheckerSettings.Http(T, co(2000), true, List.of(CheckerSettings.UrlCheck.path("/")), "www.example.test", true,
                CheckerSettings.HttpProtocol.HTTP_1_0);
        assertThat(sniSeen(dir, withSni)).isEqualTo("www.example.test");
        var noSni = new CheckerSettings.Http(T, co(2000), true, List.of(CheckerSettings.UrlCheck.path("/")), "www.example.test", false,
                CheckerSettings.HttpProtocol.HTTP_1_0);
        assertThat(sniSeen(dir, noSni)).isEqualTo("none");
    }

    @Test
    void genhashPrintsTheDigestAsKeepalivedDoes(@TempDir Path dir) throws Exception {
        HttpServer s = servers.http();
        String port = Integer.toString(s.getAddress().getPort());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc = GenHash.run(new String[]{"-s", "127.0.0.1", "-p", port, "-u", "/ok"}, new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertThat(rc).isZero();
        String ours = buf.toString(StandardCharsets.UTF_8).trim();
        assertThat(ours).isEqualTo(md5("hello vigil"));

        HttpsServer tls = servers.https(dir);
        buf.reset();
        rc = GenHash.run(new String[]{"--use-ssl", "--server", "127.0.0.1", "--port", Integer.toString(tls.getAddress().getPort()), "--url", "/ok"},
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertThat(rc).isZero();
        assertThat(buf.toString(StandardCharsets.UTF_8).trim()).isEqualTo(md5("hello vigil"));

        buf.reset();
        assertThat(GenHash.run(new String[]{"-s", "127.0.0.1"}, new PrintStream(buf))).isEqualTo(2);
        buf.reset();
        assertThat(GenHash.run(new String[]{"-s", "127.0.0.1", "-p", Integer.toString(TestServers.closedPort()), "-u", "/"}, new PrintStream(buf))).isEqualTo(1);

        // Same digest as keepalived's own genhash, when keepalived is installed
        if (java.nio.file.Files.isExecutable(Path.of("/usr/sbin/keepalived"))) {
            Process p = new ProcessBuilder("/usr/sbin/keepalived", "-T", "-s", "127.0.0.1", "-p", port, "-u", "/ok").redirectErrorStream(true).start();
            String theirs = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            assertThat(theirs).isEqualTo(ours);
        } else {
            System.out.println("keepalived not installed: genhash cross-check against keepalived -T skipped");
        }
    }
}
