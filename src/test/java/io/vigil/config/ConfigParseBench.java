package io.vigil.config;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark (not run by {@code mvn test}): parse and validate a generated configuration with 10,000 virtual
 * servers x 10 real servers, each with a TCP_CHECK. Run with bench/config-parse.sh; prints time and heap.
 */
@Tag("bench")
class ConfigParseBench {
    static String generate(int virtualServers, int realServers) {
        StringBuilder sb = new StringBuilder(virtualServers * realServers * 160);
        sb.append("global_defs {\n    router_id bench\n}\n");
        for (int v = 0; v < virtualServers; v++) {
            sb.append("virtual_server ").append(address(v)).append(" 80 {\n")
                    .append("    delay_loop 6\n    lb_algo rr\n    lb_kind DR\n    protocol TCP\n");
            for (int r = 0; r < realServers; r++) {
                sb.append("    real_server ").append(address(16_384 + v * realServers + r)).append(" 80 {\n")
                        .append("        weight 1\n        TCP_CHECK {\n            connect_timeout 3\n            retry 3\n")
                        .append("            delay_before_retry 3\n            connect_port 80\n        }\n    }\n");
            }
            sb.append("}\n");
        }
        return sb.toString();
    }

    /** The n-th address of 198.18.0.0/15 (the benchmarking range). */
    static String address(int n) {
        return "198." + (18 + (n >> 16)) + "." + ((n >> 8) & 255) + "." + (n & 255);
    }

    @Test
    void parseTenThousandVirtualServers() throws Exception {
        Path file = Files.createTempFile("vigil-bench", ".conf");
        try {
            Files.writeString(file, generate(10_000, 10));
            MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
            java.lang.management.ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            long bestCpu = Long.MAX_VALUE;
            long bestProcessCpu = Long.MAX_VALUE;
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long best = Long.MAX_VALUE;
            long firstNanos = 0;
            long heapAfter = 0;
            for (int run = 0; run < 5; run++) {
                System.gc();
                long p0 = os.getProcessCpuTime();
                long c0 = cpu.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                LoadResult r = ConfigLoader.load(file, LoadOptions.defaults());
                long t = System.nanoTime() - t0;
                bestCpu = Math.min(bestCpu, cpu.getCurrentThreadCpuTime() - c0);
                bestProcessCpu = Math.min(bestProcessCpu, os.getProcessCpuTime() - p0);
                assertThat(r.errors()).isEmpty();
                assertThat(r.config().orElseThrow().virtualServers()).hasSize(10_000);
                if (run == 0) {
                    firstNanos = t;
                }
                best = Math.min(best, t);
                System.gc();
                heapAfter = mem.getHeapMemoryUsage().getUsed();
                r.config().orElseThrow(); // keep the model reachable until measured
            }
            System.out.printf("RESULT file_bytes=%d first_ms=%.0f best_ms=%.0f best_thread_cpu_ms=%.0f best_process_cpu_ms=%.0f retained_heap_mb=%.0f load_avg=%.1f%n",
                    Files.size(file), firstNanos / 1e6, best / 1e6, bestCpu / 1e6, bestProcessCpu / 1e6, heapAfter / 1048576.0,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
