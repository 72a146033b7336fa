package io.vigil.daemon;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code vigil} command as a process: foreground parent with two children (stand-in subsystems), keepalived's
 * signals, the control socket and the pid files.
 */
class DaemonProcessTest {
    @TempDir
    Path dir;
    private Process vigil;

    @AfterEach
    void tearDown() throws Exception {
        if (vigil != null && vigil.isAlive()) {
            vigil.descendants().forEach(ProcessHandle::destroyForcibly);
            vigil.destroyForcibly();
        }
    }

    private Process start() throws Exception {
        return start(Map.of(), List.of());
    }

    /** @param prefix a command the daemon runs under ({@code nohup}, which execs it: the pid stays the daemon's) */
    private Process start(Map<String, String> env, List<String> prefix) throws Exception {
        Path config = dir.resolve("keepalived.conf");
        Files.writeString(config, "! stand-in\n");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-Dvigil.subsystem.vrrp=" + StandInSubsystem.class.getName(),
                "-Dvigil.subsystem.checkers=" + StandInSubsystem.class.getName(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "-n", "-l", "-G", "-f", config.toString(), "-p", dir.resolve("vigil.pid").toString(),
                "-r", dir.resolve("vrrp.pid").toString(), "-c", dir.resolve("checkers.pid").toString(),
                "--data-dump", dir.resolve("data").toString(), "--stats-dump", dir.resolve("stats").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile());
        pb.environment().putAll(env);
        vigil = pb.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("vigil.ctl"))
                && Files.exists(dir.resolve("vrrp.pid")) && Files.exists(dir.resolve("checkers.pid")));
        return vigil;
    }

    private void signal(String name) throws Exception {
        new ProcessBuilder("kill", "-" + name, Long.toString(vigil.pid())).start().waitFor();
    }

    @Test
    void signalsAndControlSocketDriveTheRunningDaemon() throws Exception {
        start();
        assertThat(Files.readString(dir.resolve("vigil.pid")).trim()).isEqualTo(Long.toString(vigil.pid()));
        await().atMost(Duration.ofSeconds(20)).until(() -> LoopbackHttp.control(dir.resolve("vigil.pid"), "status").contains("VI_1 MASTER"));

        signal("USR1");
        awaitLogged("the data dump", () -> Files.exists(dir.resolve("data")));
        assertThat(Files.readString(dir.resolve("data"))).contains("data of ");
        signal("USR2");
        awaitLogged("the stats dump", () -> Files.exists(dir.resolve("stats")));

        signal("HUP");
        awaitLogged("both children's reload", () -> reloads() == 2);

        signal("TERM");
        assertThat(vigil.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(vigil.exitValue()).isZero();
        assertThat(Files.readAllLines(dir.resolve("journal-x")).stream().filter(l -> l.endsWith("close")).count()).isEqualTo(2);
        assertThat(dir.resolve("vigil.pid")).doesNotExist();
        assertThat(dir.resolve("vigil.ctl")).doesNotExist();
        assertThat(Files.readString(dir.resolve("log"))).contains("Received SIGHUP", "Reloading configuration");
    }

    /** keepalived reloads on HUP however it was started; a JVM leaves a signal inherited as ignored ignored. */
    @Test
    void hupInheritedAsIgnoredStillReloads() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/nohup").canExecute(), "SKIPPED: nohup not installed");
        start(Map.of(), List.of("/usr/bin/nohup"));
        assertThat(Files.readString(Path.of("/proc/" + vigil.pid() + "/cmdline"))).doesNotStartWith("/usr/bin/nohup");
        signal("HUP");
        awaitLogged("both children's reload", () -> reloads() == 2);
        signal("TERM");
        assertThat(vigil.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    private long reloads() throws java.io.IOException {
        Path journal = dir.resolve("journal-x");
        return Files.exists(journal) ? Files.readAllLines(journal).stream().filter(l -> l.endsWith("reload")).count() : 0;
    }

    /** Waits on an effect of a signal (a generous ceiling for a loaded machine); the daemon's log when it never comes. */
    private void awaitLogged(String what, java.util.concurrent.Callable<Boolean> done) throws Exception {
        try {
            await().atMost(Duration.ofSeconds(60)).until(done);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(what + " never came; the daemon's log:\n" + Files.readString(dir.resolve("log")), e);
        }
    }

    @Test
    void aSecondDaemonWithTheSamePidFileRefusesToStart() throws Exception {
        start();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process second = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "-n", "-l", "-G", "-f", dir.resolve("keepalived.conf").toString(), "-p", dir.resolve("vigil.pid").toString())
                .redirectErrorStream(true).start();
        String out = new String(second.getInputStream().readAllBytes());
        assertThat(second.waitFor()).isEqualTo(1);
        assertThat(out).contains("daemon is already running");
    }

    @Test
    void systemdHearsReadyWatchdogAndStopping() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/socat").canExecute(), "SKIPPED: socat not installed");
        Path sock = dir.resolve("notify.sock");
        Path heard = dir.resolve("heard");
        Process systemd = new ProcessBuilder("socat", "-u", "UNIX-RECV:" + sock, "OPEN:" + heard + ",creat,append")
                .redirectErrorStream(true).start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(sock));
            start(Map.of("NOTIFY_SOCKET", sock.toString(), "WATCHDOG_USEC", "400000"), List.of());
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(heard)
                    && Files.readString(heard).contains("READY=1") && Files.readString(heard).contains("WATCHDOG=1"));
            // The stand-in children report no instance and no virtual server: the status line says so.
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(heard).contains("STATUS=no VRRP instance"));
            signal("TERM");
            assertThat(vigil.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(heard).contains("STOPPING=1"));
        } finally {
            systemd.destroy();
        }
    }
}
