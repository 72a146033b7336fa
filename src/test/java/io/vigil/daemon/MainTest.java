package io.vigil.daemon;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    @Test
    void helpListsKeepalivedOptions() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("-h")).isZero();
        assertThat(out.toString()).contains("--use-file", "--config-test", "--dump-conf", "--vrrp", "--check", "--config-id");
    }
}
