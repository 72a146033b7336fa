package io.vigil.vrrp;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Deadlines keyed by name (at most one per key; re-arming replaces, cancelling removes) in a priority queue with lazy
 * deletion. Single-threaded: used by the VRRP thread only.
 */
final class TimerQueue {
    private record Entry(long deadline, long seq, String key, boolean precise, Runnable task) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            return deadline != o.deadline ? Long.compare(deadline, o.deadline) : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private final Map<String, Entry> live = new HashMap<>();
    private long seq;

    void schedule(String key, long deadline, Runnable task) {
        schedule(key, deadline, false, task);
    }

    /** @param precise the runtime should not be late for this one (spin the last stretch rather than sleep) */
    void schedule(String key, long deadline, boolean precise, Runnable task) {
        Entry e = new Entry(deadline, seq++, key, precise, task);
        live.put(key, e);
        queue.add(e);
    }

    void cancel(String key) {
        live.remove(key);
    }

    void clear() {
        live.clear();
        queue.clear();
    }

    /** The earliest live deadline, or Long.MAX_VALUE. */
    long nextDeadline() {
        while (!queue.isEmpty() && live.get(queue.peek().key()) != queue.peek()) queue.poll();
        return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().deadline();
    }

    /** Whether the earliest live deadline asked for precision. */
    boolean nextIsPrecise() {
        return nextDeadline() != Long.MAX_VALUE && queue.peek().precise();
    }

    /** Removes and returns the next task due at {@code now}, or null. */
    Runnable pollDue(long now) {
        if (nextDeadline() > now) return null;
        Entry e = queue.poll();
        live.remove(e.key());
        return e.task();
    }

    int size() {
        return live.size();
    }
}
