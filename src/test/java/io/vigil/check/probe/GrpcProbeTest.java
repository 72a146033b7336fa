package io.vigil.check.probe;

import io.vigil.check.CheckerSettings;
import io.vigil.check.ProbeResult;
import io.vigil.check.RealServerKey;
import io.vigil.check.RealServerSettings;
import io.vigil.sys.ScriptRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * vigil_GRPC_CHECK against a real gRPC server: Python grpcio (Debian python3-grpcio, see bin/setup) serving
 * grpc.health.v1.Health/Check (src/test/resources/grpc/health_server.py), in plaintext and over TLS.
 */
class GrpcProbeTest {
    static Process server, tlsServer;
    static int port, tlsPort;

    @BeforeAll
    static void startServers(@TempDir Path dir) throws Exception {
        server = start();
        port = portOf(server);
        // a self-signed certificate for the TLS server (the checker does not verify it, as SSL_GET)
        Path key = dir.resolve("key.pem"), cert = dir.resolve("cert.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=127.0.0.1", "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertThat(openssl.waitFor()).as("openssl req").isZero();
        tlsServer = start(key.toString(), cert.toString());
        tlsPort = portOf(tlsServer);
    }

    static Process start(String... args) throws Exception {
        Path script = Path.of("src/test/resources/grpc/health_server.py").toAbsolutePath();
        java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("/usr/bin/python3", script.toString()));
        argv.addAll(java.util.List.of(args));
        return new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    static int portOf(Process p) throws Exception {
        String line = new BufferedReader(new InputStreamReader(p.getInputStream())).readLine();
        assertThat(line).as("the gRPC server's first line (is python3-grpcio installed?)").startsWith("PORT ");
        return Integer.parseInt(line.substring(5).trim());
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (Process p : new Process[]{server, tlsServer}) {
            if (p == null) continue;
            p.getOutputStream().close(); // the server stops when its stdin closes
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    static ProbeResult check(int port, String service, long timeoutMillis) throws Exception {
        return check(port, service, timeoutMillis, false);
    }

    static ProbeResult check(int port, String service, long timeoutMillis, boolean tls) throws Exception {
        var timing = CheckerSettings.Timing.keepalivedDefaults("vigil_GRPC_CHECK", 1000);
        var c = new CheckerSettings.Grpc(timing, CheckerSettings.Connect.toRealServer().withTimeout(timeoutMillis), service, tls);
        RealServerKey rs = new RealServerKey(InetAddress.getByName("127.0.0.1"), port);
        return Probe.of(c, RealServerSettings.of(rs, c), new ScriptRunner()).check();
    }

    @Test
    void overTlsWithAlpnServingIsUpAndNotServingDown() throws Exception {
        assertThat(check(tlsPort, "ok", 5000, true)).isInstanceOf(ProbeResult.Up.class);
        assertThat(check(tlsPort, "down", 5000, true).describe()).endsWith("failed: NOT_SERVING");
        assertThat(check(tlsPort, "nosuch", 5000, true).describe()).endsWith("failed: NOT_FOUND (unknown service)");
        // plaintext against the TLS port is not an answer
        assertThat(check(tlsPort, "ok", 2000, false)).isInstanceOf(ProbeResult.Down.class);
    }

    @Test
    void servingIsUpForTheWholeServerAndANamedService() throws Exception {
        assertThat(check(port, "", 5000)).isEqualTo(new ProbeResult.Up("gRPC health check of /127.0.0.1:" + port + " success: SERVING"));
        assertThat(check(port, "ok", 5000)).isInstanceOf(ProbeResult.Up.class);
        // the same probe again: nothing is left over from the first call
        assertThat(check(port, "ok", 5000)).isInstanceOf(ProbeResult.Up.class);
    }

    @Test
    void notServingIsDown() throws Exception {
        assertThat(check(port, "down", 5000)).isEqualTo(new ProbeResult.Down(
                "gRPC health check of /127.0.0.1:" + port + " service down failed: NOT_SERVING"));
    }

    @Test
    void unknownServiceIsDownWithNotFound() throws Exception {
        ProbeResult r = check(port, "nosuch", 5000);
        assertThat(r).isInstanceOf(ProbeResult.Down.class);
        assertThat(r.describe()).endsWith("failed: NOT_FOUND (unknown service)");
    }

    @Test
    void aServerThatHangsFailsAtTheDeadline() throws Exception {
        ProbeResult r = check(port, "hang", 1000);
        assertThat(r).isInstanceOf(ProbeResult.Down.class);
        // either our own deadline or the server's, which received grpc-timeout 1000m
        assertThat(r.describe()).containsAnyOf("no answer within the deadline of 1000 ms", "DEADLINE_EXCEEDED");
    }

    @Test
    void aListenerThatSpeaksNoHttp2IsDownWithinTheDeadline() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            ProbeResult r = check(silent.getLocalPort(), "", 500);
            assertThat(r.describe()).endsWith("no answer within the deadline of 500 ms");
        }
    }

    @Test
    void nothingListeningIsRefused() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            free = s.getLocalPort();
        }
        assertThat(check(free, "", 1000).describe()).endsWith("failed: connection refused");
    }
}
