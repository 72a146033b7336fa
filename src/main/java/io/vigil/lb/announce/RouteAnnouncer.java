package io.vigil.lb.announce;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The thin shell around {@link AnnounceDecider}: facts come in from the checkers (quorum) and the parent's relay
 * (VRRP states, BFD sessions), the decider's actions go to a {@link RouteTable} at once, and a timer wakes it when a delay ends.
 * A failed kernel call is logged and the rest goes on (as for static routes). Thread-safe.
 */
public final class RouteAnnouncer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouteAnnouncer.class);

    private final AnnounceDecider decider;
    private final RouteTable table;
    private final LongSupplier nowMillis;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("vigil-announce").factory());
    private ScheduledFuture<?> wake;
    private boolean started;
    private boolean closed;

    public RouteAnnouncer(List<AnnounceRule> rules, RouteTable table, LongSupplier nowMillis) {
        this.decider = new AnnounceDecider(rules);
        this.table = table;
        this.nowMillis = nowMillis;
    }

    /** Monotonic milliseconds. */
    public static long monotonicMillis() {
        return System.nanoTime() / 1_000_000;
    }

    /** The first decision, once the first facts are in: every configured route is added or removed. */
    public synchronized void start() {
        started = true;
        step();
    }

    public synchronized void quorum(String service, boolean up) {
        decider.quorum(service, up);
        step();
    }

    public synchronized void serviceRemoved(String service) {
        decider.serviceRemoved(service);
        step();
    }

    public synchronized void vrrpState(String instance, String state) {
        decider.vrrpState(instance, state);
        step();
    }

    public synchronized void bfdState(String session, boolean up) {
        decider.bfdState(session, up);
        step();
    }

    public synchronized void configure(List<AnnounceRule> rules) {
        decider.configure(rules);
        step();
    }

    public synchronized List<HostRoute> announced() {
        return decider.announced();
    }

    private void step() {
        if (!started || closed) return;
        apply(decider.poll(nowMillis.getAsLong()));
        if (wake != null) wake.cancel(false);
        wake = null;
        OptionalLong due = decider.nextDeadlineMillis();
        if (due.isPresent()) {
            long inMillis = Math.max(0, due.getAsLong() - nowMillis.getAsLong());
            try {
                wake = timer.schedule(this::wakeUp, inMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // closing
            }
        }
    }

    private synchronized void wakeUp() {
        step();
    }

    private void apply(List<AnnounceDecider.Action> actions) {
        for (AnnounceDecider.Action a : actions) {
            try {
                switch (a) {
                    case AnnounceDecider.Action.Announce(HostRoute r) -> {
                        table.add(r);
                        LOG.info("Announcing {}", r);
                    }
                    case AnnounceDecider.Action.Withdraw(HostRoute r) -> {
                        table.remove(r);
                        LOG.info("Withdrawing {}", r);
                    }
                }
            } catch (RuntimeException e) {
                LOG.error("cannot {} route {}: {}", a instanceof AnnounceDecider.Action.Announce ? "add" : "remove", a.route(), e.getMessage());
            }
        }
    }

    /** Stops: every route announced is withdrawn. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        timer.shutdownNow();
        apply(decider.stop());
    }
}
