package io.vigil.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The watchdog parent: starts the VRRP and checker children, answers for them to signals, restarts a dead or hung
 * one while the other keeps running, and remembers the VRRP states so a restarted VRRP child resumes its role; it relays
 * them to the checker child too, which runs the IPVS sync daemons of {@code lvs_sync_daemon} ({@link VrrpStateRelay}).
 */
public final class Supervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    /**
     * @param childCommand    the command that starts a child of a kind (JVM, classpath, {@link ChildMain}, kind, config)
     * @param validator       reads a configuration and returns its error diagnostics (empty when it may be applied)
     */
    public record Settings(Path configFile, List<Subsystem.Kind> kinds, boolean respawn, Path pidFile,
                           Map<Subsystem.Kind, Path> childPidFiles, Path dataDumpFile, Path statsDumpFile,
                           Function<Subsystem.Kind, List<String>> childCommand, Function<Path, List<String>> validator,
                           long heartbeatIntervalMillis, long heartbeatTimeoutMillis, RestartPolicy restartPolicy) {}

    /** How long a starting child may take to report READY before it counts as hung. */
    static final long START_ALLOWANCE_MILLIS = 60_000;

    private final Settings settings;
    private final Map<Subsystem.Kind, ChildHandle> children = new EnumMap<>(Subsystem.Kind.class);
    private final Map<Subsystem.Kind, Integer> youngDeaths = new EnumMap<>(Subsystem.Kind.class);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("vigil-watchdog").factory());
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile boolean stopping;
    /** stop() ran (under the monitor); {@link #stopping} may be set earlier, by {@link #stopVrrpFirst()}. */
    private boolean stopStarted;
    /** The VRRP child, read by {@link #stopVrrpFirst()} without the monitor. */
    private volatile ChildHandle vrrpChild;
    private long pingSeq;
    private final WatchdogLag watchdogLag;
    /** After a tick that came late (this process stopped or starved), children's silence counts from then. */
    private volatile long silenceFromNanos = Long.MIN_VALUE;
    /** What the children report, kept here so a child's death never takes the view away. */
    private final io.vigil.observe.ClusterPicture picture = new io.vigil.observe.ClusterPicture(hostName(), System::currentTimeMillis);

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    private volatile Runnable afterReload = () -> { };

    private volatile Runnable afterChildrenStopped = () -> { };
    private volatile boolean startupDone;

    /** Runs once every child has stopped, before the pid file goes (keepalived's shutdown_script). */
    /** keepalived's child_wait_time: how long, in all, stop() waits for the children before killing them. */
    private volatile long childWaitMillis = 5_000;

    public void childWaitSeconds(int seconds) {
        childWaitMillis = seconds * 1000L;
    }

    public void afterChildrenStopped(Runnable r) {
        afterChildrenStopped = r;
    }

    /**
     * The startup script has ended (or there is none to wait for): the children waiting for it start their work, and
     * any child started from now on does not wait.
     */
    public synchronized void startupDone() {
        startupDone = true;
        for (ChildHandle child : children.values()) {
            child.startupDone = true;
            child.send(ChildProtocol.STARTUP_DONE);
        }
    }

    /** keepalived's reload_file of the configuration in force (null: none): present while a reload reads the files. */
    private volatile Path reloadFile;

    public void reloadFile(Path file) {
        reloadFile = file;
    }

    /** Runs after every applied reload (the parent's own settings: the HTTP endpoint). */
    public void afterReload(Runnable r) {
        afterReload = r;
    }

    public io.vigil.observe.ClusterPicture picture() {
        return picture;
    }

    public Supervisor(Settings settings) {
        this.settings = settings;
        this.watchdogLag = new WatchdogLag(settings.heartbeatIntervalMillis());
    }

    /** What the children report, for the parent's own views (SNMP); set before {@link #start}. */
    public interface Observer {
        void instanceState(String instance, String state);

        /** A reload was accepted and handed to the children. */
        void reloaded();

        Observer NONE = new Observer() {
            public void instanceState(String instance, String state) { }
            public void reloaded() { }
        };
    }

    private volatile Observer observer = Observer.NONE;

    public void observe(Observer observer) {
        this.observer = observer;
    }

    /** Children started before the supervisor (the VRRP child, {@link Daemon#startVrrpEarly}), taken over by {@link #start}. */
    private final Map<Subsystem.Kind, Process> early = new java.util.EnumMap<>(Subsystem.Kind.class);

    /** Takes over a child process already started with this kind's command; a stop before {@link #start} ends it. */
    public synchronized void adopt(Subsystem.Kind kind, Process process) {
        if (stopping) process.destroyForcibly();
        else early.put(kind, process);
    }

    /** Synchronized with {@link #stop()}: a TERM during the start waits for it, then stops every child it launched. */
    public synchronized void start() throws IOException {
        if (stopping) { // stopped before it started
            early.values().forEach(Process::destroyForcibly);
            early.clear();
            return;
        }
        if (settings.pidFile() != null) PidFiles.write(settings.pidFile(), ProcessHandle.current().pid());
        for (Subsystem.Kind kind : settings.kinds()) {
            ChildHandle child = new ChildHandle(kind, settings.childCommand().apply(kind), settings.childPidFiles().get(kind), this::onDesired,
                    kind == Subsystem.Kind.VRRP ? this::onVrrpState : (instance, state) -> { });
            children.put(kind, child);
            child.onEvent = picture::apply;
            child.startupDone = startupDone;
            if (kind == Subsystem.Kind.VRRP) {
                vrrpChild = child;
                child.onBfd = vrrpStates::reportBfd; // BFD runs in the VRRP child; BFD_CHECK in the checker child
            }
            Process started = early.remove(kind);
            if (started != null) child.adopt(started);
            launch(child);
        }
        early.values().forEach(Process::destroyForcibly); // (a kind not run: none in practice)
        early.clear();
        long every = settings.heartbeatIntervalMillis();
        timer.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    private void launch(ChildHandle child) throws IOException {
        // The checker child owns the IPVS data plane and so the sync daemons (lvs_sync_daemon): it starts with the
        // VRRP states known now and gets every later one, so a restarted one runs the daemon matching the last state.
        Process p = child.kind == Subsystem.Kind.CHECKERS ? vrrpStates.startFollower(child::start, child::send) : child.start();
        picture.apply(new io.vigil.observe.ObsEvent.ChildLife(System.currentTimeMillis(), child.kind.vigilIdent(), p.pid(), true, null, child.restarts));
        p.onExit().thenAccept(dead -> onChildExit(child, dead));
        if (child.kind == Subsystem.Kind.PROXY) {
            // A (re)started proxy serves the last desired state at once, before the checkers say anything new.
            child.ready().thenRun(() -> {
                String last = lastDesired;
                if (last != null) child.send(ChildProtocol.APPLY + " " + last);
            });
        }
    }

    private void onVrrpState(String instance, String state) {
        vrrpStates.report(instance, state);
        observer.instanceState(instance, state);
    }

    /** The VRRP child's states, relayed to the checker child. */
    private final VrrpStateRelay vrrpStates = new VrrpStateRelay();

    /** The desired data-plane state last sent by the checker child (base64), replayed to a restarted proxy child. */
    private volatile String lastDesired;

    /** The checker child wants the userspace proxy: start the proxy child on first use, and hand the state on. */
    private synchronized void onDesired(String b64) {
        lastDesired = b64;
        if (stopping) return;
        ChildHandle proxy = children.get(Subsystem.Kind.PROXY);
        if (proxy == null) {
            proxy = new ChildHandle(Subsystem.Kind.PROXY, settings.childCommand().apply(Subsystem.Kind.PROXY),
                    settings.childPidFiles().get(Subsystem.Kind.PROXY), this::onDesired);
            children.put(Subsystem.Kind.PROXY, proxy);
            proxy.startupDone = true; // the proxy child never waits: the checker child starts it
            proxy.onEvent = picture::apply;
            proxy.onProxyStats = this::onProxyStats;
            try {
                launch(proxy);
            } catch (IOException e) {
                LOG.error("cannot start the proxy child: {}", e.toString());
            }
            return; // the READY hook sends the state
        }
        if (proxy.ready().isDone()) proxy.send(ChildProtocol.APPLY + " " + b64);
    }

    /** The proxy child's counters go on to the checker child, which reports them as its data plane's. */
    private synchronized void onProxyStats(String b64) {
        ChildHandle checkers = children.get(Subsystem.Kind.CHECKERS);
        if (!stopping && checkers != null && checkers.ready().isDone()) checkers.send(ChildProtocol.PROXY_STATS + " " + b64);
    }

    private synchronized void onChildExit(ChildHandle child, Process dead) {
        if (stopping || child.process() != dead) return;
        child.diedAtMillis = System.currentTimeMillis();
        long uptimeMillis = (System.nanoTime() - child.startedNanos()) / 1_000_000;
        String how = dead.exitValue() > 128 ? "signal " + (dead.exitValue() - 128) : "status " + dead.exitValue();
        picture.apply(new io.vigil.observe.ObsEvent.ChildLife(child.diedAtMillis, child.kind.vigilIdent(), dead.pid(), false, how,
                child.restarts + (settings.respawn() ? 1 : 0)));
        if (!settings.respawn()) {
            LOG.warn("{} child process({}) died ({}): respawn disabled, stopping", child.kind.keepalivedIdent(), dead.pid(), how);
            stop();
            return;
        }
        int young = uptimeMillis < settings.restartPolicy().stableAfterMillis() ? youngDeaths.merge(child.kind, 1, Integer::sum) - 1 : 0;
        if (uptimeMillis >= settings.restartPolicy().stableAfterMillis()) youngDeaths.put(child.kind, 0);
        long delay = settings.restartPolicy().delayMillis(uptimeMillis, young);
        LOG.warn("{} child process({}) died ({}) after {} ms: restarting in {} ms", child.kind.keepalivedIdent(), dead.pid(), how, uptimeMillis, delay);
        child.restarts++;
        timer.schedule(() -> relaunch(child), delay, TimeUnit.MILLISECONDS);
    }

    private synchronized void relaunch(ChildHandle child) {
        if (stopping) return;
        try {
            launch(child);
        } catch (IOException e) {
            LOG.error("cannot restart {}: {}", child.kind.vigilIdent(), e.toString());
            timer.schedule(() -> relaunch(child), 1, TimeUnit.SECONDS);
        }
    }

    private synchronized void heartbeat() {
        if (stopping) return;
        pingSeq++;
        long now = System.nanoTime();
        long lateNanos = watchdogLag.tick(now);
        if (watchdogLag.stalled(lateNanos)) {
            LOG.warn("watchdog ran {} ms late (this process was stopped or starved): children's silence is counted from now", lateNanos / 1_000_000);
            silenceFromNanos = now;
        }
        for (ChildHandle child : children.values()) {
            Process p = child.process();
            if (p == null || !p.isAlive()) continue;
            long silentMillis = (now - Math.max(child.lastPongNanos(), silenceFromNanos)) / 1_000_000;
            // Until READY the child is starting (JVM start, config load): it gets the start allowance instead.
            long allowedMillis = child.ready().isDone() ? settings.heartbeatTimeoutMillis() : START_ALLOWANCE_MILLIS;
            if (silentMillis > allowedMillis) {
                LOG.warn("{} child process({}) has not answered for {} ms: killing it", child.kind.keepalivedIdent(), p.pid(), silentMillis);
                p.destroyForcibly();
                continue;
            }
            child.send(ChildProtocol.PING + " " + pingSeq);
        }
    }

    /** SIGHUP: validate the new configuration in the parent, then have each child apply only the difference. */
    public List<String> reload() {
        Path file = reloadFile;
        ReloadFile.create(file);
        try {
            return reloadReading();
        } finally {
            ReloadFile.remove(file); // the parent and every child have read the files
        }
    }

    private List<String> reloadReading() {
        List<String> errors = settings.validator().apply(settings.configFile());
        if (!errors.isEmpty()) {
            errors.forEach(e -> LOG.error("Reload rejected: {}", e));
            LOG.error("Reload rejected: {} error(s) in {}; the running configuration stays in force", errors.size(), settings.configFile());
            picture.apply(new io.vigil.observe.ObsEvent.Reload(System.currentTimeMillis(), "rejected", errors.getFirst()));
            return errors;
        }
        LOG.info("Reloading configuration from {}", settings.configFile());
        List<String> results = new ArrayList<>();
        String failed = null;
        for (ChildHandle child : children.values()) {
            try {
                results.add(child.kind.vigilIdent() + ": " + child.request(ChildProtocol.RELOAD).join());
            } catch (RuntimeException e) {
                LOG.error("{} reload failed: {}", child.kind.vigilIdent(), e.getMessage());
                failed = child.kind.vigilIdent() + ": " + e.getMessage();
            }
        }
        results.forEach(r -> LOG.info("Reloaded {}", r));
        observer.reloaded();
        picture.apply(new io.vigil.observe.ObsEvent.Reload(System.currentTimeMillis(), failed == null ? "applied" : "failed",
                failed == null ? String.join("; ", results) : failed));
        afterReload.run();
        return List.of();
    }

    /** SIGUSR1 (data) and SIGUSR2 (stats): each child's dump, appended to keepalived's dump file. */
    public Path dump(boolean stats) {
        Path file = stats ? settings.statsDumpFile() : settings.dataDumpFile();
        StringBuilder text = new StringBuilder();
        for (ChildHandle child : children.values()) {
            try {
                text.append(child.request(ChildProtocol.DUMP, stats ? "stats" : "data").join());
            } catch (RuntimeException e) {
                text.append("! ").append(child.kind.vigilIdent()).append(": ").append(e.getMessage()).append('\n');
            }
        }
        try {
            Files.writeString(file, text);
            LOG.info("Wrote {} dump to {}", stats ? "stats" : "data", file);
        } catch (IOException e) {
            LOG.error("cannot write {}: {}", file, e.toString());
        }
        return file;
    }

    /** Status of every running child, for {@code vigil status}. */
    public String status() {
        StringBuilder text = new StringBuilder();
        for (ChildHandle child : children.values()) {
            try {
                text.append(child.request(ChildProtocol.STATUS).join());
            } catch (RuntimeException e) {
                text.append(child.kind.vigilIdent()).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return text.toString();
    }

    /** Waits until every child has reported READY once (or died trying). */
    public boolean awaitReady(long timeoutMillis) {
        try {
            CompletableFuture.allOf(children.values().stream().map(ChildHandle::ready).toArray(CompletableFuture[]::new))
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** True while every child is alive and has answered its last heartbeats (systemd's watchdog is fed only then). */
    public boolean healthy() {
        long now = System.nanoTime();
        for (ChildHandle child : children.values()) {
            Process p = child.process();
            if (p == null || !p.isAlive()) return false;
            if ((now - Math.max(child.lastPongNanos(), silenceFromNanos)) / 1_000_000 > settings.heartbeatTimeoutMillis()) return false;
        }
        return true;
    }

    public boolean isStopping() {
        return stopping;
    }

    /** Child pid of a kind, for tests and status. */
    public long childPid(Subsystem.Kind kind) {
        ChildHandle c = children.get(kind);
        return c == null || c.process() == null ? -1 : c.process().pid();
    }

    public int restarts(Subsystem.Kind kind) {
        ChildHandle c = children.get(kind);
        return c == null ? 0 : c.restarts;
    }

    public Map<String, String> rememberedStates(Subsystem.Kind kind) {
        return children.get(kind).lastStates();
    }

    /** The latest advert the VRRP child reported per instance (epoch ms), passed to its successor. */
    public Map<String, Long> lastAdverts(Subsystem.Kind kind) {
        return children.get(kind).lastAdverts();
    }

    /**
     * The first thing of a stop, on the signal's thread and without the monitor (a heartbeat or a reload may hold it):
     * the VRRP child gets STOP at once, so its priority-0 adverts leave before the rest of the stop. Nothing is
     * restarted from here on. {@link #stop()} follows and sends STOP again, which a stopping child ignores.
     */
    public void stopVrrpFirst() {
        stopping = true;
        ChildHandle vrrp = vrrpChild;
        if (vrrp != null) vrrp.sendStop();
    }

    /** SIGTERM/SIGINT: children stop gracefully (priority-0 adverts, VIPs removed), then the parent exits. */
    public synchronized void stop() {
        if (stopStarted) return;
        stopStarted = true;
        stopping = true;
        LOG.info("Stopping");
        early.values().forEach(Process::destroyForcibly); // started early, never taken over: no child of ours yet
        early.clear();
        for (ChildHandle child : children.values()) child.send(ChildProtocol.STOP);
        long waitMillis = childWaitMillis;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        for (ChildHandle child : children.values()) {
            Process p = child.process();
            if (p == null) continue;
            try {
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    LOG.warn("{} process failed to die in {} ms (child_wait_time) - forcing termination", child.kind.vigilIdent(), waitMillis);
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
                child.awaitOutputRead(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            child.removePidFile();
        }
        timer.shutdownNow();
        try {
            afterChildrenStopped.run();
        } catch (RuntimeException e) {
            LOG.warn("after the children stopped: {}", e.toString());
        }
        if (settings.pidFile() != null) {
            try {
                Files.deleteIfExists(settings.pidFile());
            } catch (IOException ignored) {
                // best effort at exit
            }
        }
        stopped.complete(null);
    }

    public void awaitStopped() {
        stopped.join();
    }

    @Override
    public void close() {
        stop();
    }
}
