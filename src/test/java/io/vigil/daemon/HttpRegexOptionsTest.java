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
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTP_GET's regex_options, regex_min_offset and regex_max_offset with keepalived 2.2.7's meaning (check_http.c),
 * from the configuration text through the mapper to the probe, against a real web server (python3 -m http.server)
 * serving a known body. Offsets count body bytes from 0; a match must START inside [min, max].
 */
class HttpRegexOptionsTest {
    // offsets: "AAA " is 0-3, "status=GOOD" starts at 4, "\n" at 15, "Second" at 16
    private static final String BODY = "AAA status=GOOD\nSecond line: Vigil OK\n";
    @TempDir
    static Path dir;
    private static Process server;
    private static int port;

    @BeforeAll
    static void startServer() throws Exception {
        Files.writeString(dir.resolve("index.txt"), BODY, StandardCharsets.ISO_8859_1);
        port = LoopbackHttp.freePort();
        server = new ProcessBuilder("/usr/bin/python3", "-m", "http.server", "--bind", "127.0.0.1", "--directory", dir.toString(),
                String.valueOf(port)).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return true;
            }
        });
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server == null) return;
        server.destroy();
        if (!server.waitFor(10, TimeUnit.SECONDS)) server.destroyForcibly();
    }

    private static LoadResult load(String urlLines, boolean compat) {
        String conf = """
                virtual_server 127.0.0.1 %d {
                    protocol TCP
                    real_server 127.0.0.1 %d {
                        HTTP_GET {
                            url {
                                path /index.txt
                %s
                            }
                            connect_timeout 5
                        }
                    }
                }
                """.formatted(port, port, urlLines);
        return ConfigLoader.loadText("regex.conf", conf, new LoadOptions("test", compat));
    }

    /** Up or down for a url with these lines, against the server. */
    private static boolean up(String urlLines) {
        LoadResult r = load(urlLines, false);
        assertThat(r.errors()).as(urlLines).isEmpty();
        RealServerSettings rs = CheckerConfigMapper.virtualServers(r.config().orElseThrow()).getFirst().realServers().getFirst();
        ProbeResult result = Probe.of(rs.checkers().getFirst(), rs, null).check();
        assertThat(result.toString()).as("a regex verdict, not a connection failure").satisfiesAnyOf(
                s -> assertThat(result).isInstanceOf(ProbeResult.Up.class), s -> assertThat(s).contains("regex"));
        return result instanceof ProbeResult.Up;
    }

    @Test
    void regexOptionsMapOntoJavaFlagsOfTheSameMeaning() {
        assertThat(up("regex \"vigil ok\"")).isFalse();
        assertThat(up("regex \"vigil ok\"\nregex_options caseless")).isTrue();
        assertThat(up("regex \"^Second\"")).isFalse();
        assertThat(up("regex \"^Second\"\nregex_options multiline")).isTrue();
        assertThat(up("regex \"GOOD.Second\"")).isFalse();
        assertThat(up("regex \"GOOD.Second\"\nregex_options dotall")).isTrue();
        assertThat(up("regex \"status = GOOD # a comment\"\nregex_options extended")).isTrue();
        // firstline: a match must start on the first line
        assertThat(up("regex Second")).isTrue();
        assertThat(up("regex Second\nregex_options firstline")).isFalse();
        assertThat(up("regex status\nregex_options firstline no_start_optimize no_auto_possess")).isTrue();
    }

    @Test
    void regexMinAndMaxOffsetBoundWhereAMatchMayStart() {
        assertThat(up("regex status\nregex_min_offset 4")).isTrue();
        assertThat(up("regex status\nregex_min_offset 5")).as("the only match starts at 4").isFalse();
        assertThat(up("regex status\nregex_max_offset 4")).isTrue();
        assertThat(up("regex status\nregex_max_offset 3")).isFalse();
        // the match may run past regex_max_offset; only its start counts
        assertThat(up("regex \"status=GOOD\"\nregex_min_offset 4\nregex_max_offset 4")).isTrue();
        // lookbehind sees the bytes before regex_min_offset; ^ does not match at it (PCRE2's start offset)
        assertThat(up("regex \"(?<=AAA )status\"\nregex_min_offset 4")).isTrue();
        assertThat(up("regex \"^status\"\nregex_min_offset 4")).isFalse();
        // beyond the body: no match
        assertThat(up("regex \"\"\nregex_min_offset 1000")).isFalse();
        // with regex_no_match, a match outside the window does not count
        assertThat(up("regex status\nregex_no_match\nregex_min_offset 5")).isTrue();
    }

    @Test
    void optionsWithoutAFaithfulEquivalentAreRefusedEachAtItsLine() {
        LoadResult r = load("regex status\nregex_options caseless ungreedy utf", false);
        assertThat(r.errors()).extracting(Diagnostic::format).hasSize(2).allSatisfy(f -> assertThat(f).startsWith("regex.conf:8:"))
                .anySatisfy(f -> assertThat(f).contains("ungreedy").contains("refused"))
                .anySatisfy(f -> assertThat(f).contains("utf").contains("refused"));
        LoadResult compat = load("regex status\nregex_options caseless ungreedy", true);
        assertThat(compat.errors()).isEmpty();
        assertThat(compat.warnings()).extracting(Diagnostic::format).anySatisfy(f -> assertThat(f).contains("ungreedy").contains("--compat"));
        // a word keepalived does not know is ignored by it: a warning here
        LoadResult unknown = load("regex status\nregex_options nosuchoption", false);
        assertThat(unknown.errors()).isEmpty();
        assertThat(unknown.warnings()).extracting(Diagnostic::format).anySatisfy(f -> assertThat(f).contains("nosuchoption"));
        // min beyond max: keepalived ignores both, and says so
        assertThat(load("regex status\nregex_min_offset 9\nregex_max_offset 3", false).warnings()).extracting(Diagnostic::format)
                .anySatisfy(f -> assertThat(f).contains("both ignored"));
        assertThat(up("regex status\nregex_min_offset 9\nregex_max_offset 3")).isTrue();
    }
}
