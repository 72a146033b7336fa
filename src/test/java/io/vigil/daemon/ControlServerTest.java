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
}
