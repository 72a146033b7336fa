package io.vigil.vrrp;

/**
 * Whether a MASTER whose VRRP process was restarted may take the role straight back (issue #12). It may only while no
 * other router can have become MASTER: a backup takes over when its Master_Down_Interval runs out after the last
 * advert it received (RFC 3768 §6.4.2, RFC 5798 §6.4.2), so what counts is the time since this router's last advert,
 * not since its process died (a frozen process stops advertising long before the watchdog kills it).
 *
 * <p>The shortest Master_Down_Interval any backup can have: 3 × Advertisement_Interval + Skew_Time of priority 254,
 * the highest a non-owner can have (an owner at 255 takes the role whatever we do). Skew_Time is
 * (256 − priority) / 256 s in v2 and (256 − priority) × Master_Adver_Interval / 256 in v3, where a v3 backup's
 * Master_Adver_Interval is the one it learned from our adverts, and a v2 backup's must equal ours (it drops others).
 */
public final class ResumeWindow {
    private ResumeWindow() {}

    /** The highest priority of a router that waits for the master-down timer. */
    static final int HIGHEST_BACKUP_PRIORITY = 254;

    /**
     * Taken off the window: the decision is made on the VRRP thread in the task that sends the first advert, so this
     * covers that task, the send, and the last advert's time being stamped just after its send.
     */
    static final long DECISION_TO_WIRE_NANOS = 20_000_000L;

    /** The earliest a backup can take over after our last advert, in nanoseconds. */
    public static long earliestTakeoverNanos(int version, int advertIntervalCentis) {
        return earliestTakeoverNanos(version, advertIntervalCentis, 3);
    }

    /** As above when the group's master-down timer counts {@code downTimerAdverts} adverts (keepalived's down_timer_adverts). */
    public static long earliestTakeoverNanos(int version, int advertIntervalCentis, int downTimerAdverts) {
        long interval = advertIntervalCentis * 10_000_000L;
        long span = 256L - HIGHEST_BACKUP_PRIORITY;
        long skew = version == 2 ? span * 1_000_000_000L / 256 : span * interval / 256;
        return downTimerAdverts * interval + skew;
    }

    /**
     * @param lastAdvertNanos when the previous process last sent an advert as MASTER (same clock as {@code nowNanos})
     * @return true while no backup can have taken over yet, with the margin for getting the first advert out
     */
    public static boolean mayTakeBack(long lastAdvertNanos, long nowNanos, int version, int advertIntervalCentis) {
        return mayTakeBack(lastAdvertNanos, nowNanos, version, advertIntervalCentis, 3);
    }

    public static boolean mayTakeBack(long lastAdvertNanos, long nowNanos, int version, int advertIntervalCentis, int downTimerAdverts) {
        long since = nowNanos - lastAdvertNanos;
        return since >= 0 && since + DECISION_TO_WIRE_NANOS < earliestTakeoverNanos(version, advertIntervalCentis, downTimerAdverts);
    }
}
