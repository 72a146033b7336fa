package io.vigil.config;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Benchmark helper (a main, not a test): times each stage of {@link ConfigLoader} on the generated 10,000 x 10
 * configuration of {@link ConfigParseBench} — preprocess+tree, schema typing, model building — with wall and
 * thread-CPU time per stage, for each of N runs in one JVM (run 1 is the cold one). Used by bench/config-parse.sh.
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
                long[] t = new long[4];
                long[] c = new long[4];
                t[0] = System.nanoTime();
                c[0] = cpu.getCurrentThreadCpuTime();
                Diagnostics diags = new Diagnostics();
                TreeBuilder tree = new TreeBuilder(diags);
                new Preprocessor(LoadOptions.defaults(), diags, tree).readTop(file);
                List<Stmt> stmts = tree.finish();
                t[1] = System.nanoTime();
                c[1] = cpu.getCurrentThreadCpuTime();
                Section root = new SchemaParser(diags, false).parse(stmts, Schema.ROOT, null, new SourcePos("", 0, 0), null);
                t[2] = System.nanoTime();
                c[2] = cpu.getCurrentThreadCpuTime();
                KeepalivedConfig config = ConfigLoader.build(root, diags);
                t[3] = System.nanoTime();
                c[3] = cpu.getCurrentThreadCpuTime();
                long p1 = os.getProcessCpuTime();
                if (diags.hasErrors() || config.virtualServers().size() != vs) {
                    throw new IllegalStateException("unexpected result: " + diags.list());
                }
                System.out.printf("STAGES run=%d total_wall_ms=%.0f thread_cpu_ms=%.0f process_cpu_ms=%.0f"
                                + " | preprocess+tree wall/cpu=%.0f/%.0f schema=%.0f/%.0f model+refs=%.0f/%.0f load_avg=%.1f%n",
                        run, (t[3] - t[0]) / 1e6, (c[3] - c[0]) / 1e6, (p1 - p0) / 1e6,
                        (t[1] - t[0]) / 1e6, (c[1] - c[0]) / 1e6, (t[2] - t[1]) / 1e6, (c[2] - c[1]) / 1e6,
                        (t[3] - t[2]) / 1e6, (c[3] - c[2]) / 1e6, os.getSystemLoadAverage());
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
