package io.vigil.daemon;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real daemon's processes carry their names (ps, {@code pgrep vigil-vrrp}: /proc/PID/comm) and -u's umask. */
class ProcessNamesTest {
    @TempDir
    Path dir;
    private Process vigil;

    @AfterEach
    void tearDown() {
        if (vigil != null && vigil.isAlive()) {
            vigil.descendants().forEach(ProcessHandle::destroyForcibly);
            vigil.destroyForcibly();
        }
    }

    @Test
    void parentAndChildrenAreNamedAndPgrepFindsThem() throws Exception {
        Path config = dir.resolve("keepalived.conf");
        Files.writeString(config, "global_defs {\n umask 077\n}\n"); // -u 027 below wins, as in keepalived
        String java = ProcessHandle.current().info().command().orElse("java");
        vigil = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-Dvigil.subsystem.vrrp=" + StandInSubsystem.class.getName(),
                "-Dvigil.subsystem.checkers=" + StandInSubsystem.class.getName(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "-n", "-l", "-G", "-u", "027", "-f", config.toString(), "-p", dir.resolve("vigil.pid").toString(),
                "-r", dir.resolve("vrrp.pid").toString(), "-c", dir.resolve("checkers.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(dir.resolve("vrrp.pid")) && Files.exists(dir.resolve("checkers.pid")));
        long vrrp = Long.parseLong(Files.readString(dir.resolve("vrrp.pid")).strip());
        long checkers = Long.parseLong(Files.readString(dir.resolve("checkers.pid")).strip());

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(comm(vigil.pid())).isEqualTo("vigil");
            assertThat(comm(vrrp)).isEqualTo("vigil-vrrp");
            assertThat(comm(checkers)).isEqualTo("vigil-check");
        });
        assertThat(pgrep("vigil-vrrp")).contains(vrrp);
        assertThat(pgrep("vigil-check")).contains(checkers);
        assertThat(pgrep("vigil")).contains(vigil.pid());
        for (long pid : List.of(vigil.pid(), vrrp, checkers)) {
            assertThat(Files.readAllLines(Path.of("/proc/" + pid + "/status"))).as("umask of %d: -u wins over global_defs umask", pid)
                    .contains("Umask:\t0027");
        }
    }

    private static String comm(long pid) throws Exception {
        return Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
    }

    private static List<Long> pgrep(String name) throws Exception {
        Process p = new ProcessBuilder("pgrep", "-x", name).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).map(Long::parseLong).toList();
    }
}
