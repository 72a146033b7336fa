package io.vigil.check;

/**
 * A snapshot of one checker for dumps and status pages (keepalived's USR1 data dump shows the same).
 *
 * @param checkerId        index in {@link RealServerSettings#checkers()}
 * @param up               the checker's verdict (what the pool sees)
 * @param retriesInFlight  consecutive failures being retried now
 * @param lastResult       the last probe's result, null before the first
 * @param lastCheckEpochMillis wall-clock time of the last probe's end, 0 before the first
 * @param checks           probes run so far
 */
public record CheckerStatus(VirtualServerKey vs, RealServerKey rs, int checkerId, String kind, boolean up, int retriesInFlight,
                            ProbeResult lastResult, long lastCheckEpochMillis, long checks) {}
