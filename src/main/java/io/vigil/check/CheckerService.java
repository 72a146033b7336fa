package io.vigil.check;

import io.vigil.sys.ScriptRunner;

import java.util.List;

/**
 * The checkers subsystem in one object: the scheduler's virtual threads feed the coordinator, which tells the
 * listener (the data plane) the desired pools.
 *
 * <pre>{@code
 * try (CheckerService s = CheckerService.start(List.of(vsSettings), dataPlaneListener)) { ... }
 * }</pre>
 */
public final class CheckerService implements AutoCloseable {
    private CheckCoordinator coordinator;
    private CheckScheduler scheduler;
    private final PoolListener listener;
    private final ScriptRunner scripts;
    private final long notifyTimeoutMillis;
    /** The latest state of each BFD session (BFD_CHECK), kept across reloads: a checker added by a reload starts from it. */
    private final java.util.Map<String, Boolean> bfdStates = new java.util.HashMap<>();
    private HaSuspend haSuspend = HaSuspend.none();

    private CheckerService(CheckCoordinator coordinator, CheckScheduler scheduler, PoolListener listener, ScriptRunner scripts,
                           long notifyTimeoutMillis) {
        this.coordinator = coordinator;
        this.scheduler = scheduler;
        this.listener = listener;
        this.scripts = scripts;
        this.notifyTimeoutMillis = notifyTimeoutMillis;
    }

    /**
     * Applies a new configuration keeping health state: a checker that still exists ({@link CheckerIdentity}) keeps
     * its verdict and retry count, a server keeps its dynamic weight, a virtual server its quorum state; so a reload
     * neither re-adds a dead server nor drops a live one. New servers start as at start-up (alpha or not). Removed
     * virtual servers are reported to {@link PoolListener#onVirtualServerRemoved}. The checks pause only while the
     * threads are swapped.
     */
    public synchronized void reload(List<VirtualServerSettings> next) {
        validate(next); // a bad config never replaces the running one
        scheduler.close();
        coordinator.stopForReload();
        java.util.Map<CheckerIdentity, HealthTracker.State> states = scheduler.trackerStates();
        CheckCoordinator old = coordinator;
        CheckCoordinator c = new CheckCoordinator(next, listener, scripts, notifyTimeoutMillis, vs -> new PoolState.Carried(
                id -> {
                    HealthTracker.State s = states.get(id);
                    return s != null ? Boolean.valueOf(s.up()) : knownBfd(vs, id, bfdStates); // boxed: a null must not unbox
                },
                old.dynamicWeights(vs.key()), old.quorumUp(vs.key()), old.realServers(vs.key())));
        for (PoolAction a : old.removedByReload(next)) if (a instanceof PoolAction.SmtpAlert m) listener.onAlert(m);
        java.util.Set<VirtualServerKey> kept = new java.util.HashSet<>();
        next.forEach(vs -> kept.add(vs.key()));
        for (VirtualServerKey k : old.virtualServers()) if (!kept.contains(k)) listener.onVirtualServerRemoved(k);
        c.start();
        CheckScheduler s = new CheckScheduler(next, c::submit, scripts, states, listener, bfdStates);
        s.haSuspend(haSuspend);
        s.start();
        coordinator = c;
        scheduler = s;
    }

    /**
     * A BFD session is up or down now (BFD_CHECK): every BFD_CHECK of it whose verdict differs reports the change. The
     * state is remembered for checkers a reload adds.
     */
    public synchronized void bfdState(String session, boolean up) {
        bfdStates.put(session, up);
        scheduler.bfdState(session, up);
    }

    /** The known state of the BFD session of checker {@code id} if it is a BFD_CHECK and its session's state is known. */
    private static Boolean knownBfd(VirtualServerSettings vs, CheckerIdentity id, java.util.Map<String, Boolean> bfdStates) {
        if (bfdStates.isEmpty()) return null;
        for (RealServerSettings rs : vs.realServers()) {
            if (!rs.key().equals(id.rs())) continue;
            int i = CheckerIdentity.of(vs.key(), rs).indexOf(id);
            if (i >= 0 && rs.checkers().get(i) instanceof CheckerSettings.Bfd b) return bfdStates.get(b.session());
        }
        return null;
    }

