package io.vigil.check;

/**
 * The state of one checker, with keepalived's retry semantics (check_tcp.c / check_udp.c tcp_epilog):
 * <ul>
 *   <li>a success resets the retry count and, if the checker was down (or never reported), brings it up;</li>
 *   <li>a failure while up is retried {@code retry} times, {@code delay_before_retry} apart, before the checker
 *       goes down; the next check after that is {@code delay_loop} later;</li>
 *   <li>a failure while already down changes nothing and waits {@code delay_loop};</li>
 *   <li>with {@code alpha} the checker starts down, so its first failure reports down at once (no retries) and its
 *       first success brings the server in;</li>
 *   <li>at start-up, before its first success, one failure is enough (keepalived check_data.c sets
 *       {@code retry_it = retry} for every checker when the configuration is first loaded): a server that is dead
 *       when the daemon starts is taken out by the first check, not after {@code retry} more;</li>
 *   <li>a checker added by a reload retries as usual, unless a checker of the same real server has already failed
 *       (keepalived ipwrapper.c migrate_checkers: "one failure is enough" only then).</li>
 * </ul>
 * Pure: no clock, no I/O; the caller feeds results and schedules the next check after {@link Step#delayMillis()}.
 * Not thread-safe: one tracker belongs to one checker loop.
 */
public final class HealthTracker {
    private final CheckerSettings.Timing timing;
    private boolean up;
    private boolean hasRun;
    private int retryIt;

    /** What a result changed and when to check next. */
    public record Step(long delayMillis, Change change) {}

    /** The checker's verdict after a result. */
    public sealed interface Change {
        /** Nothing to report: unchanged, or a failure being retried. */
        record None(String note) implements Change {}

        /**
         * The checker is now {@code up} (or reports for the first time: {@code firstReport}; then it may be
         * unchanged from its initial state).
         */
        record Verdict(boolean up, String reason, boolean firstReport) implements Change {}
    }

    /** A checker of the configuration the daemon starts with: one failure is enough until it has run. */
    public HealthTracker(CheckerSettings.Timing timing, boolean alpha) {
        this(timing, alpha, true);
    }

    /**
     * A checker that has not run yet; {@code oneFailureIsEnough}: its first failure reports down without retries (at
     * start-up, and on a reload for a real server that already has a failed checker).
     */
    public HealthTracker(CheckerSettings.Timing timing, boolean alpha, boolean oneFailureIsEnough) {
        this.timing = timing;
        this.up = !alpha;
        this.retryIt = oneFailureIsEnough ? timing.retry() : 0;
    }

    /** What a reload carries over from the old checker to the new one. */
    public record State(boolean up, boolean hasRun, int retryIt) {}

    public State state() {
        return new State(up, hasRun, retryIt);
    }

    /**
     * Resumes a checker after a reload (keepalived migrate_checkers): same verdict; retries already used stay used,
     * so when they reach the new retry count the next failure is the last.
     */
    public HealthTracker(CheckerSettings.Timing timing, State carried) {
        this.timing = timing;
        this.up = carried.up();
        this.hasRun = carried.hasRun();
        this.retryIt = Math.min(carried.retryIt(), timing.retry());
    }

    public boolean isUp() {
        return up;
    }

    public boolean hasRun() {
        return hasRun;
    }

    public int retryCount() {
        return retryIt;
    }

    /** Delay before the very first check: a random point in [0, warmup) so checks to one server spread out. */
    public long firstDelayMillis(double random01) {
        return (long) (timing.warmupMillis() * Math.min(Math.max(random01, 0), 0.999999));
    }

    public Step onResult(ProbeResult result) {
        boolean success = result.success();
        String what = result.describe();
        boolean reportable = up || !hasRun;
        if (success || (reportable && retryIt >= timing.retry()) || (!hasRun && !up)) {
            retryIt = 0;
            Change change;
            if (success && (!up || !hasRun)) {
                boolean first = !hasRun;
                up = true;
                hasRun = true;
                change = new Change.Verdict(true, what, first);
            } else if (!success && reportable) {
                boolean first = !hasRun;
                String reason = timing.retry() > 0 && hasRun ? what + " (after " + timing.retry() + " retries)" : what;
                up = false;
                hasRun = true;
                change = new Change.Verdict(false, reason, first);
            } else {
                change = new Change.None(success ? "still up" : "still down: " + what);
            }
            return new Step(timing.delayLoopMillis(), change);
        }
        if (up) {
            retryIt++;
            return new Step(timing.delayBeforeRetryMillis(),
                    new Change.None("failed, retry " + retryIt + " of " + timing.retry() + ": " + what));
        }
        return new Step(timing.delayLoopMillis(), new Change.None("still down: " + what));
    }
}
