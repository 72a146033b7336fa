package io.vigil.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The control commands' plain forms, answered without the command-line library (the CLI's quick path). */
class ControlClientTest {
    @ParameterizedTest(name = "vigil {0}")
    @CsvSource(delimiter = '|', textBlock = """
            status                      | status      | /run/vigil/vigil.pid
            status --json               | status-json | /run/vigil/vigil.pid
            status -p /tmp/a.pid        | status      | /tmp/a.pid
            status -p/tmp/a.pid --json  | status-json | /tmp/a.pid
            status --pid=/tmp/a.pid     | status      | /tmp/a.pid
            events --pid /tmp/a.pid     | events      | /tmp/a.pid
            events --json               | events-json | /run/vigil/vigil.pid
            reload -p /tmp/a.pid        | reload      | /tmp/a.pid
            stop                        | stop        | /run/vigil/vigil.pid
            dump                        | dump-data   | /run/vigil/vigil.pid
            dump stats -p /tmp/a.pid    | dump-stats  | /tmp/a.pid
            dump data                   | dump-data   | /run/vigil/vigil.pid
            status -s ns1               | status      | /run/vigil/ns1/vigil.pid
            status --namespace=ns1      | status      | /run/vigil/ns1/vigil.pid
            status --instance t1        | status      | /run/vigil/vigil_t1.pid
            events -s ns1 --instance=t1 | events      | /run/vigil/ns1/vigil_t1.pid
            stop --namespace ns1        | stop        | /run/vigil/ns1/vigil.pid
            status -p /tmp/a.pid -s ns1 | status      | /tmp/a.pid
            """)
    void plainFormsAreParsedHere(String args, String request, String pidFile) {
        ControlClient.Call call = ControlClient.plain(args.split(" "));
        assertThat(call).isNotNull();
        assertThat(call.request()).isEqualTo(request);
        assertThat(call.pidFile()).isEqualTo(Path.of(pidFile));
        assertThat(call.streams()).isEqualTo(args.startsWith("events"));
    }

    /** Everything else goes to the full command line, which explains help and mistakes as before. */
    @ParameterizedTest(name = "vigil {0}")
    @ValueSource(strings = {"-v", "-t", "-f x.conf", "status -h", "status --help", "reload --json", "dump foo",
            "dump data stats", "status -p", "status -p a -p b", "status --json --json", "stop --bogus", "status x",
            "status --pid=", "-p x status", "status -s", "status -s a -s b", "status --instance", "status -f a -f b", "status --instance="})
    void everythingElseIsLeftToTheFullCommandLine(String args) {
        assertThat(ControlClient.plain(args.split(" "))).isNull();
        assertThat(ControlClient.plain(new String[0])).isNull();
    }

    @Test
    void answersAndFailuresAsTheFullCommandLine(@TempDir Path dir) throws Exception {
        Path pid = dir.resolve("vigil.pid");
        String[] answer = {""};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ControlServer server = new ControlServer(ControlClient.socketFor(pid), req -> req.equals("status-json") ? "VI_1 MASTER\n" : answer[0])) {
            assertThat(run(out, err, "status", "--json", "-p", pid.toString())).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("VI_1 MASTER\n");
            answer[0] = "reload rejected:\nline 3: unknown keyword\n";
            assertThat(run(out, err, "reload", "-p", pid.toString())).as("'reload rejected' fails").isEqualTo(1);
        }
        assertThat(run(out, err, "status", "-p", pid.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("vigil: no running Vigil answers on " + dir.resolve("vigil.ctl") + " (");
    }

    private static Integer run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        out.reset();
        err.reset();
        return ControlClient.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** What makes the quick path quick: a real JVM answering `vigil status` loads neither picocli nor Logback. */
    @Test
    void aPlainStatusLoadsNeitherTheOptionLibraryNorTheLoggingBackEnd(@TempDir Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"), Cli.class.getName(),
                "status", "-p", dir.resolve("none.pid").toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(log).contains("io.vigil.daemon.ControlClient ", "vigil: no running Vigil answers on");
        assertThat(log).doesNotContain("picocli.", "ch.qos.logback.", "org.slf4j.", "io.vigil.daemon.Daemon ", "java.lang.foreign.Linker ");
    }

    /** A daemon placed by net_namespace and instance is found from its configuration, or from -s and --instance. */
    @Test
    void theConfigurationsNamespaceAndInstancePlaceTheSocket(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "the socket of a placed daemon lives under /run/vigil, which needs root");
        String ns = "cc-test-" + ProcessHandle.current().pid();
        Path conf = dir.resolve("keepalived.conf");
        java.nio.file.Files.writeString(conf, "global_defs {\n    net_namespace " + ns + "\n    instance lb2\n}\n");
        assertThat(ControlClient.plain(new String[]{"status", "-f", conf.toString()}).pidFile()).isEqualTo(Path.of("/run/vigil", ns, "vigil_lb2.pid"));
        assertThat(ControlClient.plain(new String[]{"status", "--use-file=" + conf, "--instance", "lb3"}).pidFile())
                .as("--instance wins over the file's").isEqualTo(Path.of("/run/vigil", ns, "vigil_lb3.pid"));
        // where the daemon itself puts them
        assertThat(DaemonPlacement.find(conf, null, false).pidFile("vigil")).isEqualTo(Path.of("/run/vigil", ns, "vigil_lb2.pid"));

        Path socketDir = Path.of("/run/vigil", ns);
        java.nio.file.Files.createDirectories(socketDir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ControlServer server = new ControlServer(socketDir.resolve("vigil_lb2.ctl"), req -> "answered " + req + "\n")) {
            assertThat(run(out, err, "status", "-f", conf.toString())).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("answered status\n");
            assertThat(run(out, err, "dump", "stats", "-s", ns, "--instance", "lb2")).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("answered dump-stats\n");
        } finally {
            try (var files = java.nio.file.Files.list(socketDir)) {
                for (Path f : files.toList()) java.nio.file.Files.deleteIfExists(f);
            }
            java.nio.file.Files.deleteIfExists(socketDir);
        }
    }

    /** Reading the configuration for -f keeps the quick path quick: still no option library, no logging back end. */
    @Test
    void statusWithTheConfigurationLoadsNeitherTheOptionLibraryNorTheLoggingBackEnd(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("keepalived.conf");
        java.nio.file.Files.writeString(conf, "instance lb9\n");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"), Cli.class.getName(),
                "status", "-f", conf.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(log).contains("vigil: no running Vigil answers on /run/vigil/vigil_lb9.ctl");
        assertThat(log).doesNotContain("picocli.", "ch.qos.logback.", "org.slf4j.", "io.vigil.daemon.Daemon ", "java.lang.foreign.Linker ");
    }
}
