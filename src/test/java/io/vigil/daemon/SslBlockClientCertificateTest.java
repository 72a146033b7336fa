package io.vigil.daemon;

import io.vigil.check.CheckerSettings;
import io.vigil.check.ProbeResult;
import io.vigil.check.RealServerSettings;
import io.vigil.check.probe.Probe;
import io.vigil.config.ConfigLoader;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.LoadOptions;
import io.vigil.config.LoadResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The top-level SSL block against a real TLS server (Python's ssl module) that requires a client certificate issued
 * by a root CA through an intermediate. Keys and certificates are made with openssl in a temporary directory; the
 * client key is encrypted (PKCS#8) and opened with {@code password}. {@code ca} holds the intermediate: as OpenSSL's
 * auto-chain in keepalived, it completes the client's chain; the server's own (self-signed) certificate is accepted
 * unverified, as keepalived accepts it.
 */
class SslBlockClientCertificateTest {
    private static final String PASSWORD = "Kp4ssW0rdZ";
    @TempDir
    static Path dir;
    private static final List<Process> servers = new ArrayList<>();

    private static void openssl(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("openssl"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("openssl.log").toFile())).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("openssl " + String.join(" ", args) + ": " + Files.readString(dir.resolve("openssl.log"))).isZero();
    }

    @BeforeAll
    static void certificates() throws Exception {
        Files.writeString(dir.resolve("ca.ext"), "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
        Files.writeString(dir.resolve("client.ext"), "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=Vigil Test Root", "-keyout", "root.key", "-out", "root.pem");
        openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=Vigil Test Intermediate", "-keyout", "inter.key", "-out", "inter.csr");
        openssl("x509", "-req", "-in", "inter.csr", "-CA", "root.pem", "-CAkey", "root.key", "-CAcreateserial", "-days", "1",
                "-extfile", "ca.ext", "-out", "inter.pem");
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=vigil-client",
                "-keyout", "client.key", "-out", "client.csr");
        openssl("x509", "-req", "-in", "client.csr", "-CA", "inter.pem", "-CAkey", "inter.key", "-CAcreateserial", "-days", "1",
                "-extfile", "client.ext", "-out", "client.pem");
        openssl("pkcs8", "-topk8", "-in", "client.key", "-out", "client.enc.key", "-passout", "pass:" + PASSWORD);
        // the server's certificate: self-signed, outside every CA the checker is given
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-keyout", "server.key", "-out", "server.pem");
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : servers) {
            p.getOutputStream().close(); // the server stops when its stdin closes
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        }
        servers.clear();
    }

    /** A server that requires a client certificate chaining to the root; its port. */
    private static int server() throws Exception {
        Path script = Path.of("src/test/resources/tls/client_cert_server.py").toAbsolutePath();
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), dir.resolve("server.pem").toString(),
                dir.resolve("server.key").toString(), dir.resolve("root.pem").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        servers.add(p);
        String line = new BufferedReader(new InputStreamReader(p.getInputStream())).readLine();
        assertThat(line).as("the TLS server's first line").startsWith("PORT ");
        return Integer.parseInt(line.substring(5).trim());
    }

    private static String conf(String sslBlock, int port) {
        return sslBlock + """
                virtual_server 127.0.0.1 %d {
                    protocol TCP
                    real_server 127.0.0.1 %d {
                        SSL_GET {
                            url {
                                path /
                                regex "client CN=vigil-client"
                            }
                            connect_timeout 5
                        }
                    }
                }
                """.formatted(port, port);
    }

    private static String sslBlock(boolean withCa) {
        return """
                SSL {
                    certificate %s
                    key %s
                    password %s
                %s}
                """.formatted(dir.resolve("client.pem"), dir.resolve("client.enc.key"), PASSWORD,
                withCa ? "    ca " + dir.resolve("inter.pem") + "\n" : "");
    }

    private static LoadResult load(String text) {
        return ConfigLoader.loadText("ssl.conf", text, LoadOptions.defaults());
    }

    private static ProbeResult probe(KeepalivedConfig c) {
        RealServerSettings rs = CheckerConfigMapper.virtualServers(c).getFirst().realServers().getFirst();
        return Probe.of(rs.checkers().getFirst(), rs, null).check();
    }

    @Test
    void theClientCertificateIsPresentedAndCaCompletesItsChain() throws Exception {
        int port = server();
        LoadResult r = load(conf(sslBlock(true), port));
        assertThat(r.diagnostics()).isEmpty();
        ProbeResult result = probe(r.config().orElseThrow());
        assertThat(result).as("the server saw vigil-client's certificate").isInstanceOf(ProbeResult.Up.class);
        // the password stays out of -d, the model's text and the checker's settings
        assertThat(r.effectiveConfig()).doesNotContain(PASSWORD).contains("password ********");
        assertThat(r.config().orElseThrow().toString()).doesNotContain(PASSWORD);
        assertThat(CheckerConfigMapper.virtualServers(r.config().orElseThrow()).toString()).doesNotContain(PASSWORD);
    }

    @Test
    void withoutCaTheLeafAloneDoesNotChainToTheServersRoot() throws Exception {
        int port = server();
        LoadResult r = load(conf(sslBlock(false), port));
        assertThat(r.diagnostics()).isEmpty();
        assertThat(probe(r.config().orElseThrow())).isInstanceOf(ProbeResult.Down.class);
    }

    @Test
    void withoutTheSslBlockNoCertificateIsPresented() throws Exception {
        int port = server();
        LoadResult r = load(conf("", port));
        assertThat(r.diagnostics()).isEmpty();
        ProbeResult result = probe(r.config().orElseThrow());
        assertThat(result).isInstanceOf(ProbeResult.Down.class);
        assertThat(result.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void aWrongPasswordOrMissingFileFailsTheConfigurationAtItsKeyword() {
        String wrong = sslBlock(true).replace("password " + PASSWORD, "password NotThe1");
        LoadResult r = load(conf(wrong, 443));
        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.format()).startsWith("ssl.conf:3:").contains("SSL key cannot be used").contains("wrong password")
                    .doesNotContain("NotThe1");
        });
        LoadResult missing = load(conf(sslBlock(true).replace("client.pem", "absent.pem"), 443));
        assertThat(missing.errors()).singleElement().satisfies(d ->
                assertThat(d.format()).startsWith("ssl.conf:2:").contains("SSL certificate cannot be used").contains("no such file"));
    }

    @Test
    void aCertificateWithoutKeyIsSaidToPresentNothing() {
        LoadResult r = load(conf("SSL {\n    certificate " + dir.resolve("client.pem") + "\n}\n", 443));
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).singleElement().satisfies(d ->
                assertThat(d.format()).startsWith("ssl.conf:2:").contains("presents no client certificate"));
    }
}
