package io.vigil.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The guest half of {@link Uml}: helpers for a {@code main} that runs inside the user-mode-linux guest (shell
 * commands, background processes) and a tiny check runner whose report the host test reads back with
 * {@link #results}. One guest boot runs many named checks; each prints {@code CHECK PASS name ms} or
 * {@code CHECK FAIL name: reason} followed by its stack trace. Processes started with {@link #spawn} live until
 * the last check has run.
 */
public final class UmlGuest {
    private UmlGuest() {}

    private static final PrintStream OUT = System.out;
    private static final List<Process> spawned = new ArrayList<>();

    public interface Body {
        void run() throws Exception;
    }

    public record Check(String name, Body body) {}

    /** Runs a shell command; returns its stdout+stderr; throws when it exits non-zero. */
    public static String sh(String command) {
        ShResult r = shResult(command);
        if (r.exitCode != 0) throw new AssertionError("`" + command + "` exited " + r.exitCode + ":\n" + r.output);
        return r.output;
    }

    public record ShResult(int exitCode, String output) {}

    public static ShResult shResult(String command) {
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("`" + command + "` did not finish in 60 s");
            }
            return new ShResult(p.exitValue(), out);
        } catch (IOException e) {
            throw new AssertionError("cannot run `" + command + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Starts a background shell command (output to {@code logFile}); {@link #killAll} stops it. */
    public static Process spawn(String command, Path logFile) {
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", "exec " + command).redirectErrorStream(true)
                    .redirectOutput(logFile.toFile()).start();
            spawned.add(p);
            return p;
        } catch (IOException e) {
            throw new AssertionError("cannot start `" + command + "`: " + e.getMessage(), e);
        }
    }

    /** Stops every process started with {@link #spawn}, by PID (TERM, then KILL after 2 s). */
    public static void killAll() {
        for (Process p : spawned) {
            p.destroy();
            try {
                if (!p.waitFor(2, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        spawned.clear();
    }

    /** Polls {@code condition} every 100 ms up to {@code timeoutMillis}; false on timeout. */
    public static boolean await(long timeoutMillis, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    /** Runs the checks in order, printing one report line each; returns the number that failed. */
    public static int runChecks(List<Check> checks) {
        int failed = 0;
        OUT.println("GUEST uptime-at-start-ms " + guestUptimeMillis() + " jvm-start-ms "
                + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        for (Check c : checks) {
            long t0 = System.nanoTime();
            try {
                c.body().run();
                OUT.println("CHECK PASS " + c.name() + " " + (System.nanoTime() - t0) / 1_000_000);
            } catch (Throwable t) {
                failed++;
                OUT.println("CHECK FAIL " + c.name() + ": " + String.valueOf(t.getMessage()).lines().findFirst().orElse(""));
                t.printStackTrace(OUT);
            }
        }
        killAll(); // after the last check: a lab set up by one check serves the next ones
        OUT.flush();
        return failed;
    }

    static long guestUptimeMillis() {
        try {
            return (long) (Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]) * 1000);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static final Pattern LINE = Pattern.compile("^CHECK (PASS|FAIL) ([^ :]+)", Pattern.MULTILINE);

    /** Host side: check name to "PASS" or "FAIL", in report order. */
    public static Map<String, String> results(String guestOutput) {
        Map<String, String> m = new LinkedHashMap<>();
        Matcher x = LINE.matcher(guestOutput);
        while (x.find()) m.put(x.group(2), x.group(1));
        return m;
    }
}
