package io.vigil.daemon;

import io.vigil.config.GlobalDefs;
import io.vigil.sys.SdNotify;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The parent process of a running Vigil: the {@link Supervisor} of the VRRP and checker children, with keepalived's
 * signals and a local control socket. Started by {@code vigil} without {@code -t}/{@code -d}.
 */
public final class Daemon {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    /** Everything the parent needs from the command line. */
    public record Options(Path configFile, boolean vrrp, boolean checkers, boolean respawn, Path pidFile, Path vrrpPidFile,
                          Path checkersPidFile, Path controlSocket, Path dataDumpFile, Path statsDumpFile,
                          String configId, boolean compat, List<String> childJvmOptions, java.util.Optional<String> netNamespace) {

        public static final Path DEFAULT_PID = Path.of(ControlClient.DEFAULT_PID);
        public static final Path DEFAULT_VRRP_PID = Path.of("/run/vigil/vrrp.pid");
        public static final Path DEFAULT_CHECKERS_PID = Path.of("/run/vigil/checkers.pid");

        /** The control socket sits beside the parent's pid file, so {@code -p} alone tells a client where to look. */
        public static Path controlSocketFor(Path pidFile) {
            return ControlClient.socketFor(pidFile);
        }
    }

    private Daemon() {}

    /**
     * Starts the VRRP child before anything else of the parent (its logging, FFM set-up, signal handlers, supervisor):
     * the child's JVM boots while the parent does, so a (re)started master's first advert waits for one JVM start,
     * not two in series (docs/benchmarks/footprint.md, start-up timeline). Nothing is logged here (logging is not set
     * up yet): where the parent would refuse to run (already running, no such namespace) no child is started, and
     * {@link #run} says why. The child refuses a bad configuration itself, as a child started later does.
     */
    public static Process startVrrpEarly(Options options) {
        if (!options.vrrp() || refusal(options) != null) return null;
        try {
            return new ProcessBuilder(childCommand(Subsystem.Kind.VRRP, options)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException | RuntimeException e) {
            return null; // the supervisor starts it as usual and reports a failure then
        }
    }

    /** Why the parent must not run, or null. */
    private static String refusal(Options options) {
        if (options.netNamespace().isPresent() && !java.nio.file.Files.exists(DaemonPlacement.netnsPath(options.netNamespace().get()))) {
            return "namespace";
        }
        if (PidFiles.running(options.pidFile()).filter(p -> p.pid() != ProcessHandle.current().pid()).isPresent()) return "running";
        return null;
    }

    /** Runs the parent in the foreground until stopped; returns the exit status. */
    public static int run(Options options, Function<Path, List<String>> validator) throws IOException {
        return run(options, validator, null);
    }

    /** @param earlyVrrp the VRRP child from {@link #startVrrpEarly}, or null */
    public static int run(Options options, Function<Path, List<String>> validator, Process earlyVrrp) throws IOException {
        if (refusal(options) != null && earlyVrrp != null) earlyVrrp.destroyForcibly();
        if (options.netNamespace().isPresent() && !java.nio.file.Files.exists(DaemonPlacement.netnsPath(options.netNamespace().get()))) {
            LOG.error("Unable to set network namespace {}: {} does not exist - exiting", options.netNamespace().get(),
                    DaemonPlacement.netnsPath(options.netNamespace().get()));
            return 1;
        }
        if (PidFiles.running(options.pidFile()).filter(p -> p.pid() != ProcessHandle.current().pid()).isPresent()) {
            LOG.error("daemon is already running (pid file {})", options.pidFile());
            return 1;
        }
        List<Subsystem.Kind> kinds = new ArrayList<>();
        if (options.vrrp()) kinds.add(Subsystem.Kind.VRRP);
        if (options.checkers()) kinds.add(Subsystem.Kind.CHECKERS);
        Map<Subsystem.Kind, Path> childPids = new EnumMap<>(Subsystem.Kind.class);
        childPids.put(Subsystem.Kind.VRRP, options.vrrpPidFile());
        childPids.put(Subsystem.Kind.CHECKERS, options.checkersPidFile());
        Supervisor supervisor = new Supervisor(new Supervisor.Settings(options.configFile(), kinds, options.respawn(),
                options.pidFile(), childPids, options.dataDumpFile(), options.statsDumpFile(),
                kind -> childCommand(kind, options), validator, 1_000, 5_000, RestartPolicy.DEFAULT));
        if (earlyVrrp != null) supervisor.adopt(Subsystem.Kind.VRRP, earlyVrrp);
        LOG.info("Starting Vigil {} (config {}){}", Main.VERSION, options.configFile(),
                options.netNamespace().map(ns -> ", children in network namespace " + ns).orElse(""));
        SdNotify systemd = SdNotify.fromEnvironment();
        Runnable stop = () -> {
            systemd.stopping();
            supervisor.stop();
        };
        // Before the pid file exists: a signal sent to the pid in it must never meet the JVM's default (exit on HUP).
        Signals.install(supervisor, stop);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(supervisor::stop));
        // The children are spawned before the parent reads the configuration itself: their JVMs boot while it does
        // (start-up to the first advert is a target). A child loads the file through the same gate and refuses to run
        // a configuration with errors, so nothing reaches the network when the check below fails.
        DaemonSnmp snmp = new DaemonSnmp(supervisor.picture());
        supervisor.observe(snmp);
        supervisor.start();
        List<String> errors = validator.apply(options.configFile());
        if (!errors.isEmpty()) {
            errors.forEach(e -> LOG.error("{}", e));
            LOG.error("Configuration {} has {} error(s): not starting", options.configFile(), errors.size());
            supervisor.stop();
            return 1;
        }
        // startup_script now, before the children start their work (they wait for STARTUP_DONE when it is set);
        // shutdown_script once they have stopped, from the configuration in force then.
        AtomicReference<GlobalDefs.StartStopScripts> scripts = new AtomicReference<>(startStopScripts(options));
        childWaitTime(supervisor, options);
        supervisor.afterChildrenStopped(() -> StartStopScripts.shutdown(scripts.get()));
        StartStopScripts.startup(scripts.get());
        supervisor.startupDone();
        snmp.configure(options.configFile(), options.configId(), options.compat(), options.vrrp(), options.checkers());
        ObservationControl observation = new ObservationControl(supervisor.picture(), options.configFile(),
                new io.vigil.config.LoadOptions(options.configId(), options.compat()));
        observation.configure();
        Optional<String> ipvsAtStart = ipvsNamespace(options);
        ReloadTimeFile reloadTime = new ReloadTimeFile(() -> supervisor.reload().isEmpty());
        reloadSchedule(supervisor, reloadTime, options);
        supervisor.afterReload(() -> {
            observation.configure();
            reloadSchedule(supervisor, reloadTime, options);
            scripts.set(startStopScripts(options));
            childWaitTime(supervisor, options);
            warnOnPlacementChange(options, ipvsAtStart);
        });
        try (snmp; observation; reloadTime; ControlServer control = new ControlServer(options.controlSocket(), request -> handle(supervisor, request),
                observation::stream)) {
            if (systemd.enabled()) notifySystemd(systemd, supervisor);
            supervisor.awaitStopped();
        }
        LOG.info("Stopped");
        return 0;
    }

