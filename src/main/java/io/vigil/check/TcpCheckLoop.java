package io.vigil.check;

import io.vigil.sys.Libc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Every TCP_CHECK in one event loop, as keepalived does: one thread, non-blocking connects watched by one epoll
 * set, and one {@link TimerWheel} for both the next check (delay_loop, delay_before_retry, warmup) and each
 * connect's connect_timeout. A check costs socket, [SO_MARK], [bind], connect, epoll_ctl, one epoll_wait event,
 * getsockopt(SO_ERROR) and close; no thread is parked, woken or created per check (a virtual thread per checker
 * cost two timers, a poller registration and a carrier switch per check: 2.2x keepalived's CPU per check).
 * <p>
 * Scheduling and verdicts are {@link CheckScheduler}'s: the next check is due {@code delay} after the previous one
 * was due ({@link CheckScheduler#nextDue}), results go through the same {@link CheckerRun}. The sockets sit behind
 * {@link ConnectIo} (an in-memory fake in tests, with a fake clock: {@link #runOnce}).
 * <p>
 * Per turn, not per check: the clock is read twice (before and after the wait; the wall clock at most once more),
 * and the wheel's {@link #TICK_MILLIS} ticks gather the checks due within one tick into one turn, so one wait
 * returns all their connects. In user-mode-linux every clock read and wait is a system call trapped by the host
 * (its vDSO makes the call): keepalived makes 1.85 clock_gettime a check, this loop 0.47 (docs/benchmarks/check.md).
 * A timer fires at most one tick late; {@link CheckScheduler#nextDue} counts from the due time, so it does not add up.
 */
final class TcpCheckLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TcpCheckLoop.class);
    static final int ECONNREFUSED = 111, EHOSTUNREACH = 113;
    /** The timer wheel's tick: how late at most a check starts or a connect_timeout fires. */
    static final long TICK_MILLIS = 10;
    /**
     * Connects open at once, at most: a loop that fell behind (50,000 checks a second on a loaded machine) would
     * otherwise fire a whole second of due checks in one turn and open that many sockets (it ran out of descriptors).
     * The checks over it wait, in due order, for a socket to finish.
     */
    static final int MAX_IN_FLIGHT = 4096;

    /** The sockets: non-blocking connects and their readiness. */
    interface ConnectIo extends AutoCloseable {
        /** Declares where checker {@code checker} connects (before the loop runs). */
        void target(int checker, InetSocketAddress to, InetSocketAddress bind, int mark, String device);

        /** Starts checker {@code checker}'s connect, to be reported ready with {@code token}: its socket, or -errno. */
        int connect(int checker, long token);

        /** Waits at most {@code timeoutMillis} (-1: until something happens) and fills in the tokens ready; returns how many. */
        int await(long timeoutMillis, long[] tokens);

        /** After readiness: 0 when connected, else the connect's errno. */
        int result(int socket);

        void close(int socket);

        /** Makes a blocked {@link #await} return. */
        void wakeup();

        @Override
        void close();
    }

    /** One TCP_CHECK: its settings, state and the one timer it re-arms after every step. */
    private static final class Check {
        final int index;
        final CheckerRun run;
        final long timeoutMillis;
        final String failed;
        final ProbeResult.Up success;
        final TimerWheel.Timer<Check> timer = new TimerWheel.Timer<>(this);
        long dueMillis, startNanos;
        int socket = -1, generation;

        Check(int index, CheckerRun run, InetSocketAddress target, CheckerSettings.Connect co) {
            this.index = index;
            this.run = run;
            this.timeoutMillis = co.connectTimeoutMillis();
            this.failed = "TCP connection to " + target + (co.fwmark() != 0 ? " (fwmark " + co.fwmark() + ")" : "") + " failed: ";
            this.success = new ProbeResult.Up("TCP connection to " + target + " success");
        }
    }

    private final ConnectIo io;
    private final LongSupplier nanoClock;
    private final long originNanos;
    private final List<Check> checks = new ArrayList<>();
    private final TimerWheel<Check> wheel;
    private final long[] ready = new long[256];
    private final int maxInFlight;
    private final java.util.ArrayDeque<Check> waiting = new java.util.ArrayDeque<>();
    private int inFlight;
    /** This turn's clock (read after the wait) and wall clock (read when a check ends in it; -1 until then). */
    private long turnNanos, turnEpochMillis = -1;
    private volatile boolean running;
    private boolean closed;
    private Thread thread;

    TcpCheckLoop(ConnectIo io, LongSupplier nanoClock) {
        this(io, nanoClock, TICK_MILLIS, MAX_IN_FLIGHT);
    }

    TcpCheckLoop(ConnectIo io, LongSupplier nanoClock, long tickMillis, int maxInFlight) {
        this.io = io;
        this.maxInFlight = maxInFlight;
        this.nanoClock = nanoClock;
        this.originNanos = nanoClock.getAsLong();
        this.turnNanos = originNanos;
        // 4,096 buckets of 10 ms: a turn of 41 s holds the usual delay_loops without waiting turns
        this.wheel = new TimerWheel<>(4096, tickMillis, -1); // from before 0, so a check due at once fires at 0
    }

    /** Adds a TCP_CHECK (before {@link #start}); its first check is due at a random point of its warmup. */
    void add(CheckerRun run, CheckerSettings.Tcp settings) {
        add(run, settings, ThreadLocalRandom.current().nextDouble());
    }

    void add(CheckerRun run, CheckerSettings.Tcp settings, double random01) {
        if (running) throw new IllegalStateException("already started");
        CheckerSettings.Connect co = settings.connect();
        InetSocketAddress target = co.target(run.rs.key());
        InetSocketAddress bind = co.bindTo() != null || co.bindPort() != 0
                ? new InetSocketAddress(co.bindTo() != null ? co.bindTo() : anyOf(target.getAddress()), co.bindPort()) : null;
        Check c = new Check(checks.size(), run, target, co);
        io.target(c.index, target, bind, co.fwmark(), co.bindIf());
        checks.add(c);
        turnNanos = nanoClock.getAsLong();
        c.dueMillis = nowMillis() + run.tracker.firstDelayMillis(random01);
        wheel.schedule(c.timer, c.dueMillis);
    }

    private static InetAddress anyOf(InetAddress family) {
        try {
            return InetAddress.getByName(family instanceof Inet6Address ? "::" : "0.0.0.0");
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    int size() {
        return checks.size();
    }

    /** Runs the loop on a platform thread of its own (it blocks in epoll_wait, which would pin a virtual thread). */
    void start() {
        running = true;
        thread = Thread.ofPlatform().daemon().name("tcp-checks").start(() -> {
            try {
                while (running) runOnce();
            } catch (RuntimeException e) {
                log.error("TCP check loop stopped", e);
            }
        });
    }

    /**
     * One turn: wait for sockets until the next timer, handle every ready one, then fire the timers due. Sockets
     * first: a connect that completed while the loop was late (a loaded machine, a GC pause) counts as connected,
     * not as a timeout because its timer is also due by then (as the JDK's timed connect checks the socket after
     * its wait).
     */
    void runOnce() {
        long next = wheel.nextExpiryMillis();
        long timeout = -1;
        if (next != Long.MAX_VALUE) {
            turnNanos = nanoClock.getAsLong();
            timeout = Math.max(0, next - nowMillis());
        }
        int n = io.await(timeout, ready);
        turnNanos = nanoClock.getAsLong();
        turnEpochMillis = -1;
        while (true) {
            for (int i = 0; i < n && running; i++) onReady(ready[i]);
            if (n < ready.length || !running) break;
            n = io.await(0, ready); // more were ready than one wait returns
        }
        wheel.expire(nowMillis(), this::onTimer);
        while (inFlight < maxInFlight && !waiting.isEmpty() && running) connect(waiting.poll());
    }

    /** Connects open now (for tests). */
    int inFlight() {
        return inFlight;
    }

    /** This turn's time on the wheel. */
    private long nowMillis() {
        return (turnNanos - originNanos) / 1_000_000;
    }

    /** ha_suspend: a check of a virtual server suspended now is not run (set before {@link #start}). */
    private java.util.function.Predicate<VirtualServerKey> suspended = vs -> false;

    void suspendWhile(java.util.function.Predicate<VirtualServerKey> suspended) {
        this.suspended = suspended;
    }

    private void onTimer(Check c) {
        if (c.socket >= 0) { // connect_timeout passed first
            io.close(c.socket);
            c.socket = -1;
            inFlight--;
            finish(c, new ProbeResult.Down(c.failed + "timeout after " + c.timeoutMillis + " ms"));
            return;
        }
        if (suspended.test(c.run.vs.key())) { // due again after delay_loop, the state kept
            c.dueMillis = CheckScheduler.nextDue(c.dueMillis, c.run.settings.timing().delayLoopMillis(), nowMillis());
            wheel.schedule(c.timer, c.dueMillis);
            return;
        }
        if (inFlight >= maxInFlight) {
            waiting.add(c);
            return;
        }
        connect(c);
    }

    private void connect(Check c) {
        c.startNanos = turnNanos;
        c.generation++;
        int s = io.connect(c.index, ((long) c.generation << 32) | c.index);
        if (s < 0) {
            finish(c, new ProbeResult.Down(c.failed + describe(-s)));
            return;
        }
        c.socket = s;
        inFlight++;
        wheel.schedule(c.timer, nowMillis() + c.timeoutMillis);
    }

    private void onReady(long token) {
        int index = (int) token;
        if (index < 0 || index >= checks.size()) return;
        Check c = checks.get(index);
        // a late event of an earlier connect (timed out, socket closed) carries an older generation
        if (c.socket < 0 || c.generation != (int) (token >>> 32)) return;
        wheel.cancel(c.timer);
        int err = io.result(c.socket);
        io.close(c.socket);
        c.socket = -1;
        inFlight--;
        finish(c, err == 0 ? c.success : new ProbeResult.Down(c.failed + describe(err)));
    }

    private void finish(Check c, ProbeResult r) {
        if (!running) return;
        long delayMillis;
        try {
            if (turnEpochMillis < 0) turnEpochMillis = System.currentTimeMillis();
            delayMillis = c.run.onResult(r, (turnNanos - c.startNanos) / 1000, turnEpochMillis);
        } catch (RuntimeException e) {
            log.error("{} checker of {} stopped", c.run.settings.kind(), c.run.rs.key(), e);
            return;
        }
        c.dueMillis = CheckScheduler.nextDue(c.dueMillis, delayMillis, nowMillis());
        wheel.schedule(c.timer, c.dueMillis);
    }

    /** An operator's reading of a connect's errno, worded as the JDK socket path words it. */
    static String describe(int errno) {
        return switch (errno) {
            case ECONNREFUSED -> "connection refused";
            case EHOSTUNREACH -> "no route to host";
            default -> Libc.strerror(errno) + " (errno " + errno + ")";
        };
    }

    /** For tests driving {@link #runOnce} themselves: marks the loop running without a thread. */
    void startInline() {
        running = true;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        running = false;
        io.wakeup();
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Check c : checks) {
            if (c.socket >= 0) io.close(c.socket);
            c.socket = -1;
        }
        io.close();
    }
}
