package io.vigil.config;

import io.vigil.daemon.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The -t, -d, -i and --compat options of the vigil command, run through picocli as the launcher runs them. */
class ConfigCommandLineTest {
    private String out;
    private String err;

    private int run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            return new CommandLine(new Main()).execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            out = o.toString(StandardCharsets.UTF_8);
            err = e.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void configTestExitsZeroWhenValidAndFiveWithEveryDiagnosticOtherwise(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.conf");
        Files.writeString(good, "vrrp_instance V {\n interface eth0\n virtual_router_id 1\n}\n");
        assertThat(run("-t", good.toString())).isZero();
        assertThat(out).contains("configuration OK");

        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, "vrrp_instance V {\n interface eth0\n virtual_router_id 300\n priorty 5\n}\n}\n");
        assertThat(run("-t", bad.toString())).isEqualTo(ConfigCommand.EXIT_CONFIG_ERROR);
        assertThat(err).contains(bad + ":3:20: error: number outside range [1, 255]: '300'",
                bad + ":4:2: error: unknown keyword in vrrp_instance: 'priorty' (did you mean 'priority'?)",
                bad + ":6:1: error: extra '}' with no block open: '}'", "3 errors");
        assertThat(run("-f", bad.toString(), "-t")).as("-t without a file tests -f's file").isEqualTo(ConfigCommand.EXIT_CONFIG_ERROR);
    }

    @Test
    void refusedKeywordsFailTheTestAndNotApplicableOnesAreNotedOnce(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("k.conf");
        Files.writeString(f, "global_defs {\n vrrp_netlink_cmd_rcv_bufs 1048576\n enable_dbus\n}\n"
                + "vrrp_instance V {\n interface eth0\n virtual_router_id 1\n kernel_rx_buf_size 4096\n}\n"
                + "vrrp_instance W {\n interface eth0\n virtual_router_id 2\n kernel_rx_buf_size 4096\n}\n");
        assertThat(run("-t", f.toString())).isEqualTo(ConfigCommand.EXIT_CONFIG_ERROR);
        assertThat(err).contains(f + ":3:2: error: keyword refused by Vigil: 'enable_dbus' (DBus is not implemented: use the control socket "
                        + "(vigil status) or the notify scripts and FIFOs; --compat runs without it)",
                f + ":2:2: note: keyword does not apply to Vigil: 'vrrp_netlink_cmd_rcv_bufs' (Vigil sizes its netlink receive buffers",
                f + ":8:2: note: keyword does not apply to Vigil: 'kernel_rx_buf_size' (Vigil sizes the VRRP sockets' receive buffers itself)",
                "1 error, 0 warnings");
        assertThat(err).as("noted once per keyword").doesNotContain(f + ":12:2:");

        assertThat(run("--compat", "-t", f.toString())).isZero();
        assertThat(err).contains(f + ":3:2: warning: keyword refused by Vigil, running without it (--compat): 'enable_dbus'",
                f + ":8:2: note: keyword does not apply to Vigil: 'kernel_rx_buf_size'");
        assertThat(out).contains("configuration OK (1 warning)");
    }

    @Test
    void compatTurnsUnknownKeywordsIntoWarnings(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("k.conf");
        Files.writeString(f, "global_defs {\n some_future_keyword 1\n}\n");
        assertThat(run("-t", f.toString())).isEqualTo(ConfigCommand.EXIT_CONFIG_ERROR);
        assertThat(run("--compat", "-t", f.toString())).isZero();
        assertThat(err).contains("warning: unknown keyword in global_defs (ignored, --compat): 'some_future_keyword'");
    }

    @Test
    void configIdSelectsConditionalLinesAndDumpShowsTheResult(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.conf");
        Files.writeString(f, "global_defs {\n@lb1 router_id first\n@lb2 router_id second\n}\n");
        assertThat(run("-i", "lb2", "-d", "-f", f.toString())).isZero();
        assertThat(out).contains("    router_id second\n").doesNotContain("first");
        assertThat(run("--config-id=lb1", "--dump-conf", "--use-file", f.toString())).isZero();
        assertThat(out).contains("    router_id first\n");
    }

    @Test
    void missingFileIsADiagnosticNotACrash(@TempDir Path dir) {
        assertThat(run("-t", dir.resolve("nope.conf").toString())).isEqualTo(ConfigCommand.EXIT_CONFIG_ERROR);
        assertThat(err).contains("error: cannot read configuration file");
    }
}
