package io.vigil.lb.proxy;

/**
 * What a proxy worker does when accept(2), or the socket(2) for a client's server side, fails for lack of resources (EMFILE, ENFILE, ENOBUFS, ENOMEM: a connection
 * flood beyond the file-descriptor limit). The listening socket is level-triggered and stays readable while connections
 * wait in the kernel's queue, so retrying at once spins a core on the failing call; the worker stops watching the listener
 * for {@link #PAUSE_NANOS} instead. One log line for the first failure, then at most one per {@link #LOG_WINDOW_NANOS}
 * saying how many failed meanwhile (the count goes on in {@link #failures()}). Pure: time is passed in.
 */
final class AcceptBackoff {
    static final long PAUSE_NANOS = 50_000_000L;
    static final long LOG_WINDOW_NANOS = 10_000_000_000L;

    private long failures;
    private long quiet;
    private long lineAt;
    private boolean logged;

    /** Whether accept's {@code errno} is a lack of resources (anything else but EAGAIN/EINTR/ECONNABORTED is logged the same). */
    static boolean transientErrno(int errno) {
        return errno == 11 || errno == 4 || errno == 103; // EAGAIN, EINTR, ECONNABORTED: try again, nothing to report
    }

    /** EMFILE, ENFILE, ENOBUFS, ENOMEM: the process or the system is out of descriptors or memory. */
    static boolean outOfResources(int errno) {
        return errno == 24 || errno == 23 || errno == 105 || errno == 12;
    }

    /**
     * Counts a failure at {@code nowNanos}; returns null when it gets no log line, else the suffix for its line (empty, or
     * how many failed since the last line).
     */
    String failed(long nowNanos) {
        failures++;
        if (logged && nowNanos - lineAt < LOG_WINDOW_NANOS) {
            quiet++;
            return null;
        }
        String suffix = quiet == 0 ? "" : " (" + quiet + " more in the last " + (nowNanos - lineAt) / 1_000_000_000L + " s, logged at most once per "
                + LOG_WINDOW_NANOS / 1_000_000_000L + " s)";
        logged = true;
        lineAt = nowNanos;
        quiet = 0;
        return suffix;
    }

    /** Every failure counted so far. */
    long failures() {
        return failures;
    }
}
