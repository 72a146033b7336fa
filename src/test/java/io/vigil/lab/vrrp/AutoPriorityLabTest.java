package io.vigil.lab.vrrp;

import io.vigil.lab.KeepalivedNode;
import io.vigil.lab.Lab;
import io.vigil.lab.VigilNode;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code max_auto_priority} and {@code min_auto_priority_delay}, Vigil and keepalived 2.2.7 with the same
 * keepalived.conf text: a lone MASTER (advert 1 s) whose VRRP process is stopped (SIGSTOP) for 2.5 s, so its advert
 * timer runs late by more than the 0.1 s delay. With max_auto_priority both log "Set realtime priority 1" and run the
 * VRRP thread (keepalived: its VRRP process) at SCHED_RR 1; without it the thread stays SCHED_OTHER.
 */
class AutoPriorityLabTest {

    @ParameterizedTest(name = "{0}, max_auto_priority {1}")
    @CsvSource({"vigil, true", "vigil, false", "keepalived, true", "keepalived, false"})
    @Timeout(150)
    void aLateTimerRaisesTheRealtimePriority(String kind, boolean auto) throws Exception {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host h = v.host("r", "198.18.0.11/24");
            VrrpConf conf = VrrpConf.fast(100, "198.18.0.100/24").withAdvert(3, "1")
                    .withExtra(auto ? "  max_auto_priority 3\n  min_auto_priority_delay 100000\n" : "", "");
            boolean vigil = kind.equals("vigil");
            VigilNode vn = vigil ? v.vigil(h, "r", conf) : null;
            KeepalivedNode kn = vigil ? null : v.keepalived(h, "r", conf);
            Router r = vigil ? vn : kn;
            r.start();
            v.awaitStates(r, "MASTER");
            long pid = vigil ? vn.vrrpPid() : kn.vrrpPid();
            Lab.run(List.of("kill", "-STOP", Long.toString(pid)), 10);
            Thread.sleep(2500);
            Lab.run(List.of("kill", "-CONT", Long.toString(pid)), 10);
            if (auto) {
                v.awaitOrDump("the realtime priority raised", Duration.ofSeconds(10), () -> {
                    assertThat(r.log()).contains("Set realtime priority 1");
                    List<String> stat = stat(pid, vigil ? "vrrp" : null);
                    assertThat(stat.get(41 - 3)).as("SCHED_RR").isEqualTo("2");
                    assertThat(stat.get(40 - 3)).as("rt_priority").isEqualTo("1");
                });
            } else {
                Thread.sleep(2000);
                assertThat(r.log()).doesNotContain("Set realtime priority");
                assertThat(stat(pid, vigil ? "vrrp" : null).get(41 - 3)).as("SCHED_OTHER").isEqualTo("0");
            }
            assertThat(r.state(VrrpConf.INSTANCE)).isEqualTo("MASTER");
        }
    }

    /** The fields of the stat of the thread named {@code comm} (null: the process), from field 3 (state) on. */
    private static List<String> stat(long pid, String comm) throws IOException {
        Path file = Path.of("/proc/" + pid + "/stat");
        if (comm != null) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                file = tasks.filter(t -> {
                    try {
                        return Files.readString(t.resolve("comm")).strip().equals(comm);
                    } catch (IOException e) {
                        return false;
                    }
                }).findFirst().orElseThrow(() -> new AssertionError("no thread " + comm + " in " + pid)).resolve("stat");
            }
        }
        String s = Files.readString(file);
        return List.of(s.substring(s.lastIndexOf(')') + 2).strip().split(" "));
    }
}
