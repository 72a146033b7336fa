package io.vigil.daemon;

/**
 * How late the watchdog's own heartbeat tick ran (pure: time passed in). A parent that was itself stopped (SIGSTOP,
 * a frozen VM) or starved of CPU sent no PING meanwhile, so its children's silence over that time proves nothing about
 * them: the soak saw a parent SIGSTOPped for 4.9 s kill all three healthy children on SIGCONT (and say so five times,
 * once per missed tick), which moved the VIP. After a late tick each child's silence is counted from that tick on.
 */
final class WatchdogLag {
    private final long intervalNanos;
    private long lastTickNanos;
    private boolean ticked;

    WatchdogLag(long intervalMillis) {
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /** Records a tick at {@code nowNanos}; returns how much later than one interval after the previous tick it came (0 if on time). */
    long tick(long nowNanos) {
        long late = ticked ? Math.max(0, nowNanos - lastTickNanos - intervalNanos) : 0;
        lastTickNanos = nowNanos;
        ticked = true;
        return late;
    }

    /** Whether {@code lateNanos} means the watchdog itself was not running: more than one whole interval missed. */
    boolean stalled(long lateNanos) {
        return lateNanos > intervalNanos;
    }
}
