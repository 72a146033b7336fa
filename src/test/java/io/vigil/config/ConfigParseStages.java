package io.vigil.config;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Benchmark helper (a main, not a test): times {@link ConfigLoader#load} on the generated 10,000 x 10 configuration
 * of {@link ConfigParseBench} with wall, parsing-thread CPU and process CPU (GC and JIT threads included) for each of
 * N runs in one JVM (run 1 is the cold one), then the heap the result holds. Only public API, so the same class also
 * times the reader of an older commit (bench/config-parse.sh runs both).
 * Usage: java -cp ... io.vigil.config.ConfigParseStages [runs] [virtualServers]
 */
public final class ConfigParseStages {
    private ConfigParseStages() {
    }

    public static void main(String[] args) throws Exception {
        long jvmStartMs = ManagementFactory.getRuntimeMXBean().getUptime();
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int vs = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path file = Files.createTempFile("vigil-stages", ".conf");
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try {
            Files.writeString(file, ConfigParseBench.generate(vs, 10));
            System.out.printf("STAGES jvm_uptime_at_main_ms=%d file_bytes=%d load_avg=%.1f%n", jvmStartMs, Files.size(file),
                    os.getSystemLoadAverage());
            for (int run = 1; run <= runs; run++) {
                long p0 = os.getProcessCpuTime();
                long c0 = cpu.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                LoadResult r = ConfigLoader.load(file, LoadOptions.defaults());
                long t1 = System.nanoTime();
                long c1 = cpu.getCurrentThreadCpuTime();
                long p1 = os.getProcessCpuTime();
                if (!r.errors().isEmpty() || r.config().orElseThrow().virtualServers().size() != vs) {
                    throw new IllegalStateException("unexpected result: " + r.diagnostics());
                }
                System.out.printf("STAGES run=%d total_wall_ms=%.0f thread_cpu_ms=%.0f process_cpu_ms=%.0f load_avg=%.1f%n",
                        run, (t1 - t0) / 1e6, (c1 - c0) / 1e6, (p1 - p0) / 1e6, os.getSystemLoadAverage());
                System.gc();
            }
            // heap the loaded result keeps (model + the typed blocks the -d dump is made from), as ConfigParseBench measures it
            LoadResult r = ConfigLoader.load(file, LoadOptions.defaults());
            System.gc();
            long held = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            System.out.printf("STAGES held_heap_mb=%.0f valid=%s jvm_uptime_ms=%d%n", held / 1048576.0, r.config().isPresent(),
                    ManagementFactory.getRuntimeMXBean().getUptime());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
