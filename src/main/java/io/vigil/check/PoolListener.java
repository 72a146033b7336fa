package io.vigil.check;

/**
 * The checkers' output: called with the whole desired pool of a virtual server each time it changes (and once
 * at start). Calls never overlap and come in order (the first ones at start, on the starting thread, then on the
 * coordinator thread); implementations should not block for long. After a reload every pool is sent again.
 */
@FunctionalInterface
public interface PoolListener {
    void onPoolChanged(VirtualServerKey vs, DesiredPool pool);

    /** A reload removed this virtual server: the checkers will say no more about it. */
    default void onVirtualServerRemoved(VirtualServerKey vs) {}

    /** An alert e-mail to send ({@code smtp_alert}); must not block (the mailer queues it). */
    default void onAlert(PoolAction.SmtpAlert alert) {}

    /** A notify FIFO line (keepalived's RS/VS lines); must not block. */
    default void onFifoLine(String line) {}

    /**
     * Every probe's result and how long it took (for metrics), on the checker's own thread: must only record, never
     * block.
     */
    default void onProbe(VirtualServerKey vs, RealServerKey rs, int checkerId, String kind, ProbeResult result, long latencyMicros) {}

    /**
     * {@link #onProbe(VirtualServerKey, RealServerKey, int, String, ProbeResult, long)} with the wall-clock time the
     * probe ended, which the checker already read (in the TCP event loop, once for every check of a turn).
     */
    default void onProbe(VirtualServerKey vs, RealServerKey rs, int checkerId, String kind, ProbeResult result, long latencyMicros,
                         long endEpochMillis) {
        onProbe(vs, rs, checkerId, kind, result, latencyMicros);
    }

    /** A checker's verdict changed (with its reason), on the checker's own thread: must only record, never block. */
    default void onCheckerChanged(CheckEvent.CheckerChanged change) {}
}
