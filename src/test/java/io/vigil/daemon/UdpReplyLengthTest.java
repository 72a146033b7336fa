package io.vigil.daemon;

import io.vigil.check.ProbeResult;
import io.vigil.check.RealServerSettings;
import io.vigil.check.probe.Probe;
import io.vigil.config.ConfigLoader;
import io.vigil.config.Diagnostic;
import io.vigil.config.LoadOptions;
import io.vigil.config.LoadResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UDP_CHECK's require_reply DATA, min_reply_length and max_reply_length with keepalived 2.2.7's meaning
 * (check_udp.c): with DATA the reply's length must lie in [min, max] (a longer reply than max is cut at max + 1 bytes
 * and fails), then its first min(length, DATA's length) bytes must equal DATA where no X stands. Against a real UDP
 * server (a python3 process) that answers the payload 0A 0B 0C 0F 03 with DE AD BE EF 01 02 (anything else with other
 * bytes): {@code payload 0a0B0cf 3} is read as keepalived reads it, a digit alone being a byte of its own.
 */
class UdpReplyLengthTest {
    private static Process server;
    private static int port;

    @BeforeAll
    static void startServer() throws Exception {
        String script = """
                import socket, sys
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                s.bind(("127.0.0.1", 0))
                print("PORT", s.getsockname()[1], flush=True)
                while True:
                    data, peer = s.recvfrom(65536)
                    s.sendto(bytes.fromhex("deadbeef0102") if data == bytes.fromhex("0a0b0c0f03") else b"wrong payload", peer)
                """;
        server = new ProcessBuilder("/usr/bin/python3", "-c", script).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(server.getInputStream())).readLine();
        assertThat(line).startsWith("PORT ");
        port = Integer.parseInt(line.substring(5).trim());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server == null) return;
        server.destroy();
        if (!server.waitFor(10, TimeUnit.SECONDS)) server.destroyForcibly();
    }

    private static LoadResult load(String lines) {
        return ConfigLoader.loadText("udp.conf", """
                virtual_server 127.0.0.1 %d {
                    protocol UDP
                    real_server 127.0.0.1 %d {
                        UDP_CHECK {
                            payload 0a0B0cf 3
                            connect_timeout 5
                %s
                        }
                    }
                }
                """.formatted(port, port, lines), LoadOptions.defaults());
    }

    private static ProbeResult probe(String lines) {
        LoadResult r = load(lines);
        assertThat(r.errors()).as(lines).isEmpty();
        RealServerSettings rs = CheckerConfigMapper.virtualServers(r.config().orElseThrow()).getFirst().realServers().getFirst();
        return Probe.of(rs.checkers().getFirst(), rs, null).check();
    }

    private static boolean up(String lines) {
        return probe(lines) instanceof ProbeResult.Up;
    }

    @Test
    void theReplysLengthMustLieBetweenMinAndMaxReplyLength() {
        assertThat(up("require_reply DEADBEEF")).isTrue();
        assertThat(up("require_reply DEADBEEF\nmin_reply_length 6")).isTrue();
        assertThat(probe("require_reply DEADBEEF\nmin_reply_length 7").toString()).contains("reply of 6 bytes, outside 7..255");
        assertThat(up("require_reply DEADBEEF\nmax_reply_length 6")).isTrue();
        assertThat(up("require_reply DEADBEEF\nmax_reply_length 5")).as("6 bytes read as max + 1").isFalse();
    }

    @Test
    void theReplysDataIsComparedOverTheShorterOfBothWithXMatchingAnything() {
        assertThat(probe("require_reply DEAD00").toString()).contains("reply data mismatch at byte 2");
        assertThat(up("require_reply DEXDBxEF")).isTrue();
        assertThat(up("require_reply DE AD BE EF 01 02 FF")).as("only the 6 bytes the reply has are compared").isTrue();
        assertThat(up("require_reply de ad b e")).as("a digit alone is a byte: 0B does not match BE").isFalse();
    }

    @Test
    void lengthsWithoutReplyDataAreSaidToChangeNothing() {
        LoadResult r = load("require_reply\nmin_reply_length 100");
        assertThat(r.warnings()).extracting(Diagnostic::format).anySatisfy(f -> assertThat(f).startsWith("udp.conf:8:")
                .contains("no effect without require_reply DATA"));
        assertThat(up("require_reply\nmin_reply_length 100")).as("any reply will do, as keepalived").isTrue();
    }
}
