package io.vigil.net;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters by reason, one per constant of an enum (dropped packets by drop reason): written by one thread, readable
 * from any.
 */
public class EnumCounters<E extends Enum<E>> {
    private final Class<E> type;
    private final E[] reasons;
    private final AtomicLongArray counts;

    protected EnumCounters(Class<E> type) {
        this.type = type;
        this.reasons = type.getEnumConstants();
        this.counts = new AtomicLongArray(reasons.length);
    }

    public final void increment(E reason) {
        counts.incrementAndGet(reason.ordinal());
    }

    public final long get(E reason) {
        return counts.get(reason.ordinal());
    }

    public final long total() {
        long t = 0;
        for (int i = 0; i < counts.length(); i++) t += counts.get(i);
        return t;
    }

    /** Non-zero counters, in reason order. */
    public final Map<E, Long> snapshot() {
        Map<E, Long> m = new EnumMap<>(type);
        for (E r : reasons) if (get(r) != 0) m.put(r, get(r));
        return m;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
