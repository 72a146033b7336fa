package io.vigil.lab;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands inside a user-mode-linux guest kernel (Debian's {@code linux.uml}, 6.1 with the ip_vs modules)
 * through {@code bin/uml-run}: for tests of kernel features this machine's kernel lacks, IPVS first. The guest
 * sees the host's file system read-only (so the project's classes and ~/.m2 jars), has its own /tmp and /run,
 * only {@code lo}, and may build namespaces and veths of its own. Each call boots a fresh guest (~2 s): batch
 * several checks into one call.
 *
 * <pre>{@code
 * Uml.Result r = Uml.runJava(Duration.ofMinutes(2), MyGuestChecks.class);   // skips the test without linux.uml
 * assertThat(r.exitCode()).as(r.output()).isZero();
 * }</pre>
 */
public final class Uml {
    private Uml() {}

    public static final Path LINUX_UML = Path.of("/usr/bin/linux.uml");
    public static final String GUEST_JAVA = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";

    /** Exit code and combined stdout+stderr of the guest command; {@code bootedMillis} is the whole call's wall time. */
    public record Result(int exitCode, String output, long wallMillis) {}

    /** Why a guest cannot run here, or null when it can. */
    public static String unavailableReason() {
        if (!Files.isExecutable(LINUX_UML)) return "user-mode-linux is not installed (" + LINUX_UML + "; apt-get install user-mode-linux)";
        if (!Files.isDirectory(Path.of("/usr/lib/uml/modules"))) return "the UML kernel modules are missing (/usr/lib/uml/modules)";
        if (!Files.isExecutable(Path.of("/usr/sbin/modprobe")) && !Files.isExecutable(Path.of("/sbin/modprobe")))
            return "kmod (modprobe) is not installed; the guest needs it to load ip_vs";
        if (!Files.isExecutable(Path.of("/usr/bin/perl"))) return "perl is missing (bin/uml-run needs it)";
        if (!Files.isExecutable(script())) return "bin/uml-run not found at " + script();
        return null;
    }

    /** Skips the calling test, with the reason, when no guest can run here. */
    public static void assumeAvailable() {
        String why = unavailableReason();
        Assumptions.assumeTrue(why == null, () -> "SKIPPED: " + why);
    }

    static Path projectDir() {
        String p = System.getProperty("vigil.projectDir");
        return Path.of(p != null ? p : System.getProperty("user.dir"));
    }

    static Path script() {
        return projectDir().resolve("bin/uml-run");
    }

    /** Runs a shell command line in a fresh guest (in the project directory); skips the test when no guest can run. */
    public static Result run(Duration timeout, String shellCommand) {
        return run(timeout, List.of(), shellCommand);
    }

    /** As {@link #run(Duration, String)} with extra bin/uml-run options (e.g. {@code --no-ipvs}, {@code --mem 1G}). */
    public static Result run(Duration timeout, List<String> options, String shellCommand) {
        assumeAvailable();
        List<String> cmd = new ArrayList<>(List.of(script().toString(), "--timeout", Long.toString(timeout.toSeconds())));
        cmd.addAll(options);
        cmd.add("--");
        cmd.add(shellCommand);
        long t0 = System.nanoTime();
        try {
            Process p = new ProcessBuilder(cmd).directory(projectDir().toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out;
            try (var in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(timeout.toSeconds() + 30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("uml-run did not finish");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Runs {@code mainClass} in a JVM inside a fresh guest, with this JVM's class path (classes, test classes and
     * jars). The guest JVM runs with {@code -XX:UseAVX=0}: see bin/uml-run on why AVX state is not safe there.
     */
    public static Result runJava(Duration timeout, Class<?> mainClass, String... args) {
        return run(timeout, List.of(), javaCommand(mainClass, args));
    }

    /** The guest command line that runs {@code mainClass} (see {@link #runJava}); to combine with shell steps. */
    public static String javaCommand(Class<?> mainClass, String... args) {
        StringBuilder cmd = new StringBuilder(GUEST_JAVA)
                .append(" -XX:UseAVX=0 -XX:TieredStopAtLevel=1 -Xshare:auto --enable-native-access=ALL-UNNAMED")
                .append(" -cp ").append(shellQuote(guestClassPath())).append(' ').append(mainClass.getName());
        for (String a : args) cmd.append(' ').append(shellQuote(a));
        return cmd.toString();
    }

    /**
     * The test class path without entries the guest cannot see: the guest has its own /tmp and /run, and only
     * the project's own directory is carried over from the host's /tmp (bin/uml-run does that for a CI clone there).
     */
    static String guestClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) cp = System.getProperty("java.class.path");
        Path project = projectDir().toAbsolutePath().normalize();
        List<String> keep = new ArrayList<>();
        for (String e : cp.split(File.pathSeparator)) {
            if (e.isBlank() || !Files.exists(Path.of(e))) continue;
            boolean hidden = e.startsWith("/tmp/") || e.startsWith("/run/");
            if (!hidden || Path.of(e).toAbsolutePath().normalize().startsWith(project)) keep.add(e);
        }
        return String.join(File.pathSeparator, keep);
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
