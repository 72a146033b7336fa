package io.vigil.check;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One running checker's handling of its probe results, the same whichever loop runs the probe (a virtual thread of
 * its own, or the shared TCP event loop): feeds the {@link HealthTracker}, sends what changed to the sink, records
 * the status and tells the observer. Used by one thread at a time.
 */
final class CheckerRun {
    private static final Logger log = LoggerFactory.getLogger(CheckScheduler.class);

    /** What every checker reports to: the scheduler's sink, observer, status table and check counter. */
    record Outputs(Consumer<CheckEvent> sink, PoolListener observer, Map<String, CheckerStatus> status, LongAdder checksRun) {}

    final VirtualServerSettings vs;
    final RealServerSettings rs;
    final int id;
    final CheckerSettings settings;
    final HealthTracker tracker;
    private final Outputs out;
    private final String statusKey;
    private Integer lastWeight;
    private long checks;

    CheckerRun(VirtualServerSettings vs, RealServerSettings rs, int id, CheckerSettings settings, HealthTracker tracker, Outputs out) {
        this.vs = vs;
        this.rs = rs;
        this.id = id;
        this.settings = settings;
        this.tracker = tracker;
        this.out = out;
        this.statusKey = vs.key() + "|" + rs.key() + "|" + id;
    }

    /** Handles one probe's result; returns the delay before the next check (delay_loop or delay_before_retry). */
    long onResult(ProbeResult r, long latencyMicros) {
        return onResult(r, latencyMicros, System.currentTimeMillis());
    }

    /** {@link #onResult(ProbeResult, long)} with the wall-clock time the probe ended, read by the caller. */
    long onResult(ProbeResult r, long latencyMicros, long endEpochMillis) {
        out.checksRun().increment();
        out.observer().onProbe(vs.key(), rs.key(), id, settings.kind(), r, latencyMicros, endEpochMillis);
        if (r instanceof ProbeResult.Weight w && (lastWeight == null || lastWeight != w.weight())) {
            lastWeight = w.weight();
            out.sink().accept(new CheckEvent.WeightChanged(vs.key(), rs.key(), id, w.weight(), w.detail()));
        }
        HealthTracker.Step step = tracker.onResult(r);
        out.status().put(statusKey, new CheckerStatus(vs.key(), rs.key(), id, settings.kind(), tracker.isUp(), tracker.retryCount(), r,
                endEpochMillis, ++checks));
        if (step.change() instanceof HealthTracker.Change.Verdict v) {
            CheckEvent.CheckerChanged changed = new CheckEvent.CheckerChanged(vs.key(), rs.key(), id, v.up(), v.reason(), v.firstReport());
            out.sink().accept(changed);
            out.observer().onCheckerChanged(changed);
        } else if (step.change() instanceof HealthTracker.Change.None n && !r.success()) {
            // log_all_failures: each failure while the server is up (keepalived logs them at INFO)
            if (settings.timing().logAllFailures() && tracker.isUp()) log.info("{} {}: {}", settings.kind(), rs.key(), n.note());
            else log.debug("{} {}: {}", settings.kind(), rs.key(), n.note());
        }
        return step.delayMillis();
    }
}
