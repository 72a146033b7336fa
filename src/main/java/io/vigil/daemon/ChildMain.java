package io.vigil.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Entry point of a supervised child process: runs one {@link Subsystem} and answers the parent over
 * {@link ChildProtocol}. Arguments: {@code KIND CONFIG [INSTANCE=STATE ...]}.
 */
public final class ChildMain {
    private static final Logger LOG = LoggerFactory.getLogger(ChildMain.class);

    private final PrintStream toParent;
    private final Subsystem subsystem;

    ChildMain(PrintStream toParent, Subsystem subsystem) {
        this.toParent = toParent;
        this.subsystem = subsystem;
    }

    public static void main(String[] args) throws Exception {
        // stdout is the protocol channel: nothing else may print there.
        PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        Subsystem.Kind kind = Subsystem.Kind.valueOf(args[0].toUpperCase(java.util.Locale.ROOT));
        ConfigSave.process = switch (kind) {
            case VRRP -> "vrrp";
            case CHECKERS -> "check";
            case PROXY -> "proxy";
        };
        if (System.getProperty("vigil.log.syslog") != null) Logging.configure(Logging.Settings.fromSystemProperties(), kind);
        String unnamed = io.vigil.sys.ProcessName.set(kind.vigilIdent()); // pgrep vigil-vrrp finds it
        if (unnamed != null) LOG.warn("{}", unnamed);
        UmaskSetting.applyChildDefault();
        Path config = Path.of(args[1]);
        Map<String, String> resumed = new LinkedHashMap<>();
        String configId = null;
        boolean compat = false;
        long diedAt = 0;
        boolean startupDone = false;
        Map<String, Long> lastAdverts = new LinkedHashMap<>();
        Map<String, Boolean> bfdStates = new LinkedHashMap<>();
        boolean runsBfd = false;
        for (int i = 2; i < args.length; i++) {
            if (args[i].startsWith("--config-id=")) configId = args[i].substring("--config-id=".length());
            else if (args[i].equals(ChildProtocol.RUNS_BFD_ARGUMENT)) runsBfd = true;
            else if (args[i].startsWith(ChildProtocol.BFD_STATE_ARGUMENT) && args[i].lastIndexOf('=') > ChildProtocol.BFD_STATE_ARGUMENT.length()) {
                String v = args[i].substring(ChildProtocol.BFD_STATE_ARGUMENT.length());
                bfdStates.put(v.substring(0, v.lastIndexOf('=')), v.substring(v.lastIndexOf('=') + 1).equals("up"));
            }
            else if (args[i].startsWith("--previous-death=")) diedAt = Long.parseLong(args[i].substring("--previous-death=".length()));
            else if (args[i].equals("--compat")) compat = true;
            else if (args[i].equals(ChildProtocol.STARTUP_DONE_ARGUMENT)) startupDone = true;
            else if (args[i].startsWith("--last-advert=") && args[i].lastIndexOf('@') > 0) {
                String v = args[i].substring("--last-advert=".length());
                lastAdverts.put(v.substring(0, v.lastIndexOf('@')), Long.parseLong(v.substring(v.lastIndexOf('@') + 1)));
            }
            else if (args[i].indexOf('=') > 0) resumed.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
        }
        Subsystem subsystem = Subsystems.create(kind);
        ChildMain child = new ChildMain(protocol, subsystem);
        // keepalived runs startup_script before it starts its VRRP and checker processes: these wait for it here.
        child.awaitStartupScript = !startupDone && kind != Subsystem.Kind.PROXY
                && CheckerSubsystem.preload(config, configId, compat).globalDefs().startStopScripts().startup().isPresent();
        ParentOutbox outbox = new ParentOutbox(child::send);
        child.outbox = outbox;
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(child::stop));
        // A TERM for the whole process group (systemd, kill -- -PGID) reaches this child too: it starts its own stop
        // at once rather than waiting for the parent's STOP, and exits through the shutdown hook as the JVM would.
        Signals.installChildStop(subsystem::beginStop);
        int exit = child.run(new Subsystem.Context(config, configId, compat, resumed, diedAt, lastAdverts, bfdStates, runsBfd, new Subsystem.StateSink() {
            @Override
            public void instanceState(String instance, String state) {
                outbox.line(ChildProtocol.STATE + " " + instance + " " + state);
            }

            @Override
            public void desiredState(String text) {
                outbox.line(ChildProtocol.DESIRED + " " + ChildProtocol.encode(text));
            }

            @Override
            public void advertSent(String instance, long epochMillis) {
                outbox.advert(instance, epochMillis);
            }

            @Override
            public void event(io.vigil.observe.ObsEvent event) {
                outbox.event(event);
            }

            @Override
            public void counters(String key, io.vigil.observe.ObsEvent counters) {
                outbox.counters(key, counters);
            }

            @Override
            public void proxyStats(String text) {
                outbox.line(ChildProtocol.PROXY_STATS + " " + ChildProtocol.encode(text));
            }

            @Override
            public void bfdState(String session, boolean up) {
                outbox.line(ChildProtocol.BFD + " " + session + " " + ChildProtocol.bfdWord(up));
            }
        }));
        System.exit(exit);
    }

    /**
     * How long one command may run before the child stops answering pings: far above any reload on a loaded machine,
     * well below the point where a hung child should be left alone.
     */
    static final long COMMAND_ALLOWANCE_MILLIS = 60_000;

    /** The parent's commands other than PING, in order. */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("vigil-command").factory());
    private volatile long busySinceNanos;
    private volatile boolean stopped;
    /**
     * The working threads' lines to the parent; flushed after the subsystem stopped (its last transitions go out).
     * Null in tests that drive {@link #run} directly.
     */
    private volatile ParentOutbox outbox;

    private synchronized void stop() {
        if (stopped) return;
        stopped = true;
        try {
            subsystem.close();
        } catch (RuntimeException e) {
            LOG.warn("stopping: {}", e.toString());
        }
        try {
            ParentOutbox o = outbox;
            if (o != null) o.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Not on this object's monitor: {@link #stop()} holds it while the subsystem closes, and a closing VRRP runtime
     * still reports its last transitions (STOP) through here from its own thread; sharing the monitor deadlocked the
     * two until the runtime's 5 s close timeout, and the parent killed the child meanwhile.
     */
    private void send(String line) {
        synchronized (toParent) {
            toParent.println(line);
        }
    }

    int run(Subsystem.Context context) throws Exception {
        return run(context, System.in);
    }

    /**
     * Reads the parent's commands. PING is answered here at once; every other command runs in order on one worker
     * thread, so a reload that takes long on a loaded machine (a configuration to read, the VRRP thread to reach) does
     * not silence the heartbeat and get the child killed half-way. A command still running after
     * {@link #COMMAND_ALLOWANCE_MILLIS} leaves the pings unanswered, and the parent kills the hung child.
     */
    int run(Subsystem.Context context, InputStream commands) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(commands, StandardCharsets.UTF_8));
        if (awaitStartupScript && !awaitStartupDone(in)) {
            worker.shutdown();
            return 0;
        }
        subsystem.start(context);
        send(ChildProtocol.READY);
        for (String relayed : deferred) worker.execute(() -> perform(relayed.trim().split(" "), relayed));
        deferred.clear();
        try {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.trim().split(" ");
                switch (f[0]) {
                    case ChildProtocol.PING -> {
                        if (!busyTooLong()) send(ChildProtocol.PONG + " " + (f.length > 1 ? f[1] : "0"));
                    }
                    case ChildProtocol.STOP -> {
                        subsystem.beginStop(); // the priority-0 adverts leave now, not behind a command still running
                        worker.submit(this::stop).get();
                        return 0;
                    }
                    default -> {
                        String command = line;
                        worker.execute(() -> perform(f, command));
                    }
                }
            }
            subsystem.beginStop();
            LOG.info("parent gone: stopping");
            worker.submit(this::stop).get();
            return 0;
        } finally {
            worker.shutdown();
        }
    }

    /** Set when this child's configuration has a startup_script that had not ended when the child was started. */
    volatile boolean awaitStartupScript;
    /** States relayed by the parent while the startup script ran (VRRP_STATE, BFD_STATE): applied once started, in order. */
    private final java.util.List<String> deferred = new java.util.ArrayList<>();

    /**
     * Before the subsystem starts: answers PINGs until the parent says the startup script has ended (true), or stops
     * (false: STOP or the parent gone). Other commands get an error: there is nothing to report yet.
     */
    private boolean awaitStartupDone(BufferedReader in) throws java.io.IOException {
        LOG.info("waiting for the startup script to end before starting");
        String line;
        while ((line = in.readLine()) != null) {
            String[] f = line.trim().split(" ");
            switch (f[0]) {
                case ChildProtocol.PING -> send(ChildProtocol.PONG + " " + (f.length > 1 ? f[1] : "0"));
                case ChildProtocol.STARTUP_DONE -> {
                    return true;
                }
                case ChildProtocol.STOP -> {
                    stopped = true; // nothing was started
                    return false;
                }
                case ChildProtocol.VRRP_STATE, ChildProtocol.BFD_STATE -> deferred.add(line);
                default -> {
                    if (f.length > 1 && !f[0].equals(ChildProtocol.APPLY) && !f[0].equals(ChildProtocol.PROXY_STATS)) {
                        send(ChildProtocol.ERROR + " " + f[1] + " " + ChildProtocol.encode("not started yet: the startup script is running"));
                    }
                }
            }
        }
        stopped = true;
        return false;
    }

    private boolean busyTooLong() {
        long since = busySinceNanos;
        return since != 0 && System.nanoTime() - since > COMMAND_ALLOWANCE_MILLIS * 1_000_000;
    }

    /** One command from the parent, on the worker thread. */
    private void perform(String[] f, String line) {
        busySinceNanos = System.nanoTime();
        try {
            switch (f[0]) {
                case ChildProtocol.RELOAD -> answer(f[1], () -> {
                    ConfigSave.reload(false, () -> subsystem.dump(false)); // config_save_dir of the configuration in force
                    String result = subsystem.reload();
                    ConfigSave.reload(true, () -> subsystem.dump(false)); // and of the new one
                    return result;
                });
                case ChildProtocol.STATUS -> answer(f[1], subsystem::status);
                case ChildProtocol.DUMP -> answer(f[1], () -> subsystem.dump(f.length > 2 && f[2].equals("stats")));
                case ChildProtocol.APPLY -> {
                    try {
                        subsystem.receive(ChildProtocol.APPLY, ChildProtocol.decode(f[1]));
                    } catch (RuntimeException e) {
                        LOG.error("cannot apply the desired state: {}", e.toString());
                    }
                }
                case ChildProtocol.VRRP_STATE -> {
                    if (f.length == 3) subsystem.receive(ChildProtocol.VRRP_STATE, f[1] + " " + f[2]);
                }
                case ChildProtocol.BFD_STATE -> {
                    if (f.length == 3) subsystem.receive(ChildProtocol.BFD_STATE, f[1] + " " + f[2]);
                }
                case ChildProtocol.PROXY_STATS -> {
                    if (f.length == 2) subsystem.receive(ChildProtocol.PROXY_STATS, ChildProtocol.decode(f[1]));
                }
                case ChildProtocol.STARTUP_DONE -> { } // this child did not wait (no startup_script, or started after it)
                default -> LOG.warn("unknown command from parent: {}", line);
            }
        } catch (RuntimeException e) {
            LOG.error("command '{}' failed: {}", f[0], e.toString());
        } finally {
            busySinceNanos = 0;
        }
    }

    private void answer(String id, java.util.concurrent.Callable<String> action) {
        try {
            send(ChildProtocol.REPLY + " " + id + " " + ChildProtocol.encode(action.call()));
        } catch (Exception e) {
            LOG.warn("command {} failed: {}", id, e.toString());
            send(ChildProtocol.ERROR + " " + id + " " + ChildProtocol.encode(String.valueOf(e.getMessage())));
        }
    }
}
