package io.vigil.lb.nft;

import java.util.Locale;
import java.util.Optional;

/**
 * How full the kernel's connection-tracking table is, for the nftables data plane (pure: readings and time passed
 * in). Every connection through the plane's DNAT needs an entry; when the table is full the kernel drops new
 * connections (after evicting what it can), which an operator otherwise learns only from the kernel log. This says
 * so in Vigil's log at most once a minute while the table stays above 90 %, and once when it falls back under 80 %.
 *
 * <p>It also paces the full table dumps that feed the active/inactive connection counts: a dump costs CPU in
 * proportion to the entries, so a flood that fills a large table must not turn the checker process's once-a-second
 * counting into its main work. Up to {@value #ENTRIES_PER_SECOND_OF_INTERVAL} entries the counts are fresh every
 * second; above, one dump per {@code entries / ENTRIES_PER_SECOND_OF_INTERVAL} seconds (at most
 * {@value #MAX_DUMP_INTERVAL_MILLIS} ms apart), the last counts standing in between.
 */
public final class ConntrackPressure {
    static final int WARN_PERCENT = 90;
    static final int CLEAR_PERCENT = 80;
    static final long REPEAT_MILLIS = 60_000;
    static final long ENTRIES_PER_SECOND_OF_INTERVAL = 50_000;
    static final long MAX_DUMP_INTERVAL_MILLIS = 30_000;

    /** Entries in the table and its limit ({@code net.netfilter.nf_conntrack_count} and {@code _max}). */
    public record Usage(long entries, long max) {
        int percent() {
            return max <= 0 ? 0 : (int) Math.min(100, entries * 100 / max);
        }
    }

    private boolean warned;
    private long lastWarnMillis;
    private long peakSinceWarn;
    private long lastDumpMillis = Long.MIN_VALUE;

    /** What to log about this reading, if anything (a warning while high, one line when it has eased). */
    public Optional<String> observe(Usage u, long nowMillis) {
        int pct = u.percent();
        if (pct >= WARN_PERCENT) {
            peakSinceWarn = Math.max(peakSinceWarn, u.entries());
            if (!warned) {
                warned = true;
                lastWarnMillis = nowMillis;
                peakSinceWarn = u.entries();
                return Optional.of(String.format(Locale.ROOT, "conntrack table %d%% full (%,d of %,d entries): when it is full the kernel drops"
                        + " new connections through the nftables data plane; raise net.netfilter.nf_conntrack_max if this is not a flood",
                        pct, u.entries(), u.max()));
            }
            if (nowMillis - lastWarnMillis >= REPEAT_MILLIS) {
                String line = String.format(Locale.ROOT, "conntrack table still %d%% full (%,d of %,d entries; at most %,d in the last %d s)",
                        pct, u.entries(), u.max(), peakSinceWarn, (nowMillis - lastWarnMillis) / 1000);
                lastWarnMillis = nowMillis;
                peakSinceWarn = u.entries();
                return Optional.of(line);
            }
            return Optional.empty();
        }
        if (warned && pct < CLEAR_PERCENT) {
            warned = false;
            return Optional.of(String.format(Locale.ROOT, "conntrack table back to %d%% full (%,d of %,d entries)", pct, u.entries(), u.max()));
        }
        return Optional.empty();
    }

    /** True while a warning stands (the table went over 90 % and has not yet fallen under 80 %). */
    public boolean high() {
        return warned;
    }

    /** Whether a full dump for the connection counts is due now, given the table's size (null: unknown, dump). */
    public boolean dumpDue(Usage u, long nowMillis) {
        long interval = u == null ? 0 : dumpIntervalMillis(u.entries());
        if (lastDumpMillis != Long.MIN_VALUE && nowMillis - lastDumpMillis < interval) return false;
        lastDumpMillis = nowMillis;
        return true;
    }

    static long dumpIntervalMillis(long entries) {
        if (entries <= ENTRIES_PER_SECOND_OF_INTERVAL) return 0;
        return Math.min(MAX_DUMP_INTERVAL_MILLIS, entries * 1000 / ENTRIES_PER_SECOND_OF_INTERVAL);
    }
}
