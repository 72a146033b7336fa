package io.vigil.vrrp.kernel;

import io.vigil.vrrp.ProcessTrackSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The /proc reader and the polling fallback, over a directory laid out as /proc (stat, cmdline). */
class ProcessMonitorTest {
    private static void process(Path proc, int pid, String comm, String state, String... argv) throws Exception {
        Path d = Files.createDirectories(proc.resolve(Integer.toString(pid)));
        Files.writeString(d.resolve("stat"), pid + " (" + comm + ") " + state + " 1 " + pid + " 0 0\n");
        Files.write(d.resolve("cmdline"), (String.join("\0", argv) + "\0").getBytes());
    }

    @Test
    void readsCommCommandLineAndSkipsZombies(@TempDir Path proc) throws Exception {
        process(proc, 10, "haproxy", "S", "/usr/sbin/haproxy", "-f", "/etc/h.cfg");
        process(proc, 11, "weird) name", "R", "/bin/x");
        process(proc, 12, "haproxy", "Z");
        Files.createDirectories(proc.resolve("self"));
        ProcessTrackSettings full = new ProcessTrackSettings("h", "/usr/sbin/haproxy", List.of(), ProcessTrackSettings.ParamMatch.NONE, true, 1,
                Integer.MAX_VALUE, 0, 0);
        ProcessMonitor m = new ProcessMonitor(List.of(full), (n, up) -> { }, proc, 1000);
        Map<Integer, ProcessTrackSettings.Proc> all = m.readProcs();
        assertThat(all).containsOnlyKeys(10, 11);
        assertThat(all.get(10)).isEqualTo(new ProcessTrackSettings.Proc("haproxy", List.of("/usr/sbin/haproxy", "-f", "/etc/h.cfg")));
        assertThat(all.get(11).comm()).isEqualTo("weird) name");
    }

    /** The connector path for real (initial network namespace, root): a process of ours comes and goes. */
    @Test
    void theKernelsProcessEventsMoveTheQuorum() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "SKIPPED: the process connector needs root");
        String unique = "7777." + ProcessHandle.current().pid(); // a command line no other process has
        ProcessTrackSettings sleeper = new ProcessTrackSettings("sleeper", "/bin/sleep", List.of(unique), ProcessTrackSettings.ParamMatch.EXACT,
                true, 1, Integer.MAX_VALUE, 0, 0);
        Map<String, Boolean> states = new ConcurrentHashMap<>();
        try (ProcessMonitor m = new ProcessMonitor(List.of(sleeper), states::put, Path.of("/proc"), 3_600_000)) {
            m.start(true);
            org.junit.jupiter.api.Assumptions.assumeTrue(m.usesConnector(), "SKIPPED: no process event connector here");
            assertThat(states).containsEntry("sleeper", false);
            Process p = new ProcessBuilder("/bin/sleep", unique).start();
            try {
                // No /proc polling here (once an hour): only the exec event can say so.
                await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(states.get("sleeper")));
            } finally {
                p.destroyForcibly();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.FALSE.equals(states.get("sleeper")));
        }
    }

    @Test
    void pollingFollowsProcessesComingAndGoing(@TempDir Path proc) throws Exception {
        process(proc, 10, "haproxy", "S", "haproxy");
        Map<String, Boolean> states = new ConcurrentHashMap<>();
        ProcessTrackSettings byComm = new ProcessTrackSettings("hap", "haproxy", List.of(), ProcessTrackSettings.ParamMatch.NONE, false, 1,
                Integer.MAX_VALUE, 0, 0);
        try (ProcessMonitor m = new ProcessMonitor(List.of(byComm), states::put, proc, 50)) {
            m.start(false);
            assertThat(m.usesConnector()).isFalse();
            assertThat(states).containsEntry("hap", true); // the first scan reports before start returns
            Files.writeString(proc.resolve("10/stat"), "10 (haproxy) Z 1 10 0 0\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.FALSE.equals(states.get("hap")));
            process(proc, 20, "haproxy", "S", "haproxy");
            await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(states.get("hap")));
        }
    }
}
