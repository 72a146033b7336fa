package io.vigil.check.probe;

import io.vigil.check.CheckerSettings;
import io.vigil.check.ProbeResult;
import io.vigil.check.RealServerKey;
import io.vigil.check.RealServerSettings;
import io.vigil.sys.ScriptRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * vigil_GRPC_CHECK against a real gRPC server: Python grpcio (Debian python3-grpcio, see bin/setup) serving
 * grpc.health.v1.Health/Check (src/test/resources/grpc/health_server.py).
 */
class GrpcProbeTest {
    static Process server;
    static int port;

    @BeforeAll
    static void startServer() throws Exception {
        Path script = Path.of("src/test/resources/grpc/health_server.py").toAbsolutePath();
        server = new ProcessBuilder("/usr/bin/python3", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(server.getInputStream())).readLine();
        assertThat(line).as("the gRPC server's first line (is python3-grpcio installed?)").startsWith("PORT ");
        port = Integer.parseInt(line.substring(5).trim());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server == null) return;
        server.getOutputStream().close(); // the server stops when its stdin closes
        if (!server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) server.destroyForcibly();
    }

    static ProbeResult check(int port, String service, long timeoutMillis) throws Exception {
        var timing = CheckerSettings.Timing.keepalivedDefaults("vigil_GRPC_CHECK", 1000);
        var c = new CheckerSettings.Grpc(timing, CheckerSettings.Connect.toRealServer().withTimeout(timeoutMillis), service);
        RealServerKey rs = new RealServerKey(InetAddress.getByName("127.0.0.1"), port);
        return Probe.of(c, RealServerSettings.of(rs, c), new ScriptRunner()).check();
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
