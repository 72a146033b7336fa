package io.vigil.sys;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The one script runner: checker scripts (MISC_CHECK), notify scripts, and the VRRP child's track and notify scripts
 * (through its port, {@code vrrp.kernel.ProcessScriptRunner}). Plain processes, no FFM: a script that runs as another
 * user is started through util-linux's {@code setpriv} (docs/benchmarks/scripts.md: 1.6 ms more per start than a
 * direct one, against an FFM variant that would run a JVM thread with the script's credentials). A script that outlives its
 * timeout is sent SIGTERM, and SIGKILL after a grace period (keepalived: 2 s), together with every process it
 * started (found through the process tree before the first signal, so children orphaned by the script's death are
 * still killed).
 */
public final class ScriptRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptRunner.class);
    /** Verdicts already logged, per script: a refusal or warning is logged once, not at every run. */
    private static final Set<String> warned = ConcurrentHashMap.newKeySet();
    private static final Map<String, String> refusedOnce = new ConcurrentHashMap<>();
    private final long killGraceMillis;
    private final ScriptUsers.Directory users;
    private final ScriptSecurity.FileView files;

    public ScriptRunner() {
        this(2000);
    }

    public ScriptRunner(long killGraceMillis) {
        this(killGraceMillis, ScriptUsers.SYSTEM, ScriptSecurity.REAL);
    }

    /** With fake users and files (tests). */
    public ScriptRunner(long killGraceMillis, ScriptUsers.Directory users, ScriptSecurity.FileView files) {
        this.killGraceMillis = killGraceMillis;
        this.users = users;
        this.files = files;
    }

    /** How a script ended. */
    public sealed interface Outcome {
        record Exited(int code) implements Outcome {}

        record TimedOut(long afterMillis, int processesKilled) implements Outcome {}

        record FailedToStart(String reason) implements Outcome {}
    }

    /**
     * Runs {@code argv} as its user ({@code user}, "USER [GROUP]", when given, else the process's {@link ScriptPolicy})
     * and waits at most {@code timeoutMillis}. Output is discarded. A script that would run as root and whose file or
     * directories a non-root user could change is refused under {@code enable_script_security}, and run with a warning
     * without it (keepalived's rules, {@link ScriptSecurity}); each such verdict is logged once per script.
     */
    public Outcome run(List<String> argv, String user, long timeoutMillis) {
        List<String> command;
        try {
            command = command(argv, user);
        } catch (Refusal r) {
            return new Outcome.FailedToStart(r.getMessage());
        }
        Process p;
        try {
            p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
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

    /**
     * The command line that starts {@code argv} as its user, for a long-running script the caller starts itself (the
     * notify FIFO readers); the same user and security rules as {@link #run}.
     *
     * @throws IllegalStateException with the reason when the script is refused
     */
    public List<String> commandLine(List<String> argv, String user) {
        try {
            return command(argv, user);
        } catch (Refusal r) {
            throw new IllegalStateException(r.getMessage());
        }
    }

    private static final class Refusal extends Exception {
        Refusal(String message) {
            super(message, null, false, false);
        }
    }

    /** The command line to start: the script itself, or wrapped in setpriv to take its user's ids. */
    private List<String> command(List<String> argv, String user) throws Refusal {
        if (argv.isEmpty()) throw new Refusal("empty command");
        ScriptPolicy policy = ScriptPolicy.current();
        ScriptPolicy.RunAs.As as = switch (policy.resolve(user, argv, users)) {
            case ScriptPolicy.RunAs.Refused r -> throw refuse(argv, r.reason());
            case ScriptPolicy.RunAs.As a -> a;
        };
        String exe = executable(argv.getFirst());
        if (exe != null) {
            String real = files.realPath(exe);
            ScriptSecurity.Stat st = real == null ? null : files.lstat(real);
            if (ScriptSecurity.runsAsRoot(as.uid(), as.gid(), st)) secure(argv, exe, policy.security());
        }
        refusedOnce.remove(argv.getFirst());
        ScriptUsers.Ids self = users.self();
        if (as.uid() == self.uid() && as.gid() == self.gid()) return argv;
        if (self.uid() != 0) throw new Refusal("running a script as " + (as.user() == null ? "uid " + as.uid() : as.user()) + " needs root");
        // keepalived's child: setgid, setgroups to that one group, setuid; setpriv does the same before exec.
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + as.uid(), "--regid=" + as.gid(), "--groups=" + as.gid(), "--"));
        cmd.addAll(argv);
        return cmd;
    }

    private void secure(List<String> argv, String exe, boolean enforced) throws Refusal {
        String why = switch (ScriptSecurity.check(exe, files)) {
            case ScriptSecurity.Verdict.Safe s -> null;
            case ScriptSecurity.Verdict.Unsafe u -> "unsafe permissions: " + u.path() + " is " + u.why();
            case ScriptSecurity.Verdict.NotFound n -> enforced ? "cannot be accessed (" + n.path() + ")" : null;
            case ScriptSecurity.Verdict.WrongType w -> "wrong file type in the script's path: " + w.path();
        };
        if (why == null) {
            warned.remove(exe);
            return;
        }
        if (enforced) throw refuse(argv, "it would run as root and has " + why + " (enable_script_security)");
        if (warned.add(exe)) LOG.warn("Unsafe script {}: it runs as root and has {}; enable_script_security would refuse it", exe, why);
    }

    private Refusal refuse(List<String> argv, String reason) {
        String script = argv.getFirst();
        if (!reason.equals(refusedOnce.put(script, reason))) LOG.error("Script {} refused: {}", script, reason);
        return new Refusal("refused: " + reason);
    }

    /** The file the kernel would execute: the word itself when it holds a slash, else the first match on PATH. */
    private String executable(String word) {
        if (word.contains("/")) return java.nio.file.Path.of(word).toAbsolutePath().normalize().toString();
        String path = System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            java.nio.file.Path candidate = java.nio.file.Path.of(dir, word);
            if (java.nio.file.Files.isRegularFile(candidate) && java.nio.file.Files.isExecutable(candidate)) return candidate.toString();
        }
        return null;
    }

    private int kill(Process p) {
        // The script first, then what it started: killed child-first, a shell runs its next line in between (the
        // CI saw "sleep 30; echo done" print done after its timeout).
        List<ProcessHandle> all = new ArrayList<>();
        all.add(p.toHandle());
        all.addAll(p.descendants().toList());
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