    public static CheckerService start(List<VirtualServerSettings> virtualServers, PoolListener listener) {
        return start(virtualServers, listener, new ScriptRunner(), 60_000);
    }

    /** With the BFD sessions' states known at start (see the five-argument start). */
    public static CheckerService start(List<VirtualServerSettings> virtualServers, PoolListener listener, java.util.Map<String, Boolean> bfdStates) {
        return start(virtualServers, listener, new ScriptRunner(), 60_000, bfdStates);
    }

    /** Builds every probe of {@code virtualServers} without running any: throws IllegalArgumentException on the first bad one. */
    public static void validate(List<VirtualServerSettings> virtualServers) {
        java.util.Set<VirtualServerKey> keys = new java.util.HashSet<>();
        for (VirtualServerSettings vs : virtualServers) {
            if (!keys.add(vs.key())) throw new IllegalArgumentException("duplicate virtual server " + vs.key());
            for (RealServerSettings rs : vs.realServers())
                for (CheckerSettings c : rs.checkers()) {
                    if (c instanceof CheckerSettings.Bfd) continue; // no probe to build
                    try {
                        io.vigil.check.probe.Probe.of(c, rs, null);
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException(c.kind() + " of " + rs.key() + " in " + vs.key() + ": " + e.getMessage(), e);
                    }
                }
        }
    }

    public static CheckerService start(List<VirtualServerSettings> virtualServers, PoolListener listener, ScriptRunner scripts,
                                       long notifyTimeoutMillis) {
        return start(virtualServers, listener, scripts, notifyTimeoutMillis, java.util.Map.of());
    }

    /**
     * With the BFD sessions' states known at start ({@code bfdStates}: a restarted checker child gets them from the
     * parent): their BFD_CHECKs start from them, so the first pools already leave out servers whose session is down.
     */
    public static CheckerService start(List<VirtualServerSettings> virtualServers, PoolListener listener, ScriptRunner scripts,
                                       long notifyTimeoutMillis, java.util.Map<String, Boolean> bfdStates) {
        return start(virtualServers, listener, scripts, notifyTimeoutMillis, bfdStates, HaSuspend.none());
    }

    /** As above, with ha_suspend's view of the host's addresses ({@code haSuspend}, kept and consulted before each check). */
    public static CheckerService start(List<VirtualServerSettings> virtualServers, PoolListener listener, ScriptRunner scripts,
                                       long notifyTimeoutMillis, java.util.Map<String, Boolean> bfdStates, HaSuspend haSuspend) {
        validate(virtualServers);
        CheckCoordinator c = new CheckCoordinator(virtualServers, listener, scripts, notifyTimeoutMillis,
                vs -> bfdStates.isEmpty() ? PoolState.Carried.NONE : new PoolState.Carried(id -> knownBfd(vs, id, bfdStates), java.util.Map.of(), null));
        c.start();
        CheckScheduler s = new CheckScheduler(virtualServers, c::submit, scripts, java.util.Map.of(), listener, bfdStates);
        s.haSuspend(haSuspend);
        s.start();
        CheckerService service = new CheckerService(c, s, listener, scripts, notifyTimeoutMillis);
        service.haSuspend = haSuspend;
        service.bfdStates.putAll(bfdStates);
        return service;
    }

    public synchronized DesiredPool pool(VirtualServerKey vs) {
        return coordinator.pool(vs);
    }

    /** Probes run by the current scheduler (restarts from 0 at a reload). */
    public synchronized long checksRun() {
        return scheduler.checksRun();
    }

    /** Per-checker state (verdict, retries, last result) for dumps and status pages. */
    public synchronized List<CheckerStatus> status() {
        return scheduler.status();
    }

    public synchronized int checkerCount() {
        return scheduler.checkerCount();
    }

    @Override
    public synchronized void close() {
        scheduler.close();
        coordinator.close();
    }
}
