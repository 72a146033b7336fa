package io.vigil.check;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timeline of one detection (issue 17: "Vigil's TCP detection never went below 1.6 s"), on a fake clock: a
 * checker loop as {@link CheckScheduler} runs it ({@link CheckScheduler#nextDue} + {@link HealthTracker}) beside
 * keepalived 2.2.7's as check_tcp.c runs it (tcp_epilog re-arms with thread_add_timer, which counts from
 * set_time_now(), i.e. from the END of the check). Settings of bench/check-vs-keepalived.sh: delay_loop 1 s,
 * connect_timeout 1 s, retry 1, delay_before_retry 1 s.
 */
class DetectionTimelineTest {
    static final CheckerSettings.Timing BENCH = new CheckerSettings.Timing(1000, 1, 1000, 1000);

    /** One check: when it started, when its result was known, what it found and what the tracker made of it. */
    record Check(long startMillis, long endMillis, boolean success, HealthTracker.Change change) {}

    /** How a server answers a check started at a time: success, or a failure after how long. */
    interface Server {
        /** -1: success at once; otherwise the failure takes this many ms (0: refused, connect_timeout: dropped SYN). */
        long failureMillisAt(long startMillis);
    }

    /** Vigil: the next check is due delay after the previous one was DUE (fixed rate, {@link CheckScheduler#nextDue}). */
    static List<Check> vigil(CheckerSettings.Timing timing, Server server, long firstCheckMillis, long endMillis) {
        HealthTracker t = new HealthTracker(timing, false);
        List<Check> out = new ArrayList<>();
        long due = firstCheckMillis, now = firstCheckMillis;
        while (due <= endMillis) {
            now = Math.max(now, due); // the loop sleeps until due
            long start = now;
            long failure = server.failureMillisAt(start);
            now += Math.max(failure, 0);
            HealthTracker.Step step = t.onResult(failure < 0 ? new ProbeResult.Up("ok") : new ProbeResult.Down("refused"));
            out.add(new Check(start, now, failure < 0, step.change()));
            due = CheckScheduler.nextDue(due, step.delayMillis(), now);
        }
        return out;
    }

    /** keepalived 2.2.7 check_tcp.c: same retry logic (tcp_epilog), but the timer is armed at the end of the check. */
    static List<Check> keepalived(CheckerSettings.Timing timing, Server server, long firstCheckMillis, long endMillis) {
        HealthTracker t = new HealthTracker(timing, false);
        List<Check> out = new ArrayList<>();
        long now = firstCheckMillis;
        while (now <= endMillis) {
            long start = now;
            long failure = server.failureMillisAt(start);
            now += Math.max(failure, 0);
            HealthTracker.Step step = t.onResult(failure < 0 ? new ProbeResult.Up("ok") : new ProbeResult.Down("refused"));
            out.add(new Check(start, now, failure < 0, step.change()));
            now += step.delayMillis();
        }
        return out;
    }

    /** ms from the kill to the down verdict (the coordinator publishes the pool on the same event, no timer between). */
    static long detection(List<Check> checks, long killMillis) {
        return checks.stream()
                .filter(c -> c.change() instanceof HealthTracker.Change.Verdict v && !v.up() && c.endMillis() >= killMillis)
                .findFirst().orElseThrow().endMillis() - killMillis;
    }

    @Test
    void refusedServerIsDroppedAtTheNextCheckPlusOneDelayBeforeRetryInBoth() {
        // checks at 0, 1000, 2000, ...; killed at 2300: refused (listener closed) is known at connect time
        long kill = 2300;
        Server refused = start -> start < kill ? -1 : 0;
        List<Check> v = vigil(BENCH, refused, 0, 10_000);
        List<Check> k = keepalived(BENCH, refused, 0, 10_000);

        // timeline: 3000 first failure (retry 1 of 1, next in delay_before_retry) -> 4000 second failure -> down
        assertThat(v).filteredOn(c -> !c.success()).extracting(Check::startMillis).startsWith(3000L, 4000L);
        assertThat(v.stream().filter(c -> c.startMillis() == 3000).findFirst().orElseThrow().change())
                .isInstanceOf(HealthTracker.Change.None.class);
        assertThat(detection(v, kill)).isEqualTo(700 + 1000);
        assertThat(detection(k, kill)).isEqualTo(700 + 1000);
    }

    @Test
    void detectionIsUniformFromDelayBeforeRetryToDelayLoopPlusDelayBeforeRetryWithoutAFloorAbove() {
        // killed at every phase of the check loop: detection = (time to the next check) + delay_before_retry,
        // in (1000, 2000] ms, the same in Vigil and keepalived; nothing puts a floor at 1.6 s
        List<Long> vigilMs = new ArrayList<>(), keepalivedMs = new ArrayList<>();
        for (long phase = 1; phase <= 1000; phase += 111) {
            long kill = 5000 + phase;
            Server refused = start -> start < kill ? -1 : 0;
            vigilMs.add(detection(vigil(BENCH, refused, 0, 20_000), kill));
            keepalivedMs.add(detection(keepalived(BENCH, refused, 0, 20_000), kill));
        }
        assertThat(vigilMs).isEqualTo(keepalivedMs);
        assertThat(vigilMs).containsExactly(1999L, 1888L, 1777L, 1666L, 1555L, 1444L, 1333L, 1222L, 1111L, 1000L);
    }

    @Test
    void droppedSynIsDetectedOneConnectTimeoutSoonerThanKeepalivedBecauseVigilCountsFromTheStart() {
        // a black-holed server: each check fails only at connect_timeout (1 s)
        long kill = 2300;
        Server dropped = start -> start < kill ? -1 : 1000;
        List<Check> v = vigil(BENCH, dropped, 0, 10_000);
        List<Check> k = keepalived(BENCH, dropped, 0, 10_000);
        // Vigil: 3000-4000 fails, retry due 4000 (1 s after the start) runs at 4000, fails at 5000 -> down
        assertThat(detection(v, kill)).isEqualTo(5000 - kill);
        // keepalived: 3000-4000 fails, retry armed at 4000 for 5000, fails at 6000 -> down
        assertThat(detection(k, kill)).isEqualTo(6000 - kill);
    }

    @Test
    void nextDueIsFixedRateAndDoesNotBurstAfterAnOverrun() {
        assertThat(CheckScheduler.nextDue(1000, 1000, 1005)).isEqualTo(2000); // a quick check: one delay after it was due
        assertThat(CheckScheduler.nextDue(1000, 1000, 2500)).isEqualTo(2000); // overran by half a delay: runs at once, no catch-up
        assertThat(CheckScheduler.nextDue(1000, 1000, 3500)).isEqualTo(3500); // overran by more than a delay: restarts from now
    }
}
