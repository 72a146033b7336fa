package io.vigil.vrrp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The VRRP thread's loop: one inbox of tasks (adverts received, link changes, commands) and a timer queue on the
 * service's clock; what already arrived runs before a timer falls due, and the last stretch before a master-down
 * deadline is spun rather than slept.
 */
final class VrrpLoop {
    /** VrrpService's logger: the lines read as they always did. */
    private static final Logger log = LoggerFactory.getLogger(VrrpService.class);

    /** What the thread does on its way out, whatever the cause. */
    @FunctionalInterface
    interface Exit {
        /** @param wasRunning the loop was not stopped on purpose (it died, or was interrupted while running) */
        void exited(boolean wasRunning);
    }

    private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final TimerQueue timers;
    private final LongSupplier clock;
    /** Set before the thread starts; cleared to stop it (by the last task, or on exit). */
    volatile boolean running;
    /** max_auto_priority, or null; set before the thread starts. */
    volatile AutoPriority autoPriority;

    VrrpLoop(TimerQueue timers, LongSupplier clock) {
        this.timers = timers;
        this.clock = clock;
    }

    /** Runs {@code task} on the VRRP thread (dropped once stopped). */
    void post(Runnable task) {
        if (running) inbox.add(task);
    }

    /** Queues {@code task} whether or not the loop runs (the shutdown task: posted once, awaited separately). */
    void add(Runnable task) {
        inbox.add(task);
    }

    /** The thread's body: runs until {@link #running} is cleared or the thread is interrupted, then calls {@code exit}. */
    void run(ThreadTuner threadTuner, Exit exit) {
        threadTuner.tuneCurrentThread("VRRP");
        try {
            while (running) {
                // What already arrived goes first: an advert that came in just before a master-down deadline must
                // reset the timer, not lose the race to it.
                Runnable queued;
                while (running && (queued = inbox.poll()) != null) safely(queued);
                long deadline = timers.nextDeadline(), now = clock.getAsLong();
                Runnable due = running ? timers.pollDue(now) : null;
                if (due != null) {
                    AutoPriority auto = autoPriority;
                    if (auto != null) auto.ranLate(now - deadline);
                    safely(due);
                    continue;
                }
                long next = timers.nextDeadline();
                long waitNanos = next == Long.MAX_VALUE ? TimeUnit.SECONDS.toNanos(1) : Math.max(0, next - clock.getAsLong());
                Runnable task;
                if (waitNanos == 0) task = inbox.poll();
                else if (!timers.nextIsPrecise()) task = inbox.poll(waitNanos, TimeUnit.NANOSECONDS);
                else if (waitNanos > SPIN_NANOS) task = inbox.poll(waitNanos - SPIN_NANOS, TimeUnit.NANOSECONDS);
                else task = spinFor(waitNanos);
                if (task != null) safely(task);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            log.error("VRRP thread died", t);
        } finally {
            boolean wasRunning = running;
            running = false;
            exit.exited(wasRunning);
        }
    }

    /**
     * The last stretch before a master-down deadline is spun rather than slept: a parked thread woke 0.25-0.4 ms
     * after its deadline here (measured on an idle machine), and every bit of that is takeover time. Only master-down
     * timers get this (the instance is BACKUP and waiting for its cue), so the cost is at most this much CPU once per
     * takeover or re-armed deadline that really falls due.
     */
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    /** Busy-waits up to {@code nanos} (real time), returning early with the first task that arrives. */
    private Runnable spinFor(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Runnable task = inbox.poll();
            if (task != null) return task;
            Thread.onSpinWait();
        }
        return inbox.poll();
    }

    private static void safely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("VRRP event failed", e);
        }
    }
}
