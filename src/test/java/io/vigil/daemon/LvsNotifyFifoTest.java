package io.vigil.daemon;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The checker process writes keepalived's RS and VS lines to notify_fifo and lvs_notify_fifo (real FIFOs it creates),
 * and starts lvs_notify_fifo_script with the FIFO's path: a real server on loopback dies, its checker fails, the
 * virtual server loses quorum.
 */
class LvsNotifyFifoTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final CheckerOnLoopback checker = new CheckerOnLoopback();
    private final LoopbackHttp http = checker.http;
    private CheckerSubsystem subsystem;

    @Test
    void realServerAndQuorumChangesReachBothFifosInKeepalivedsForm() throws Exception {
        HttpServer backend = http.backend("rs");
        int rsPort = backend.getAddress().getPort(), vsPort = LoopbackHttp.freePort();
        Path general = dir.resolve("notify.fifo"), lvs = dir.resolve("lvs.fifo"), copied = dir.resolve("lvs-lines");
        Path reader = dir.resolve("reader.sh");
        Files.writeString(reader, "#!/bin/sh\nexec cat \"$1\" >> " + copied + "\n");
        Files.setPosixFilePermissions(reader, PosixFilePermissions.fromString("rwx------"));
        Path conf = dir.resolve("keepalived.conf");
        String global = "notify_fifo %s\nlvs_notify_fifo %s\nlvs_notify_fifo_script %s".formatted(general, lvs, reader);
        Files.writeString(conf, CheckerOnLoopback.proxyConf(global, vsPort, """
                    real_server 127.0.0.1 %d {
                        TCP_CHECK {
                            connect_timeout 1
                            retry 1
                            delay_before_retry 1
                        }
                    }
                """.formatted(rsPort)));
        subsystem = checker.start(conf);
        assertThat(general).as("created as a FIFO").satisfies(p -> assertThat(Files.isRegularFile(p)).isFalse()).exists();
        List<String> generalLines = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = Files.newBufferedReader(general, StandardCharsets.UTF_8)) {
                for (String l; (l = in.readLine()) != null; ) generalLines.add(l);
            } catch (java.io.IOException e) {
                generalLines.add("read failed: " + e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> subsystem.status().contains(":" + rsPort));
        backend.stop(0);
        List<String> expected = List.of("RS [127.0.0.1]:tcp:" + rsPort + " [127.0.0.1]:tcp:" + vsPort + " DOWN",
                "VS [127.0.0.1]:tcp:" + vsPort + " DOWN");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(generalLines).isEqualTo(expected));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Files.exists(copied) ? Files.readAllLines(copied) : List.of())
                .as("read from lvs_notify_fifo by lvs_notify_fifo_script").isEqualTo(expected));
    }
}
