package io.vigil.sys;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The one script runner: checker scripts (MISC_CHECK), notify scripts, and the VRRP child's track and notify scripts
 * (through its port, {@code vrrp.kernel.ProcessScriptRunner}). Plain processes, no FFM. A script that outlives its
 * timeout is sent SIGTERM, and SIGKILL after a grace period (keepalived: 2 s), together with every process it
 * started (found through the process tree before the first signal, so children orphaned by the script's death are
 * still killed).
 */
public final class ScriptRunner {
    private final long killGraceMillis;
    private final Map<String, String> gidByUser = new ConcurrentHashMap<>();

    public ScriptRunner() {
        this(2000);
    }

    public ScriptRunner(long killGraceMillis) {
        this.killGraceMillis = killGraceMillis;
    }

    /** How a script ended. */
    public sealed interface Outcome {
        record Exited(int code) implements Outcome {}

        record TimedOut(long afterMillis, int processesKilled) implements Outcome {}

        record FailedToStart(String reason) implements Outcome {}
    }

    /**
     * Runs {@code argv} (as {@code user} when not null: through {@code setpriv}, which needs root) and waits at
     * most {@code timeoutMillis}. Output is discarded.
     */
    public Outcome run(List<String> argv, String user, long timeoutMillis) {
        if (user != null && !user.isEmpty() && !"root".equals(System.getProperty("user.name")))
            return new Outcome.FailedToStart("running a script as user " + user + " needs root");
        Process p;
        try {
            p = new ProcessBuilder(command(argv, user)).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException | RuntimeException e) {
            return new Outcome.FailedToStart(e.getMessage());
        }
        try {
            if (p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) return new Outcome.Exited(p.exitValue());
            int killed = kill(p);
            return new Outcome.TimedOut(timeoutMillis, killed);
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            return new Outcome.FailedToStart("interrupted");
        }
    }

    /** Starts a notify script without waiting for it (it still gets killed after {@code timeoutMillis}). */
    public void runDetached(List<String> argv, long timeoutMillis) {
        Thread.ofVirtual().name("notify-script").start(() -> run(argv, null, timeoutMillis));
    }

    private List<String> command(List<String> argv, String user) {
        if (user == null || user.isEmpty()) return argv;
        String gid = gidByUser.computeIfAbsent(user, u -> {
            try {
                Process id = new ProcessBuilder("id", "-g", "--", u).redirectErrorStream(true).start();
                String out = new String(id.getInputStream().readAllBytes()).trim();
                if (id.waitFor() != 0) throw new IllegalArgumentException("unknown user " + u + ": " + out);
                return out;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + user, "--regid=" + gid, "--init-groups", "--"));
        cmd.addAll(argv);
        return cmd;
    }

    private int kill(Process p) {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(killGraceMillis);
        for (ProcessHandle h : all) {
            // new children may appear while we wait: take them too
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception ignored) {
                // still alive: killed below
            }
        }
        List<ProcessHandle> late = new ArrayList<>();
        for (ProcessHandle h : all) if (h.isAlive()) late.addAll(h.descendants().toList());
        all.addAll(late);
        all.forEach(h -> {
            if (h.isAlive()) h.destroyForcibly();
        });
        try {
            p.waitFor(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return all.size();
    }
}
