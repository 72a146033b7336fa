package io.vigil.daemon;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The watchdog for real: child JVMs running a stand-in subsystem, killed, hung and stopped. */
class SupervisorTest {
    @TempDir
    Path dir;
    private Supervisor supervisor;
    private Path config;
    private final List<String> rejectOnReload = new ArrayList<>();
    private long closeMillis;

    @BeforeEach
    void setUp() throws IOException {
        config = dir.resolve("keepalived.conf");
        Files.writeString(config, "! stand-in\n");
    }

    @AfterEach
    void tearDown() {
        if (supervisor != null) supervisor.stop();
    }

    private List<String> childCommand(Subsystem.Kind kind) {
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "-Dvigil.subsystem." + kind.flag() + "=" + StandInSubsystem.class.getName(),
                "-Dvigil.test.kind=" + kind.flag(), "-Dvigil.test.closeMillis=" + closeMillis, ChildMain.class.getName(), kind.flag(), config.toString());
    }

    private Supervisor start(boolean respawn) throws IOException {
        Supervisor.Settings settings = new Supervisor.Settings(config, List.of(Subsystem.Kind.VRRP, Subsystem.Kind.CHECKERS),
                respawn, dir.resolve("vigil.pid"),
                Map.of(Subsystem.Kind.VRRP, dir.resolve("vrrp.pid"), Subsystem.Kind.CHECKERS, dir.resolve("check.pid")),
                dir.resolve("data"), dir.resolve("stats"), this::childCommand, path -> List.copyOf(rejectOnReload),
                200, 5_000, RestartPolicy.DEFAULT);
        supervisor = new Supervisor(settings);
        supervisor.start();
        assertThat(supervisor.awaitReady(60_000)).as("children report READY").isTrue();
        return supervisor;
    }

    private List<String> journal(Subsystem.Kind kind) throws IOException {
        Path j = dir.resolve("journal-" + kind.flag());
        return Files.exists(j) ? Files.readAllLines(j) : List.of();
    }

    @Test
    void killedCheckerIsRestartedWhileVrrpChildKeepsRunning() throws Exception {
        start(true);
        long vrrpPid = supervisor.childPid(Subsystem.Kind.VRRP);
        long checkPid = supervisor.childPid(Subsystem.Kind.CHECKERS);
        assertThat(Files.readString(dir.resolve("check.pid")).trim()).isEqualTo(Long.toString(checkPid));

        ProcessHandle.of(checkPid).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(30)).until(() -> supervisor.childPid(Subsystem.Kind.CHECKERS) != checkPid
                && journal(Subsystem.Kind.CHECKERS).size() == 2);
        assertThat(supervisor.childPid(Subsystem.Kind.VRRP)).isEqualTo(vrrpPid);
        assertThat(supervisor.restarts(Subsystem.Kind.CHECKERS)).isEqualTo(1);
        assertThat(supervisor.restarts(Subsystem.Kind.VRRP)).isZero();
        assertThat(journal(Subsystem.Kind.VRRP)).hasSize(1);
    }

    @Test
    void restartedVrrpChildResumesTheRememberedState() throws Exception {
        start(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.rememberedStates(Subsystem.Kind.VRRP).containsKey("VI_1"));
        long vrrpPid = supervisor.childPid(Subsystem.Kind.VRRP);
        ProcessHandle.of(vrrpPid).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(30)).until(() -> journal(Subsystem.Kind.VRRP).size() == 2);
        assertThat(journal(Subsystem.Kind.VRRP).get(0)).endsWith("start resumed={}");
        assertThat(journal(Subsystem.Kind.VRRP).get(1)).endsWith("start resumed={VI_1=MASTER}");
    }

    /** Issue #12: the watchdog learns each advert the VRRP child sends and gives the last one to the next child. */
    @Test
    void restartedVrrpChildGetsTheTimeOfThePreviousOnesLastAdvert() throws Exception {
        start(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.lastAdverts(Subsystem.Kind.VRRP).getOrDefault("VI_1", 0L) == 1003L);
        ProcessHandle.of(supervisor.childPid(Subsystem.Kind.VRRP)).orElseThrow().destroyForcibly();

        Path adverts = dir.resolve("adverts-vrrp");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(adverts) && Files.readAllLines(adverts).size() == 2);
        assertThat(Files.readAllLines(adverts).get(0)).endsWith("start last-adverts={}");
        assertThat(Files.readAllLines(adverts).get(1)).endsWith("start last-adverts={VI_1=1003}");
        await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.lastAdverts(Subsystem.Kind.VRRP).getOrDefault("VI_1", 0L) == 1006L);
    }

    /** lvs_sync_daemon: the checker child, which owns the IPVS data plane, follows the VRRP child's states. */
    @Test
    void vrrpStatesReachTheCheckerChildAndARestartedOneStartsWithTheLast() throws Exception {
        start(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> "MASTER".equals(supervisor.rememberedStates(Subsystem.Kind.VRRP).get("VI_1")));
        // The stand-in VRRP child reports VI_1 BACKUP on reload: the parent relays it to the running checker child.
        supervisor.reload();
        await().atMost(Duration.ofSeconds(10)).until(() -> received(Subsystem.Kind.CHECKERS).stream().anyMatch(l -> l.endsWith(" VRRP_STATE VI_1 BACKUP")));
        assertThat(received(Subsystem.Kind.VRRP)).as("nothing relayed back to the VRRP child").isEmpty();

        long checkPid = supervisor.childPid(Subsystem.Kind.CHECKERS);
        ProcessHandle.of(checkPid).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).until(() -> journal(Subsystem.Kind.CHECKERS).stream().filter(l -> l.contains(" start ")).count() == 2);
        List<String> starts = journal(Subsystem.Kind.CHECKERS).stream().filter(l -> l.contains(" start ")).toList();
        assertThat(starts.get(1)).as("the restarted checker child starts with the VRRP child's last state, not its own report")
                .endsWith("start resumed={VI_1=BACKUP}");
    }

    private List<String> received(Subsystem.Kind kind) throws IOException {
        Path j = dir.resolve("received-" + kind.flag());
        return Files.exists(j) ? Files.readAllLines(j) : List.of();
    }

    @Test
    void hungChildIsKilledAndRestarted() throws Exception {
        start(true);
        long checkPid = supervisor.childPid(Subsystem.Kind.CHECKERS);
        // SIGSTOP: alive but answering nothing, as a hung process.
        new ProcessBuilder("kill", "-STOP", Long.toString(checkPid)).start().waitFor();

        await().atMost(Duration.ofSeconds(30)).until(() -> supervisor.childPid(Subsystem.Kind.CHECKERS) != checkPid
                && journal(Subsystem.Kind.CHECKERS).size() == 2);
        assertThat(ProcessHandle.of(checkPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void reloadIsRefusedWhenTheNewConfigIsInvalidAndAppliedWhenValid() throws Exception {
        start(true);
        rejectOnReload.add("keepalived.conf:3:5: unknown keyword 'priorty'");
        assertThat(supervisor.reload()).hasSize(1);
        assertThat(journal(Subsystem.Kind.VRRP)).noneMatch(l -> l.endsWith("reload"));

        rejectOnReload.clear();
        assertThat(supervisor.reload()).isEmpty();
        assertThat(journal(Subsystem.Kind.VRRP)).anyMatch(l -> l.endsWith("reload"));
        assertThat(journal(Subsystem.Kind.CHECKERS)).anyMatch(l -> l.endsWith("reload"));
    }

    @Test
    void dumpsAndStatusComeFromTheChildren() throws Exception {
        start(true);
        Path data = supervisor.dump(false);
        assertThat(Files.readString(data)).contains("data of " + supervisor.childPid(Subsystem.Kind.VRRP),
                "data of " + supervisor.childPid(Subsystem.Kind.CHECKERS));
        assertThat(Files.readString(supervisor.dump(true))).contains("stats of ");
        assertThat(supervisor.status()).contains("VI_1 MASTER");
    }

    @Test
    void stopClosesChildrenGracefullyAndRemovesPidFiles() throws Exception {
        start(true);
        supervisor.stop();
        assertThat(journal(Subsystem.Kind.VRRP)).last().asString().endsWith("close");
        assertThat(journal(Subsystem.Kind.CHECKERS)).last().asString().endsWith("close");
        assertThat(dir.resolve("vigil.pid")).doesNotExist();
        assertThat(dir.resolve("vrrp.pid")).doesNotExist();
    }

    @Test
    void withoutRespawnTheDeathOfAChildStopsEverything() throws Exception {
        start(false);
        ProcessHandle.of(supervisor.childPid(Subsystem.Kind.CHECKERS)).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(20)).until(() -> journal(Subsystem.Kind.VRRP).stream().anyMatch(l -> l.endsWith("close")));
    }

    @Test
    void childStopsGracefullyWhenItsParentDisappears() throws Exception {
        Process child = new ProcessBuilder(childCommand(Subsystem.Kind.VRRP)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> journal(Subsystem.Kind.VRRP).size() == 1);
        child.getOutputStream().close(); // the parent's end of the pipe: EOF, as when the parent dies
        assertThat(child.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(journal(Subsystem.Kind.VRRP)).last().asString().endsWith("close");
    }

    private static int childWaitTime(String text) {
        io.vigil.config.LoadResult r = io.vigil.config.ConfigLoader.loadText("test.conf", text, io.vigil.config.LoadOptions.defaults());
        assertThat(r.errors()).isEmpty();
        return r.config().orElseThrow().globalDefs().childWaitSeconds();
    }

    @Test
    void childWaitTimeBoundsTheWaitForChildrenSlowToStop_thenTheyAreKilled() throws Exception {
        assertThat(childWaitTime("! nothing\n")).as("keepalived's default").isEqualTo(5);
        assertThat(childWaitTime("child_wait_time 7\n")).as("top level, as keepalived installs it").isEqualTo(7);
        closeMillis = 120_000; // the stand-ins take two minutes to close
        start(true);
        supervisor.childWaitSeconds(childWaitTime("global_defs {\n    child_wait_time 1\n}\n"));
        long vrrp = supervisor.childPid(Subsystem.Kind.VRRP);
        supervisor.stop();
        assertThat(ProcessHandle.of(vrrp).map(ProcessHandle::isAlive)).as("killed once child_wait_time ran out").isNotEqualTo(java.util.Optional.of(true));
        assertThat(journal(Subsystem.Kind.VRRP)).anyMatch(l -> l.endsWith("closing")).noneMatch(l -> l.endsWith(" close"));
    }

    @Test
    void childrenStoppingWithinChildWaitTimeAreLeftToFinish() throws Exception {
        closeMillis = 3_000;
        start(true);
        supervisor.childWaitSeconds(childWaitTime("global_defs {\n    child_wait_time 120\n}\n"));
        supervisor.stop();
        assertThat(journal(Subsystem.Kind.VRRP)).last().asString().endsWith(" close");
        assertThat(journal(Subsystem.Kind.CHECKERS)).last().asString().endsWith(" close");
    }
}
