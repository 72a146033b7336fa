package io.vigil.api;

import io.vigil.observe.ClusterPicture;
import io.vigil.observe.ObsEvent;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The endpoint on loopback: token, errors, the event stream, malformed requests, TLS. */
class HttpEndpointTest {
    final ClusterPicture picture = new ClusterPicture("lb1", System::currentTimeMillis);
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    HttpEndpoint start(Path token) throws Exception {
        return new HttpEndpoint(new HttpEndpoint.Settings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Optional.ofNullable(token), Optional.empty(), Optional.empty()), picture);
    }

    HttpResponse<String> get(HttpEndpoint e, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.port() + path)).timeout(Duration.ofSeconds(20));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withATokenEveryRequestNeedsItAndBadRequestsGetErrors(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "s3cret-token\n");
        picture.apply(new ObsEvent.VrrpTransition(1, "VI_1", "BACKUP", "MASTER", "Receive advertisement timeout", 100));
        try (HttpEndpoint e = start(token)) {
            HttpResponse<String> none = get(e, "/metrics", null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"vigil\"");
            assertThat(get(e, "/api/v1/status", "wrong").statusCode()).isEqualTo(401);
            HttpResponse<String> metrics = get(e, "/metrics", "s3cret-token");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
            assertThat(metrics.body()).contains("vigil_vrrp_state{interface=\"\",state=\"MASTER\",vrid=\"\",vrrp_instance=\"VI_1\"} 1.0");
            HttpResponse<String> status = get(e, "/api/v1/status", "s3cret-token");
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(JsonSchemaCheck.check(ApiDocumentsTest.schema(), JsonSchemaCheck.parse(status.body()))).isEmpty();
            HttpResponse<String> missing = get(e, "/../etc/passwd", "s3cret-token");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).startsWith("{\"").contains("no such path");
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.port() + "/metrics"))
                    .header("Authorization", "Bearer s3cret-token").POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void hugeHeadersAndGarbageAreRefused() throws Exception {
        try (HttpEndpoint e = start(null); Socket s = new Socket(InetAddress.getLoopbackAddress(), e.port())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(512 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String first = firstLineOrDropped(s);
            // 512 KiB: over Vigil's 16 KiB limit and the JDK's own default (380 KiB), whichever is in force in this JVM.
            // Refused with a status (431/400), or the connection is closed: never served.
            assertThat(first == null || first.matches("HTTP/1\\.1 4\\d\\d.*")).as(String.valueOf(first)).isTrue();
        }
        try (HttpEndpoint e = start(null); Socket s = new Socket(InetAddress.getLoopbackAddress(), e.port())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write("\u0000\u0001garbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String first = firstLineOrDropped(s);
            assertThat(first == null || first.matches("HTTP/1\\.1 4\\d\\d.*")).as(String.valueOf(first)).isTrue();
            assertThat(get(e, "/metrics", null).statusCode()).isEqualTo(200); // and the endpoint still serves
        }
    }

    @Test
    void aThousandIdleConnectionsAndASlowClientHoldNobodyUp() throws Exception {
        try (HttpEndpoint e = start(null)) {
            java.util.List<Socket> idle = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 1000; i++) idle.add(new Socket(InetAddress.getLoopbackAddress(), e.port()));
                idle.getFirst().getOutputStream().write("GET /metr".getBytes(StandardCharsets.US_ASCII)); // and never more
                assertThat(get(e, "/metrics", null).statusCode()).isEqualTo(200);
                assertThat(get(e, "/api/v1/status", null).statusCode()).isEqualTo(200);
            } finally {
                for (Socket s : idle) s.close();
            }
        }
    }

    @Test
    void aSlowClientIsClosedAtTheRequestTimeLimit() throws Exception {
        // In a fresh JVM: the JDK server takes its limits when its classes first load (see SlowClientProbe).
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                SlowClientProbe.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("closed");
    }

    /** The status line, or null when the endpoint closed or reset the connection (dropped). */
    static String firstLineOrDropped(Socket s) throws java.io.IOException {
        try {
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        } catch (java.net.SocketException reset) {
            return null;
        }
    }

    @Test
    void theEventStreamDeliversTransitionsAsTheyHappen() throws Exception {
        try (HttpEndpoint e = start(null)) {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.port() + "/api/v1/events")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).startsWith(": vigil events from lb1");
            picture.apply(new ObsEvent.HealthChange(7, "[198.18.0.100]:TCP:80", "[198.18.1.104]:80", "TCP_CHECK", false, "connection refused"));
            String line;
            while ((line = in.readLine()) != null && !line.startsWith("event:")) { }
            assertThat(line).isEqualTo("event: HealthChange");
            String data = in.readLine();
            assertThat(data).startsWith("data: ").contains("\"up\":false", "\"reason\":\"connection refused\"");
            r.body().close();
        }
    }

    @Test
    void tlsWithPemFiles(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "SKIPPED: openssl not installed");
        Process p = new ProcessBuilder("/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(), "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
        try (HttpEndpoint e = new HttpEndpoint(new HttpEndpoint.Settings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Optional.empty(),
                Optional.of(dir.resolve("cert.pem")), Optional.of(dir.resolve("key.pem"))), picture)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("vigil", CertificateFactory.getInstance("X.509").generateCertificate(Files.newInputStream(dir.resolve("cert.pem"))));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(ctx).build();
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + e.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("vigil_uptime_seconds");
            // plain HTTP to the TLS port is not served
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), e.port())) {
                s.setSoTimeout(20_000);
                s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] buf = new byte[64];
                int n = s.getInputStream().read(buf);
                assertThat(n <= 0 || !new String(buf, 0, n, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200")).isTrue();
            } catch (java.net.SocketException closed) {
                // reset by the TLS side: not served either
            }
        }
    }
}
