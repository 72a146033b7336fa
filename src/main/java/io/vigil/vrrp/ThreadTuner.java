package io.vigil.vrrp;

/**
 * Gives the calling thread the VRRP threads' scheduling: keepalived's {@code vrrp_priority} (a nice value) and
 * {@code vrrp_rt_priority} (SCHED_RR). keepalived applies them to its single-threaded VRRP process; Vigil applies them
 * to the threads on the takeover path (the VRRP event thread and the advert readers), not to the JVM's GC and compiler
 * threads. Called once by each such thread as it starts.
 */
@FunctionalInterface
public interface ThreadTuner {
    /** Leaves every thread as the JVM started it. */
    ThreadTuner NONE = role -> { };

    void tuneCurrentThread(String role);
}
