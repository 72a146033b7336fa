package io.vigil.vrrp.kernel;

import io.vigil.sys.Libc;
import io.vigil.sys.NativeException;
import io.vigil.vrrp.ThreadTuner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ThreadTuner} through setpriority(2) and sched_setscheduler(2) on the calling thread's id (per-thread on
 * Linux). A refusal (EPERM without CAP_SYS_NICE, or an RLIMIT_RTPRIO of 0) is logged and the thread runs on as it was.
 *
 * @param nice       nice value -20..19 for the thread, or null to leave it
 * @param rtPriority SCHED_RR priority 1..99, or null for the normal scheduler
 */
public record KernelThreadTuner(Integer nice, Integer rtPriority) implements ThreadTuner {
    private static final Logger LOG = LoggerFactory.getLogger(KernelThreadTuner.class);

    public KernelThreadTuner {
        if (nice != null && (nice < -20 || nice > 19)) throw new IllegalArgumentException("nice " + nice + " not in -20..19");
        if (rtPriority != null && (rtPriority < 1 || rtPriority > 99)) throw new IllegalArgumentException("rt priority " + rtPriority + " not in 1..99");
    }

    /** max_auto_priority's raises: SCHED_RR at {@code rtPriority} for the calling thread; null when done, else why not. */
    public static String raiseCurrentThread(int rtPriority) {
        try {
            Libc.setThreadScheduler(Libc.gettid(), Libc.SCHED_RR, rtPriority);
            return null;
        } catch (NativeException e) {
            return e.getMessage();
        }
    }

    @Override
    public void tuneCurrentThread(String role) {
        int tid;
        try {
            tid = Libc.gettid();
        } catch (NativeException e) {
            LOG.warn("{} thread: cannot read its thread id: {}", role, e.getMessage());
            return;
        }
        if (rtPriority != null) {
            try {
                Libc.setThreadScheduler(tid, Libc.SCHED_RR, rtPriority);
                LOG.debug("{} thread {}: SCHED_RR priority {}", role, tid, rtPriority);
            } catch (NativeException e) {
                LOG.warn("{} thread {}: cannot set realtime priority {} (vrrp_rt_priority): {}", role, tid, rtPriority, e.getMessage());
            }
        }
        if (nice != null) {
            try {
                Libc.setThreadNice(tid, nice);
                LOG.debug("{} thread {}: nice {}", role, tid, nice);
            } catch (NativeException e) {
                LOG.warn("{} thread {}: cannot set nice {} (vrrp_priority): {}", role, tid, nice, e.getMessage());
            }
        }
    }
}
