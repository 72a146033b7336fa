package io.vigil.daemon;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * reload_time_file, reload_repeat, reload_file and config_save_dir on the {@code vigil} process (foreground parent,
 * stand-in children that read the configuration, note each reload and whether the reload file was there meanwhile).
 */
class ReloadKeywordsProcessTest {
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

    @Test
    void configSaveDirKeepsEachConfigurationReadAndEachChildsStateAroundEachReload() throws Exception {
        Path saved = dir.resolve("saved");
        start("config_save_dir " + saved + "/\n$NAME=expanded\nrouter_id ${NAME}");
        signalHup();
        awaitLogged("both children's reload", () -> reloads() == 2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(saved))).isEqualTo("rwx------");
        long parent = vigil.pid();
        List<String> names;
        try (var s = Files.list(saved)) {
            names = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        long vrrp = Long.parseLong(Files.readString(dir.resolve("vrrp.pid")).trim());
        long check = Long.parseLong(Files.readString(dir.resolve("checkers.pid")).trim());
        assertThat(names).containsExactlyInAnyOrder("keepalived.conf." + parent + ".0", "keepalived.conf." + parent + ".1",
                "keepalived_vrrp." + vrrp + ".1.pre", "keepalived_vrrp." + vrrp + ".1.post",
                "keepalived_check." + check + ".1.pre", "keepalived_check." + check + ".1.post");
        assertThat(Files.readString(saved.resolve("keepalived.conf." + parent + ".1"))).as("expanded").contains("router_id expanded");
        assertThat(Files.readString(saved.resolve("keepalived_vrrp." + vrrp + ".1.pre"))).isEqualTo("data of " + vrrp + "\n");
    }

    private void signalHup() throws Exception {
        new ProcessBuilder("kill", "-HUP", Long.toString(vigil.pid())).start().waitFor();
    }
}
