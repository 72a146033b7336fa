package io.vigil.vrrp;

/**
 * Keeps the log readable, and the VRRP thread free, under a flood of bad adverts: per drop reason, the first drop is
 * logged, then at most one line per {@link #WINDOW_NANOS} saying how many were dropped meanwhile without a line (a
 * flood of 10,000 a second logged one line each). The drop counters keep every drop. Pure: time is passed in.
 */
final class DropLogLimiter {
    static final long WINDOW_NANOS = 10_000_000_000L;

    private final long[] lineAt = new long[DropReason.values().length];
    private final boolean[] logged = new boolean[DropReason.values().length];
    private final long[] quiet = new long[DropReason.values().length];

    /**
     * @return null when this drop gets no line, else what to append to its line: empty, or how many drops of the same
     * reason went without a line since the previous one
     */
    String admit(DropReason reason, long nowNanos) {
        int r = reason.ordinal();
        if (logged[r] && nowNanos - lineAt[r] < WINDOW_NANOS) {
            quiet[r]++;
            return null;
        }
        String suffix = quiet[r] == 0 ? "" : " (and " + quiet[r] + " more for this reason in the last " + (nowNanos - lineAt[r]) / 1_000_000_000L
                + " s, logged at most once per " + WINDOW_NANOS / 1_000_000_000L + " s)";
        logged[r] = true;
        lineAt[r] = nowNanos;
        quiet[r] = 0;
        return suffix;
    }
}
