package io.vigil.bfd;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** Dropped control packets counted by reason (written by the BFD thread, readable from any thread). */
public final class BfdDropCounters {
    private final AtomicLongArray counts = new AtomicLongArray(BfdDropReason.values().length);

    public void increment(BfdDropReason reason) {
        counts.incrementAndGet(reason.ordinal());
    }

    public long get(BfdDropReason reason) {
        return counts.get(reason.ordinal());
    }

    public long total() {
        long t = 0;
        for (int i = 0; i < counts.length(); i++) t += counts.get(i);
        return t;
    }

    /** Non-zero counters, in reason order. */
    public Map<BfdDropReason, Long> snapshot() {
        Map<BfdDropReason, Long> m = new EnumMap<>(BfdDropReason.class);
        for (BfdDropReason r : BfdDropReason.values()) if (get(r) != 0) m.put(r, get(r));
        return m;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
