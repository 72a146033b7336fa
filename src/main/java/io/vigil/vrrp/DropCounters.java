package io.vigil.vrrp;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** Dropped adverts counted by reason (written by the VRRP thread, readable from any thread). */
public final class DropCounters {
    private final AtomicLongArray counts = new AtomicLongArray(DropReason.values().length);

    public void increment(DropReason reason) {
        counts.incrementAndGet(reason.ordinal());
    }

    public long get(DropReason reason) {
        return counts.get(reason.ordinal());
    }

    public long total() {
        long t = 0;
        for (int i = 0; i < counts.length(); i++) t += counts.get(i);
        return t;
    }

    /** Non-zero counters, in reason order. */
    public Map<DropReason, Long> snapshot() {
        Map<DropReason, Long> m = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) if (get(r) != 0) m.put(r, get(r));
        return m;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
