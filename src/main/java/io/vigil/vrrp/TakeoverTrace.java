package io.vigil.vrrp;

import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Where the time of a takeover goes, for the log at detail level ({@code -D}): how late the master-down timer fired
 * and when the advert, the VIPs and the GARPs were done after it. VRRP thread only.
 */
final class TakeoverTrace {
    private final LongSupplier clock;
    private boolean armed;
    private long deadlineNanos, firedNanos, decidedNanos, advertNanos, vipsNanos, garpsNanos;

    TakeoverTrace(LongSupplier clock) {
        this.clock = clock;
    }

    void timerFired(TimerKind kind, long deadlineNanos, long nowNanos) {
        armed = kind == TimerKind.MASTER_DOWN;
        this.deadlineNanos = deadlineNanos;
        firedNanos = nowNanos;
        decidedNanos = advertNanos = vipsNanos = garpsNanos = -1;
    }

    /** The state machine has returned its actions. */
    void decided() {
        if (armed) decidedNanos = clock.getAsLong();
    }

    void advertSent() {
        if (armed && advertNanos < 0) advertNanos = clock.getAsLong();
    }

    void vipsConfigured() {
        if (armed) vipsNanos = clock.getAsLong();
    }

    void garpsSent() {
        if (armed && garpsNanos < 0) garpsNanos = clock.getAsLong();
    }

    /** Logs the figures once, when the instance has entered MASTER on its master-down timer. */
    void report(String instance, Logger log) {
        if (!armed) return;
        armed = false;
        if (log.isDebugEnabled()) {
            log.debug("({}) takeover: timer fired {} us after its deadline; state machine done {} us, advert sent {} us, VIPs configured {} us, GARPs sent {} us after it fired",
                    instance, micros(firedNanos - deadlineNanos), since(decidedNanos), since(advertNanos), since(vipsNanos), since(garpsNanos));
        }
    }

    private String since(long atNanos) {
        return atNanos < 0 ? "-" : micros(atNanos - firedNanos);
    }

    private static String micros(long nanos) {
        return Long.toString(nanos / 1000);
    }
}
