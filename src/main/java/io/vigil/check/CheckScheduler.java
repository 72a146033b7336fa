package io.vigil.check;

import io.vigil.check.probe.Probe;
import io.vigil.sys.ScriptRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Runs every checker in its own virtual thread, so a slow or hung server delays nobody else's check, except
 * TCP_CHECK: all of those share one event loop ({@link TcpCheckLoop}), which never blocks on a server. Each loop
 * probes, feeds its {@link HealthTracker} and sends what changed as {@link CheckEvent}s to the sink. The next check
 * is due {@code delay} after the previous one was due (fixed rate, so a busy machine does not stretch delay_loop);
 * a check that overran by more than a whole delay starts at once instead of catching up with a burst. keepalived
 * counts delay_loop from the end of the check instead: there a 5 s timeout with delay_loop 1 s gives a 6 s period.
 * Checks run whatever the node's VRRP state.
 */
public final class CheckScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CheckScheduler.class);

    private final List<VirtualServerSettings> virtualServers;
    private final Consumer<CheckEvent> sink;
    private final ScriptRunner scripts;
    private final List<Thread> threads = new ArrayList<>();
    private final LongAdder checksRun = new LongAdder();
    private final java.util.Map<String, CheckerStatus> status = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean running;
    private TcpCheckLoop tcpLoop;
    private boolean tcpLoopFailed;
    private final PoolListener observer;

    private final java.util.Map<CheckerIdentity, HealthTracker.State> carried;
    private final java.util.Map<CheckerIdentity, HealthTracker> trackers = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Boolean> bfdStates;

    /** A BFD_CHECK: no thread, its session's events drive its tracker (retry 0), under this scheduler's monitor. */
    private record BfdWatch(VirtualServerSettings vs, RealServerSettings rs, int id, CheckerSettings.Bfd settings, HealthTracker tracker) { }

    private final java.util.Map<String, List<BfdWatch>> bfdWatches = new java.util.HashMap<>();
    private int bfdWatchCount;

    public CheckScheduler(List<VirtualServerSettings> virtualServers, Consumer<CheckEvent> sink, ScriptRunner scripts) {
        this(virtualServers, sink, scripts, java.util.Map.of());
    }

    /** With checker states carried over from a previous scheduler (a reload). */
    public CheckScheduler(List<VirtualServerSettings> virtualServers, Consumer<CheckEvent> sink, ScriptRunner scripts,
                          java.util.Map<CheckerIdentity, HealthTracker.State> carried) {
        this(virtualServers, sink, scripts, carried, new PoolListener() {
            @Override
            public void onPoolChanged(VirtualServerKey vs, DesiredPool pool) {
            }
        });
    }

    /** With an observer of every probe and verdict (metrics), called on the checkers' threads. */
    public CheckScheduler(List<VirtualServerSettings> virtualServers, Consumer<CheckEvent> sink, ScriptRunner scripts,
                          java.util.Map<CheckerIdentity, HealthTracker.State> carried, PoolListener observer) {
        this(virtualServers, sink, scripts, carried, observer, java.util.Map.of());
    }

    /**
     * With the BFD sessions' states known now ({@code bfdStates}, session name to up): a BFD_CHECK without a carried
     * state starts from its session's known state (as having run), one whose session is unknown as any checker does.
     */
    public CheckScheduler(List<VirtualServerSettings> virtualServers, Consumer<CheckEvent> sink, ScriptRunner scripts,
                          java.util.Map<CheckerIdentity, HealthTracker.State> carried, PoolListener observer,
                          java.util.Map<String, Boolean> bfdStates) {
        this.bfdStates = java.util.Map.copyOf(bfdStates);
        this.observer = observer;
        this.virtualServers = List.copyOf(virtualServers);
        this.sink = sink;
        this.scripts = scripts;
        this.carried = java.util.Map.copyOf(carried);
    }

    /** The state of every checker; call after {@link #close()} (the loops own their trackers while running). */
    public java.util.Map<CheckerIdentity, HealthTracker.State> trackerStates() {
        java.util.Map<CheckerIdentity, HealthTracker.State> out = new java.util.HashMap<>();
        trackers.forEach((id, t) -> out.put(id, t.state()));
        return out;
    }

    public synchronized void start() {
        if (running) throw new IllegalStateException("already started");
        running = true;
        CheckerRun.Outputs outputs = new CheckerRun.Outputs(sink, observer, status, checksRun);
        for (VirtualServerSettings vs : virtualServers) {
            for (RealServerSettings rs : vs.realServers()) {
                List<CheckerIdentity> ids = CheckerIdentity.of(vs.key(), rs);
                for (int i = 0; i < rs.checkers().size(); i++) {
                    CheckerSettings c = rs.checkers().get(i);
                    if (c instanceof CheckerSettings.Bfd b) {
                        HealthTracker.State before = carried.get(ids.get(i));
                        Boolean known = bfdStates.get(b.session());
                        HealthTracker tracker = before != null ? new HealthTracker(b.timing(), before)
                                : known != null ? new HealthTracker(b.timing(), new HealthTracker.State(known, true, 0))
                                : new HealthTracker(b.timing(), b.timing().alpha(vs), true);
                        trackers.put(ids.get(i), tracker);
                        bfdWatches.computeIfAbsent(b.session(), k -> new ArrayList<>()).add(new BfdWatch(vs, rs, i, b, tracker));
                        bfdWatchCount++;
                        continue;
                    }
                    HealthTracker.State before = carried.get(ids.get(i));
                    HealthTracker tracker = before != null ? new HealthTracker(c.timing(), before)
                            : new HealthTracker(c.timing(), c.timing().alpha(vs), carried.isEmpty() || hasFailedChecker(ids));
                    trackers.put(ids.get(i), tracker);
                    CheckerRun run = new CheckerRun(vs, rs, i, c, tracker, outputs);
                    if (c instanceof CheckerSettings.Tcp t && tcpLoop() != null) {
                        tcpLoop.add(run, t);
                        continue;
                    }
                    Probe probe = Probe.of(c, rs, scripts);
                    threads.add(Thread.ofVirtual().name(c.kind() + " " + rs.key()).start(() -> loop(run, probe)));
                }
            }
        }
        if (tcpLoop != null) tcpLoop.start();
        log.info("Started {} health checkers ({} TCP_CHECK in one event loop){}", checkerCount() - bfdWatchCount, tcpLoop == null ? 0 : tcpLoop.size(),
                bfdWatchCount == 0 ? "" : " and " + bfdWatchCount + " BFD check(s)");
    }

    /**
     * A BFD session's state (keepalived check_bfd.c bfd_check_handle_event): each BFD_CHECK of that session whose
     * verdict differs, or that has not reported yet, reports it. Sessions no BFD_CHECK follows are ignored.
     */
    public synchronized void bfdState(String session, boolean up) {
        if (!running) return;
        for (BfdWatch w : bfdWatches.getOrDefault(session, List.of())) {
            ProbeResult r = up ? new ProbeResult.Up("BFD session " + session + " is up") : new ProbeResult.Down("BFD session " + session + " is down");
            HealthTracker.Step step = w.tracker().onResult(r);
            String statusKey = w.vs().key() + "|" + w.rs().key() + "|" + w.id();
            CheckerStatus before = status.get(statusKey);
            status.put(statusKey, new CheckerStatus(w.vs().key(), w.rs().key(), w.id(), w.settings().kind(), w.tracker().isUp(), 0, r,
                    System.currentTimeMillis(), before == null ? 1 : before.checks() + 1));
            if (step.change() instanceof HealthTracker.Change.Verdict v) {
                log.info("BFD check of [{}] RS({}) is {}", session, w.rs().key(), up ? "UP" : "DOWN");
                CheckEvent.CheckerChanged changed = new CheckEvent.CheckerChanged(w.vs().key(), w.rs().key(), w.id(), v.up(), v.reason(), v.firstReport());
                sink.accept(changed);
                observer.onCheckerChanged(changed);
            }
        }
    }

    /** The TCP_CHECK event loop, made at the first TCP_CHECK; null (virtual threads instead) where epoll is unavailable. */
    private TcpCheckLoop tcpLoop() {
        if (tcpLoop == null && !tcpLoopFailed) {
            try {
                tcpLoop = new TcpCheckLoop(new EpollConnectIo(), System::nanoTime);
                HaSuspend h = haSuspend;
                tcpLoop.suspendWhile(h::suspended);
            } catch (RuntimeException | LinkageError e) {
                tcpLoopFailed = true;
                log.warn("TCP_CHECK runs one virtual thread per checker: no epoll event loop ({})", e.toString());
            }
        }
        return tcpLoop;
    }

    /**
     * On a reload: whether a carried-over checker of this real server has run and failed (then a new checker of it
     * goes down on its first failure, as keepalived's migrate_checkers). With nothing carried (start-up) every new
     * checker goes down on its first failure anyway.
     */
    private boolean hasFailedChecker(List<CheckerIdentity> ids) {
        return ids.stream().map(carried::get).anyMatch(s -> s != null && s.hasRun() && !s.up());
    }

    /** Probes run since start (all checkers). */
    public long checksRun() {
        return checksRun.sum();
    }

    public int checkerCount() {
        return threads.size() + (tcpLoop == null ? 0 : tcpLoop.size()) + bfdWatchCount;
    }

    /** The latest state of every checker that has run, in no particular order. */
    public List<CheckerStatus> status() {
        return List.copyOf(status.values());
    }

    /** ha_suspend: which virtual servers' checks are suspended now (set before {@link #start}). */
    private HaSuspend haSuspend = HaSuspend.none();

    public void haSuspend(HaSuspend h) {
        this.haSuspend = h;
    }

    private void loop(CheckerRun run, Probe probe) {
        long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(run.tracker.firstDelayMillis(ThreadLocalRandom.current().nextDouble()));
        try {
            while (running) {
                long wait = due - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                if (haSuspend.suspended(run.vs.key())) { // not run: due again after delay_loop, the state kept
                    due = nextDue(due, TimeUnit.MILLISECONDS.toNanos(run.settings.timing().delayLoopMillis()), System.nanoTime());
                    continue;
                }
                long startNanos = System.nanoTime();
                ProbeResult r = probe.check();
                long latencyMicros = (System.nanoTime() - startNanos) / 1000;
                if (!running) return;
                long delayMillis = run.onResult(r, latencyMicros);
                due = nextDue(due, TimeUnit.MILLISECONDS.toNanos(delayMillis), System.nanoTime());
            }
        } catch (InterruptedException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("{} checker of {} stopped", run.settings.kind(), run.rs.key(), e);
        }
    }

    /**
     * When the next check is due after one that was due at {@code due} and asked for {@code delay} (delay_loop or
     * delay_before_retry): {@code delay} after {@code due}, counted from the start of the previous check, not its
     * end (keepalived's thread_add_timer counts from the end, so its period is the check's duration + delay); a
     * check that overran by more than a whole delay runs {@code now}. Any unit, as long as all three agree.
     */
    static long nextDue(long due, long delay, long now) {
        long next = due + delay;
        return next < now - delay ? now : next;
    }

    @Override
    public void close() {
        synchronized (this) {
            running = false; // under the monitor: no BFD event is applied after this
        }
        if (tcpLoop != null) tcpLoop.close();
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
