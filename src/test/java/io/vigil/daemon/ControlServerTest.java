package io.vigil.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ControlServerTest {
    @Test
    void answersOneRequestPerConnection(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("vigil.ctl");
        try (ControlServer server = new ControlServer(sock, req -> "you said " + req + "\n")) {
            assertThat(ControlServer.request(sock, "status")).isEqualTo("you said status\n");
            assertThat(ControlServer.request(sock, "reload")).isEqualTo("you said reload\n");
        }
        assertThat(sock).doesNotExist();
    }

    @Test
    void aFailingHandlerAnswersWithTheError(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("vigil.ctl");
        try (ControlServer server = new ControlServer(sock, req -> { throw new IllegalStateException("boom"); })) {
            assertThat(ControlServer.request(sock, "status")).isEqualTo("error: boom\n");
        }
    }

    /** vigil.service's ExecReload is `vigil reload`: a refused configuration must fail `systemctl reload`. */
    @Test
    void vigilReloadExitsNonZeroWhenTheDaemonRejectsTheConfiguration(@TempDir Path dir) throws Exception {
        Path pid = dir.resolve("vigil.pid");
        String[] answer = {"reloaded\n"};
        try (ControlServer server = new ControlServer(Daemon.Options.controlSocketFor(pid), req -> answer[0])) {
            assertThat(Main.commandLine().execute("reload", "-p", pid.toString())).isZero();
            answer[0] = "reload rejected:\nline 3: unknown keyword 'vrrp_instanse'\n";
            assertThat(Main.commandLine().execute("reload", "-p", pid.toString())).isEqualTo(1);
        }
        assertThat(Main.commandLine().execute("reload", "-p", pid.toString())).as("no daemon answering").isEqualTo(1);
    }
}
