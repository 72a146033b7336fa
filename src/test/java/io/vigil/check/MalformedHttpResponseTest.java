package io.vigil.check;

import io.vigil.check.probe.Probe;
import io.vigil.sys.ScriptRunner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A real server sending broken HTTP: every case is a Down with a reason, never an exception or a hang. */
class MalformedHttpResponseTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "garbage\r\n\r\n",
            "HTTP/1.0 abc OK\r\n\r\n",
            "HTTP/1.0 200 OK\r\nContent-Length: nope\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nshort",
            "HTTP/1.0 200 OK\r\nContent-Length: 100\r\n\r\ntruncated",
            "HTTP/1.0 200 OK\r\nX-Header: never ends",
            "SSH-2.0-OpenSSH_9.2\r\n",
    })
    void brokenResponsesAreFailures(String response) throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 5, TestServers.LOOPBACK)) {
            Thread.ofVirtual().start(() -> {
                try (Socket c = ss.accept()) {
                    c.getInputStream().read(new byte[4096]);
                    OutputStream o = c.getOutputStream();
                    o.write(response.getBytes(StandardCharsets.ISO_8859_1));
                    o.flush();
                } catch (Exception ignored) {
                    // client gone
                }
            });
            InetSocketAddress a = (InetSocketAddress) ss.getLocalSocketAddress();
            // a digest check, so a truncated body cannot pass by accident
            var http = new CheckerSettings.Http(new CheckerSettings.Timing(1000, 0, 100, 0), CheckerSettings.Connect.toRealServer().withTimeout(2000),
                    false, List.of(CheckerSettings.UrlCheck.path("/").withDigest("00000000000000000000000000000000")), null, false,
                    CheckerSettings.HttpProtocol.HTTP_1_1);
            ProbeResult r = Probe.of(http, RealServerSettings.of(new RealServerKey(a.getAddress(), a.getPort())), new ScriptRunner()).check();
            assertThat(r).isInstanceOf(ProbeResult.Down.class);
            assertThat(r.describe()).isNotBlank();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {70_000, 200_000})
    void oversizedHeadersAreRefused(int headerBytes) throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 5, TestServers.LOOPBACK)) {
            Thread.ofVirtual().start(() -> {
                try (Socket c = ss.accept()) {
                    c.getInputStream().read(new byte[4096]);
                    OutputStream o = c.getOutputStream();
                    o.write(("HTTP/1.0 200 OK\r\nX-Big: " + "a".repeat(headerBytes) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                } catch (Exception ignored) {
                    // client gave up
                }
            });
            InetSocketAddress a = (InetSocketAddress) ss.getLocalSocketAddress();
            var http = new CheckerSettings.Http(new CheckerSettings.Timing(1000, 0, 100, 0), CheckerSettings.Connect.toRealServer().withTimeout(2000),
                    false, List.of(CheckerSettings.UrlCheck.path("/")), null, false, CheckerSettings.HttpProtocol.HTTP_1_0);
            ProbeResult r = Probe.of(http, RealServerSettings.of(new RealServerKey(a.getAddress(), a.getPort())), new ScriptRunner()).check();
            assertThat(r.describe()).contains("headers longer than");
        }
    }
}
