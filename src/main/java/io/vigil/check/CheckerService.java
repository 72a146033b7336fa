package io.vigil.check;

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
    private final CheckCoordinator coordinator;
    private final CheckScheduler scheduler;

    private CheckerService(CheckCoordinator coordinator, CheckScheduler scheduler) {
        this.coordinator = coordinator;
        this.scheduler = scheduler;
    }

    public static CheckerService start(List<VirtualServerSettings> virtualServers, PoolListener listener) {
        return start(virtualServers, listener, new ScriptRunner(), 60_000);
    }

    public static CheckerService start(List<VirtualServerSettings> virtualServers, PoolListener listener, ScriptRunner scripts,
                                       long notifyTimeoutMillis) {
        CheckCoordinator c = new CheckCoordinator(virtualServers, listener, scripts, notifyTimeoutMillis);
        c.start();
        CheckScheduler s = new CheckScheduler(virtualServers, c::submit, scripts);
        s.start();
        return new CheckerService(c, s);
    }

    public DesiredPool pool(VirtualServerKey vs) {
        return coordinator.pool(vs);
    }

    public long checksRun() {
        return scheduler.checksRun();
    }

    /** Per-checker state (verdict, retries, last result) for dumps and status pages. */
    public List<CheckerStatus> status() {
        return scheduler.status();
    }

    public int checkerCount() {
        return scheduler.checkerCount();
    }

    @Override
    public void close() {
        scheduler.close();
        coordinator.close();
    }
}
