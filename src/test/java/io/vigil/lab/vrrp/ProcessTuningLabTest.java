package io.vigil.lab.vrrp;

import io.vigil.lab.KeepalivedNode;
import io.vigil.lab.Lab;
import io.vigil.lab.VigilNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * keepalived's per-process settings on real processes: the same global_defs given to Vigil and to keepalived 2.2.7,
 * then each one's VRRP process read in /proc. vrrp_no_swap locks memory (VmLck), vrrp_cpu_affinity pins every thread
 * (Cpus_allowed_list), vrrp_rlimit_rttime with vrrp_rt_priority sets RLIMIT_RTTIME (soft half, hard the value); the
 * checker process gets checker_no_swap and checker_cpu_affinity; the parent none of them.
 */
class ProcessTuningLabTest {
    private static final String NAMES = "  vrrp_process_name lb-vrrp\n  checker_process_name lb-check\n";
    private static final String TUNING = "  vrrp_no_swap\n  vrrp_cpu_affinity 1\n  vrrp_rt_priority 10\n  vrrp_rlimit_rttime 200000\n"
            + "  checker_no_swap\n  checker_cpu_affinity 0\n  checker_priority 7\n";

    @Test
    @Timeout(240)
    void vrrpAndCheckerProcessesAreLockedPinnedAndLimitedAsKeepalivedDoes() throws Exception {
        Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two CPUs to tell a pinned process");
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24"), hk = v.host("k", "198.18.0.12/24"), hb = v.host("b", "198.18.0.13/24");
            KeepalivedNode.assumeInstalled(hk);
            VigilNode a = new VigilNode(ha, "a", v.dir, VrrpConf.fast(200, "198.18.0.100/24").text("a")
                    .replace("global_defs {\n", "global_defs {\n" + TUNING + NAMES)).withCheckers();
            KeepalivedNode k = new KeepalivedNode(hk, "k", v.dir, VrrpConf.fast(200, "198.18.0.101/24").text("k")
                    .replace("virtual_router_id 51", "virtual_router_id 52").replace("global_defs {\n", "global_defs {\n" + TUNING));
            // BFD is a thread of Vigil's VRRP process: bfd_no_swap locks that process, bfd_cpu_affinity pins the thread.
            VigilNode b = new VigilNode(hb, "b", v.dir, VrrpConf.fast(200, "198.18.0.102/24").text("b")
                    .replace("virtual_router_id 51", "virtual_router_id 53")
                    .replace("global_defs {\n", "global_defs {\n  bfd_process_name lb-bfd\n  bfd_no_swap\n  bfd_cpu_affinity 0\n  bfd_priority -5\n  bfd_rt_priority 5\n")
                    + "bfd_instance peer {\n  neighbor_ip 198.18.0.11\n  source_ip 198.18.0.13\n}\n");
            try {
                a.start();
                k.start();
                b.start();
                v.awaitStates(a, "MASTER", k, "MASTER", b, "MASTER");
                Path checkerPidFile = v.dir.resolve("a-checkers.pid");
                v.awaitOrDump("Vigil's VRRP and checker processes tuned", Duration.ofSeconds(30), () -> {
                    long vrrp = a.vrrpPid();
                    assertThat(lockedKb(vrrp)).as("vrrp_no_swap: VmLck of vigil-vrrp").isPositive();
                    assertThat(taskCpus(vrrp)).as("vrrp_cpu_affinity 1: every thread of vigil-vrrp").containsOnly("1");
                    assertThat(realtimeLimit(vrrp)).as("vrrp_rlimit_rttime 200000").containsExactly("100000", "200000");
                    long checker = Long.parseLong(Files.readString(checkerPidFile).strip());
                    assertThat(lockedKb(checker)).as("checker_no_swap").isPositive();
                    assertThat(taskCpus(checker)).as("checker_cpu_affinity 0").containsOnly("0");
                    assertThat(realtimeLimit(checker)).as("no checker_rlimit_rttime").containsExactly("unlimited", "unlimited");
                    assertThat(taskNices(checker)).as("checker_priority 7: every thread of the checker process").containsOnly("7");
                    assertThat(taskNices(vrrp)).as("the VRRP process keeps nice 0").containsOnly("0");
                    assertThat(Files.readString(Path.of("/proc/" + vrrp + "/comm")).strip()).as("vrrp_process_name").isEqualTo("lb-vrrp");
                    assertThat(Files.readString(Path.of("/proc/" + checker + "/comm")).strip()).as("checker_process_name").isEqualTo("lb-check");
                });
                assertThat(lockedKb(a.parentPid())).as("the parent is not locked").isZero();
                assertThat(taskCpus(a.parentPid())).as("nor pinned").doesNotContain("0", "1");
                v.awaitOrDump("keepalived's VRRP process tuned alike", Duration.ofSeconds(30), () -> {
                    long vrrp = k.vrrpPid();
                    assertThat(lockedKb(vrrp)).isPositive();
                    assertThat(taskCpus(vrrp)).containsOnly("1");
                    assertThat(realtimeLimit(vrrp)).containsExactly("100000", "200000");
                });
                assertThat(a.log()).contains("vrrp process locked in memory", "checker process: CPU affinity [0]");
                v.awaitOrDump("b's BFD thread pinned, its process locked", Duration.ofSeconds(30), () -> {
                    long vrrp = b.vrrpPid();
                    assertThat(lockedKb(vrrp)).as("bfd_no_swap").isPositive();
                    assertThat(threadCpus(vrrp, "lb-bfd")).as("bfd_cpu_affinity 0: the bfd thread, named by bfd_process_name lb-bfd").isEqualTo("0");
                    assertThat(threadCpus(vrrp, "vrrp")).as("the VRRP thread is not pinned").isEqualTo("0-1");
                    List<String> bfdStat = threadStat(vrrp, "lb-bfd");
                    assertThat(bfdStat.get(19 - 3)).as("bfd_priority -5: nice of the bfd thread").isEqualTo("-5");
                    assertThat(bfdStat.get(40 - 3)).as("bfd_rt_priority 5").isEqualTo("5");
                    assertThat(bfdStat.get(41 - 3)).as("SCHED_RR").isEqualTo("2");
                    assertThat(threadStat(vrrp, "vrrp").get(41 - 3)).as("the VRRP thread keeps SCHED_OTHER").isEqualTo("0");
                });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n" + a.log() + "\n" + k.log(), e);
            } finally {
                a.close();
                k.close();
                b.close();
            }
        }
    }

    private static long lockedKb(long pid) throws IOException {
        return Long.parseLong(statusField(Path.of("/proc/" + pid + "/status"), "VmLck:").replace("kB", "").strip());
    }

    /** Cpus_allowed_list of each thread of the process. */
    private static List<String> taskCpus(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.map(t -> {
                try {
                    return statusField(t.resolve("status"), "Cpus_allowed_list:");
                } catch (IOException e) {
                    return "gone"; // a thread that ended meanwhile
                }
            }).filter(s -> !s.equals("gone")).toList();
        }
    }

    /** The nice value (stat field 19) of each thread of the process. */
    private static List<String> taskNices(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.map(t -> {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    return stat.substring(stat.lastIndexOf(')') + 2).strip().split(" ")[19 - 3];
                } catch (IOException e) {
                    return "gone";
                }
            }).filter(s -> !s.equals("gone")).toList();
        }
    }

    /** Cpus_allowed_list of the process's thread with that name (comm). */
    private static String threadCpus(long pid, String comm) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                if (Files.readString(t.resolve("comm")).strip().equals(comm)) return statusField(t.resolve("status"), "Cpus_allowed_list:");
            }
        }
        throw new AssertionError("no thread " + comm + " in " + pid);
    }

    /** The fields of /proc/PID/task/TID/stat of the thread with that name, from field 3 (state) on. */
    private static List<String> threadStat(long pid, String comm) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                if (!Files.readString(t.resolve("comm")).strip().equals(comm)) continue;
                String stat = Files.readString(t.resolve("stat"));
                return List.of(stat.substring(stat.lastIndexOf(')') + 2).strip().split(" "));
            }
        }
        throw new AssertionError("no thread " + comm + " in " + pid);
    }

    /** Soft and hard "Max realtime timeout" of /proc/PID/limits. */
    private static List<String> realtimeLimit(long pid) throws IOException {
        String line = Files.readAllLines(Path.of("/proc/" + pid + "/limits")).stream().filter(l -> l.startsWith("Max realtime timeout"))
                .findFirst().orElseThrow();
        String[] w = line.substring("Max realtime timeout".length()).strip().split("\\s+");
        return List.of(w[0], w[1]);
    }

    private static String statusField(Path status, String field) throws IOException {
        return Files.readAllLines(status).stream().filter(l -> l.startsWith(field)).map(l -> l.substring(field.length()).strip())
                .findFirst().orElseThrow(() -> new IOException(field + " missing in " + status));
    }
}
