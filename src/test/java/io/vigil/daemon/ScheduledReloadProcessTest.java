package io.vigil.daemon;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * reload_time_file, reload_repeat and reload_file on the {@code vigil} process (foreground parent, stand-in children
 * that note each reload and whether the reload file was there while they read the configuration).
 */
class ScheduledReloadProcessTest {
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

    private void start(String globalDefs) throws Exception {
        Path config = dir.resolve("keepalived.conf");
        Files.writeString(config, "global_defs {\n" + globalDefs + "\n}\n");
        String java = ProcessHandle.current().info().command().orElse("java");
        vigil = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-Dvigil.subsystem.vrrp=" + StandInSubsystem.class.getName(),
                "-Dvigil.subsystem.checkers=" + StandInSubsystem.class.getName(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "-n", "-l", "-G", "-f", config.toString(), "-p", dir.resolve("vigil.pid").toString(),
                "-r", dir.resolve("vrrp.pid").toString(), "-c", dir.resolve("checkers.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        awaitLogged("the start", () -> Files.exists(dir.resolve("vigil.ctl"))
                && Files.exists(dir.resolve("vrrp.pid")) && Files.exists(dir.resolve("checkers.pid")));
    }

    private long reloads() throws Exception {
        Path journal = dir.resolve("journal-x");
        return Files.exists(journal) ? Files.readAllLines(journal).stream().filter(l -> l.endsWith("reload")).count() : 0;
    }

    private List<String> seen() throws Exception {
        Path f = dir.resolve("reload-file-seen");
        return Files.exists(f) ? Files.readAllLines(f).stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList() : List.of();
    }

    private String log() throws Exception {
        return Files.readString(dir.resolve("log"));
    }

    private void awaitLogged(String what, java.util.concurrent.Callable<Boolean> done) throws Exception {
        try {
            await().atMost(Duration.ofSeconds(60)).until(done);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(what + " never came; the daemon's log:\n" + log(), e);
        }
    }

    /** Some seconds ahead, in UTC, as HH:MM:SSZ: far enough that the parent reads it before it passes. */
    private static String soonUtc() {
        return ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(8).format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "Z";
    }

    @Test
    void theReloadComesAtTheFilesTime_theFileGoes_andTheReloadFileIsThereWhileTheChildrenRead() throws Exception {
        Path at = dir.resolve("reload-at"), reloading = dir.resolve("reloading");
        start("reload_time_file " + at + "\nreload_file " + reloading);
        assertThat(reloading).as("only while a reload reads the files").doesNotExist();
        Files.writeString(at, soonUtc() + "\n");
        awaitLogged("the scheduled reload of both children", () -> reloads() == 2);
        assertThat(log()).contains("Reload scheduled for", "Scheduled reload (reload_time_file " + at + ")");
        awaitLogged("the time file's deletion", () -> !Files.exists(at));
        assertThat(seen()).as("reload_file present while each child read the configuration").containsExactly("reloading", "reloading");
        awaitLogged("the reload file's removal", () -> !Files.exists(reloading));
    }

    @Test
    void withReloadRepeatATimeAloneStaysAndComesBackTomorrow_deletingTheFileCancels() throws Exception {
        Path at = dir.resolve("reload-at");
        start("reload_time_file " + at + "\nreload_repeat\nreload_file");
        Files.writeString(at, "2099-01-01 00:00:00Z");
        awaitLogged("the far reload's schedule", () -> log().contains("Reload scheduled for 2099-01-01"));
        Files.delete(at);
        awaitLogged("the cancellation", () -> log().contains("Scheduled reload for 2099-01-01") && log().contains("cancelled"));

        Files.writeString(at, soonUtc());
        awaitLogged("the scheduled reload of both children", () -> reloads() == 2);
        assertThat(at).as("reload_repeat keeps a time without a date").exists();
        String tomorrow = ZonedDateTime.now().plusDays(1).plusSeconds(8).toLocalDate().toString();
        awaitLogged("tomorrow's schedule", () -> log().lines().anyMatch(l -> l.contains("Reload scheduled for") && l.contains(tomorrow)));
        assertThat(seen()).as("reload_file without a path: beside the pid file").containsExactly("vigil.reload", "vigil.reload");
        assertThat(dir.resolve("vigil.reload")).doesNotExist();
    }
}
