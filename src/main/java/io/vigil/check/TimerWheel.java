package io.vigil.check;

import java.util.function.Consumer;

/**
 * A hashed timer wheel: {@code slots} buckets of {@code tickMillis} each, a timer in the bucket of its deadline's tick
 * (a deadline more than one turn away waits in its bucket through the turns before). Schedule, cancel and fire are
 * O(1); an {@link #expire} visits the buckets of the ticks that passed. One reusable {@link Timer} per owner (a
 * checker), re-armed after every check, so the wheel allocates nothing per check.
 * <p>
 * Pure: the time is passed in (milliseconds on any monotonic scale), so it is tested with a fake clock. Not
 * thread-safe: it belongs to one event loop.
 */
public final class TimerWheel<T> {
    /** One owner's timer: armed in at most one bucket at a time. */
    public static final class Timer<T> {
        private final T owner;
        private long deadlineMillis;
        private int slot = -1;
        private Timer<T> prev, next;

        public Timer(T owner) {
            this.owner = owner;
        }

        public boolean armed() {
            return slot >= 0;
        }

        public long deadlineMillis() {
            return deadlineMillis;
        }
    }

    private final Timer<T>[] buckets;
    private final int mask;
    private final long tickMillis;
    /** Every bucket up to this tick has been expired. */
    private long doneTick;
    private int armed;

    /** A wheel whose time starts at {@code nowMillis}; {@code slots} is rounded up to a power of two. */
    @SuppressWarnings("unchecked")
    public TimerWheel(int slots, long tickMillis, long nowMillis) {
        if (slots < 1 || tickMillis < 1) throw new IllegalArgumentException("slots and tickMillis must be >= 1");
        int n = Integer.highestOneBit(Math.max(1, slots - 1)) << 1;
        this.buckets = (Timer<T>[]) new Timer[n];
        this.mask = n - 1;
        this.tickMillis = tickMillis;
        this.doneTick = Math.floorDiv(nowMillis, tickMillis);
    }

    /** Timers armed. */
    public int size() {
        return armed;
    }

    /**
     * Arms {@code t} (re-arms it if armed) to fire at the first {@link #expire} at or after {@code deadlineMillis};
     * a deadline already passed fires at the next tick.
     */
    public void schedule(Timer<T> t, long deadlineMillis) {
        if (t.armed()) cancel(t);
        long tick = Math.max(Math.ceilDiv(deadlineMillis, tickMillis), doneTick + 1);
        int slot = (int) (tick & mask);
        t.deadlineMillis = deadlineMillis;
        t.slot = slot;
        t.prev = null;
        t.next = buckets[slot];
        if (t.next != null) t.next.prev = t;
        buckets[slot] = t;
        armed++;
    }

    /** Disarms {@code t}; nothing when it is not armed. */
    public void cancel(Timer<T> t) {
        if (!t.armed()) return;
        if (t.prev != null) t.prev.next = t.next;
        else buckets[t.slot] = t.next;
        if (t.next != null) t.next.prev = t.prev;
        t.prev = t.next = null;
        t.slot = -1;
        armed--;
    }

    /**
     * Fires (disarms, then hands the owner to {@code fire}) every timer whose deadline is at or before
     * {@code nowMillis}; returns how many. {@code fire} may arm timers again, this one included: a deadline that has
     * passed by then fires at the next call.
     */
    public int expire(long nowMillis, Consumer<T> fire) {
        long nowTick = Math.floorDiv(nowMillis, tickMillis);
        if (nowTick <= doneTick) return 0;
        Timer<T> due = null;
        long last = Math.min(nowTick, doneTick + buckets.length);
        for (long tick = doneTick + 1; tick <= last; tick++) {
            Timer<T> t = buckets[(int) (tick & mask)];
            while (t != null) {
                Timer<T> next = t.next;
                if (t.deadlineMillis <= nowMillis) {
                    cancel(t);
                    t.next = due; // collected first, fired after: a fire may re-arm into a bucket being walked
                    due = t;
                }
                t = next;
            }
        }
        doneTick = nowTick;
        int fired = 0;
        while (due != null) {
            Timer<T> next = due.next;
            due.next = null;
            fired++;
            fire.accept(due.owner);
            due = next;
        }
        return fired;
    }

    /**
     * When to call {@link #expire} next: the start of the first tick after the last expired whose bucket holds a
     * timer (it may hold only timers of a later turn: then that call fires nothing, and this answers the next turn),
     * or {@link Long#MAX_VALUE} when nothing is armed.
     */
    public long nextExpiryMillis() {
        if (armed == 0) return Long.MAX_VALUE;
        for (long tick = doneTick + 1; tick <= doneTick + buckets.length; tick++) {
            if (buckets[(int) (tick & mask)] != null) return tick * tickMillis;
        }
        throw new IllegalStateException("armed timers in no bucket");
    }
}