    /** As keepalived: net_namespace and instance are read at start only; a reload that changes them says so. */
    private static void warnOnPlacementChange(Options options, Optional<String> ipvsAtStart) {
        try {
            GlobalDefs.Placement now = CheckerSubsystem.load(options.configFile(), options.configId(), options.compat()).globalDefs().placement();
            if (!now.netNamespace().equals(options.netNamespace())) {
                LOG.warn("Cannot change network namespace at a reload - restart Vigil (still {})", options.netNamespace().orElse("the initial one"));
            }
            if (!now.ipvsNamespace().equals(ipvsAtStart)) {
                LOG.warn("Cannot change net_namespace_ipvs at a reload - restart Vigil (IPVS stays in {})",
                        ipvsAtStart.map(n -> n.isEmpty() ? "init's namespace" : n).orElse("the checker process's namespace"));
            }
        } catch (RuntimeException e) {
            // the reload itself reported the file
        }
    }

    /** net_namespace_ipvs as the checker process read it at start (it opens IPVS there once). */
    private static Optional<String> ipvsNamespace(Options options) {
        try {
            return CheckerSubsystem.load(options.configFile(), options.configId(), options.compat()).globalDefs().placement().ipvsNamespace();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** reload_time_file, reload_repeat and reload_file from the configuration in force (read again at each reload). */
    private static void reloadSchedule(Supervisor supervisor, ReloadTimeFile reloadTime, Options options) {
        GlobalDefs.ReloadSchedule s;
        try {
            s = CheckerSubsystem.load(options.configFile(), options.configId(), options.compat()).globalDefs().reloadSchedule();
        } catch (RuntimeException e) {
            LOG.warn("cannot read reload_time_file/reload_file: {}", e.getMessage());
            return;
        }
        supervisor.reloadFile(s.reloadFile().map(f -> f.isEmpty() ? ReloadFile.defaultFor(options.pidFile() != null ? options.pidFile() : Options.DEFAULT_PID) : Path.of(f)).orElse(null));
        reloadTime.configure(s.timeFile(), s.repeat());
    }

    /** child_wait_time from the configuration in force (read again at each reload, as keepalived). */
    private static void childWaitTime(Supervisor supervisor, Options options) {
        try {
            supervisor.childWaitSeconds(CheckerSubsystem.load(options.configFile(), options.configId(), options.compat()).globalDefs().childWaitSeconds());
        } catch (RuntimeException e) {
            LOG.warn("cannot read child_wait_time: {}", e.getMessage());
        }
    }

    private static GlobalDefs.StartStopScripts startStopScripts(Options options) {
        try {
            return CheckerSubsystem.load(options.configFile(), options.configId(), options.compat()).globalDefs().startStopScripts();
        } catch (RuntimeException e) {
            LOG.warn("cannot read startup_script/shutdown_script: {}", e.getMessage());
            return GlobalDefs.StartStopScripts.NONE;
        }
    }

    /**
     * READY=1 once every child has started; then, each second, STATUS= when the picture's one line changed (what
     * {@code systemctl status} shows), and WATCHDOG=1 at half systemd's interval while the children answer.
     */
    private static void notifySystemd(SdNotify systemd, Supervisor supervisor) {
        Thread.ofVirtual().name("sd-notify").start(() -> {
            if (!supervisor.awaitReady(Supervisor.START_ALLOWANCE_MILLIS)) return;
            systemd.ready();
            long halfMillis = systemd.watchdogMicros() / 2000;
            long tickMillis = halfMillis > 0 ? Math.min(STATUS_TICK_MILLIS, halfMillis) : STATUS_TICK_MILLIS;
            String shown = null;
            long nextWatchdog = 0;
            while (!supervisor.isStopping()) {
                String line = io.vigil.api.SystemdStatus.line(supervisor.picture().snapshot());
                if (!line.equals(shown)) systemd.status(shown = line);
                long now = System.nanoTime() / 1_000_000;
                if (halfMillis > 0 && now >= nextWatchdog) {
                    if (supervisor.healthy()) systemd.watchdog();
                    nextWatchdog = now + halfMillis;
                }
                try {
                    Thread.sleep(tickMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private static final long STATUS_TICK_MILLIS = 1_000;

    private static String handle(Supervisor supervisor, String request) {
        return switch (request) {
            case "status" -> io.vigil.api.StatusText.render(supervisor.picture().snapshot()) + "\n" + supervisor.status();
            case "status-json" -> io.vigil.api.StatusDocument.json(supervisor.picture().snapshot()) + "\n";
            case "reload" -> {
                List<String> errors = supervisor.reload();
                yield errors.isEmpty() ? "reloaded\n" : "reload rejected:\n" + String.join("\n", errors) + "\n";
            }
            case "dump-data" -> "wrote " + supervisor.dump(false) + "\n";
            case "dump-stats" -> "wrote " + supervisor.dump(true) + "\n";
            case "stop" -> {
                Thread.ofVirtual().start(supervisor::stop);
                yield "stopping\n";
            }
            default -> "unknown request '" + request + "' (status, status-json, events, events-json, reload, dump-data, dump-stats, stop)\n";
        };
    }

    /**
     * All Vigil JVMs of an installation map one AOT cache (the same {@code -XX:AOTCache} as the parent, so the
     * cache's pages are shared). It is made from the classes every process loaded in a training run
     * (bin/aot-train): there each child writes its own class list beside the parent's
     * ({@code vigil.classlist} -> {@code vigil-vrrp.classlist}).
     */
    static String childAotArgument(String arg, Subsystem.Kind kind) {
        String option = "-XX:DumpLoadedClassList=";
        if (!arg.startsWith(option)) return arg;
        String path = arg.substring(option.length());
        int dot = path.lastIndexOf('.');
        String own = dot > path.lastIndexOf('/') ? path.substring(0, dot) + "-" + kind.flag() + path.substring(dot)
                : path + "-" + kind.flag();
        return option + own;
    }

    /**
     * The footprint settings (C1 only, one compiler thread, methods compiled only when ten times as hot) suit the VRRP
     * and checker children, whose work is light;
     * the proxy child forwards every byte of traffic and gets the full JIT.
     */
    static boolean keepForChild(String jvmArgument, Subsystem.Kind kind) {
        if (kind != Subsystem.Kind.PROXY) return true;
        return !jvmArgument.startsWith("-XX:TieredStopAtLevel=") && !jvmArgument.startsWith("-XX:CICompilerCount=")
                && !jvmArgument.startsWith("-XX:CompileThresholdScaling=");
    }

    static List<String> childCommand(Subsystem.Kind kind, Options options) {
        List<String> cmd = new ArrayList<>();
        // net_namespace: the child runs inside /run/netns/NAME from its first instruction, as keepalived's children
        // (forked after its parent's setns); a JVM cannot move itself, setns acting on one thread only.
        options.netNamespace().ifPresent(ns -> cmd.addAll(List.of("nsenter", "--net=" + DaemonPlacement.netnsPath(ns), "--")));
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-agentlib") || arg.startsWith("-javaagent") || !keepForChild(arg, kind)) continue;
            cmd.add(childAotArgument(arg, kind));
        }
        cmd.addAll(options.childJvmOptions());
        cmd.add("-Dvigil.process=" + kind.flag());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ChildMain.class.getName());
        cmd.add(kind.flag());
        cmd.add(options.configFile().toAbsolutePath().toString());
        if (options.configId() != null) cmd.add("--config-id=" + options.configId());
        if (options.compat()) cmd.add("--compat");
        // -C: no VRRP child, so no BFD there; keepalived runs its BFD process with its checkers then
        if (kind == Subsystem.Kind.CHECKERS && !options.vrrp()) cmd.add(ChildProtocol.RUNS_BFD_ARGUMENT);
        return cmd;
    }
}
