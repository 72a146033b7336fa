package io.vigil.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class UnixDatagramSenderTest {
    @Test
    void datagramsReachAUnixDatagramReceiver(@TempDir Path dir) throws Exception {
        assumeTrue(Path.of("/usr/bin/socat").toFile().canExecute(), "SKIPPED: socat not installed");
        Path sock = dir.resolve("log.sock");
        Path out = dir.resolve("received");
        Process socat = new ProcessBuilder(List.of("socat", "-u", "UNIX-RECV:" + sock, "OPEN:" + out + ",creat,append"))
                .redirectErrorStream(true).start();
        try {
            for (int i = 0; i < 50 && !sock.toFile().exists(); i++) Thread.sleep(50);
            try (UnixDatagramSender sender = new UnixDatagramSender(sock.toString())) {
                sender.send("<134>vigil: hello\n".getBytes());
            }
            for (int i = 0; i < 50 && (!out.toFile().exists() || out.toFile().length() == 0); i++) Thread.sleep(50);
            assertThat(out).hasContent("<134>vigil: hello");
        } finally {
            socat.destroy();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void sendingToNobodyFailsWithErrno(@TempDir Path dir) {
        try (UnixDatagramSender sender = new UnixDatagramSender(dir.resolve("nobody").toString())) {
            assertThatThrownBy(() -> sender.send(new byte[]{1})).isInstanceOf(NativeException.class)
                    .satisfies(e -> assertThat(((NativeException) e).errno()).isEqualTo(Libc.ENOENT));
        }
    }
}
