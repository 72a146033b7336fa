package io.vigil.daemon;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A notify FIFO's reader script that runs as a non-root script user can read the FIFO the (root) daemon creates: as
 * keepalived, the FIFO is made rw-r--r-- and given to its user (here script_user nobody). The checker subsystem (as the
 * checker process runs it) creates the FIFO and starts lvs_notify_fifo_script as nobody; a real server dies and its line reaches the reader.
 */
class NotifyFifoUserTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final CheckerOnLoopback checker = new CheckerOnLoopback();
    private final LoopbackHttp http = checker.http;

    @org.junit.jupiter.api.AfterEach
    void resetScriptPolicy() {
        io.vigil.sys.ScriptPolicy.apply(io.vigil.sys.ScriptPolicy.NONE); // the subsystem set it for this whole JVM
    }

    @Test
    void aReaderRunningAsTheScriptUserOpensTheFifoGivenToThatUser() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "running a script as nobody needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is missing");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path out = Files.createDirectory(dir.resolve("out"));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx")); // nobody leaves its copy here
        HttpServer backend = http.backend("rs");
        int rsPort = backend.getAddress().getPort(), vsPort = LoopbackHttp.freePort();
        Path fifo = dir.resolve("lvs.fifo"), copied = out.resolve("lines"), whoami = out.resolve("uid");
        Path reader = dir.resolve("reader.sh");
        Files.writeString(reader, "#!/bin/sh\nid -u > " + whoami + "\nexec cat \"$1\" >> " + copied + "\n");
        Files.setPosixFilePermissions(reader, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, CheckerOnLoopback.proxyConf("script_user nobody\nlvs_notify_fifo %s\nlvs_notify_fifo_script %s".formatted(fifo, reader),
                vsPort, """
                    real_server 127.0.0.1 %d {
                        TCP_CHECK {
                            connect_timeout 1
                            retry 1
                            delay_before_retry 1
                        }
                    }
                """.formatted(rsPort)));
        CheckerSubsystem subsystem = checker.start(conf);
        assertThat(Files.getAttribute(fifo, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as("the FIFO belongs to script_user nobody").isEqualTo(65534);
        assertThat(Files.getAttribute(fifo, "unix:gid", LinkOption.NOFOLLOW_LINKS)).as("and to its group").isEqualTo(65534);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fifo, LinkOption.NOFOLLOW_LINKS))).isEqualTo("rw-r--r--");
        await().atMost(Duration.ofSeconds(30)).until(() -> subsystem.status().contains(":" + rsPort));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(whoami).as("the reader runs as nobody").content().isEqualTo("65534\n"));
        backend.stop(0);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(Files.exists(copied) ? Files.readAllLines(copied) : List.of())
                .as("read from the FIFO by lvs_notify_fifo_script running as nobody")
                .contains("RS [127.0.0.1]:tcp:" + rsPort + " [127.0.0.1]:tcp:" + vsPort + " DOWN"));
    }
}
