package io.vigil.vrrp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's {@code max_auto_priority} / {@code min_auto_priority_delay}: each time the VRRP thread runs a timer
 * later than the delay after its deadline, its realtime (SCHED_RR) priority goes up by one, from the lowest (1) to
 * the maximum. Called on the VRRP thread, which is the one raised.
 */
public final class AutoPriority {
    private static final Logger LOG = LoggerFactory.getLogger(VrrpService.class);

    /** Sets the calling thread's SCHED_RR priority (the kernel one in io.vigil.vrrp.kernel). */
    @FunctionalInterface
    public interface Raiser {
        /** @return null when done, else why not */
        String raiseCurrentThread(int rtPriority);
    }

    private final int maxPriority;
    private final long minDelayNanos;
    private final Raiser raiser;
    private int current;

    /** {@code startPriority}: vrrp_rt_priority when set (the raises continue from it), else 0. */
    public AutoPriority(int maxPriority, long minDelayNanos, int startPriority, Raiser raiser) {
        if (maxPriority < 1 || maxPriority > 99) throw new IllegalArgumentException("max_auto_priority " + maxPriority + " not in 1..99");
        this.maxPriority = maxPriority;
        this.minDelayNanos = minDelayNanos;
        this.current = startPriority;
        this.raiser = raiser;
    }

    /** A timer ran {@code lateNanos} after its deadline. */
    void ranLate(long lateNanos) {
        if (lateNanos <= minDelayNanos || current >= maxPriority) return;
        int next = current + 1;
        String problem = raiser.raiseCurrentThread(next);
        if (problem != null) {
            LOG.warn("cannot set realtime priority {} (max_auto_priority): {}", next, problem);
            current = maxPriority; // keepalived does not try again either
            return;
        }
        current = next;
        LOG.info("Set realtime priority {}", current);
    }

    public int current() {
        return current;
    }
}
