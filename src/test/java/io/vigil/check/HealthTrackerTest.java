package io.vigil.check;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

import static org.assertj.core.api.Assertions.assertThat;

/** keepalived's retry / delay_before_retry / alpha semantics, driven by a fake clock. */
class HealthTrackerTest {
    private static final ProbeResult UP = new ProbeResult.Up("ok");
    private static final ProbeResult DOWN = new ProbeResult.Down("connection refused");

    record Check(long atMillis, boolean success, HealthTracker.Change change) {}

    /** Runs a tracker on a fake clock until {@code endMillis}, the server being up when {@code serverUp} says so. */
    static List<Check> simulate(HealthTracker t, LongPredicate serverUp, long endMillis) {
        List<Check> checks = new ArrayList<>();
        long now = 0;
        while (now <= endMillis) {
            boolean ok = serverUp.test(now);
            HealthTracker.Step step = t.onResult(ok ? UP : DOWN);
            checks.add(new Check(now, ok, step.change()));
            now += step.delayMillis();
        }
        return checks;
    }

    static List<Check> verdicts(List<Check> checks) {
        return checks.stream().filter(c -> c.change() instanceof HealthTracker.Change.Verdict).toList();
    }

    @Test
    void failureIsRetriedDelayBeforeRetryApartThenGoesDown() {
        var timing = new CheckerSettings.Timing(10_000, 3, 2_000, 0);
        HealthTracker t = new HealthTracker(timing, false);
        // server dies at t=15 s
        List<Check> checks = simulate(t, now -> now < 15_000, 60_000);
        assertThat(checks).extracting(Check::atMillis)
                .startsWith(0L, 10_000L, 20_000L, 22_000L, 24_000L, 26_000L, 36_000L, 46_000L);
        List<Check> v = verdicts(checks);
        assertThat(v).hasSize(2);
        assertThat(v.get(0).atMillis()).isZero();
        assertThat(((HealthTracker.Change.Verdict) v.get(0).change()).firstReport()).isTrue();
        // down after the 3rd retry: the 4th consecutive failure, at 26 s
        assertThat(v.get(1).atMillis()).isEqualTo(26_000);
        var down = (HealthTracker.Change.Verdict) v.get(1).change();
        assertThat(down.up()).isFalse();
        assertThat(down.reason()).contains("connection refused").contains("after 3 retries");
        assertThat(t.isUp()).isFalse();
    }

    @Test
    void flappingWithinRetriesNeverGoesDown() {
        var timing = new CheckerSettings.Timing(5_000, 2, 1_000, 0);
        HealthTracker t = new HealthTracker(timing, false);
        // the server answers every other probe: each failure is followed by a good retry
        int[] calls = {0};
        LongPredicate flapping = now -> calls[0]++ % 2 == 0;
        List<Check> checks = simulate(t, flapping, 100_000);
        assertThat(checks.stream().filter(c -> !c.success()).count()).isGreaterThan(10);
        assertThat(verdicts(checks)).hasSize(1); // only the first report (up)
        assertThat(t.isUp()).isTrue();
        // each failure was followed by a retry delay_before_retry later
        for (int i = 0; i + 1 < checks.size(); i++) {
            if (!checks.get(i).success()) assertThat(checks.get(i + 1).atMillis() - checks.get(i).atMillis()).isEqualTo(1_000);
        }
    }

    @Test
    void recoveryNeedsOneSuccessAndDownServerIsCheckedEveryDelayLoop() {
        var timing = new CheckerSettings.Timing(3_000, 1, 1_000, 0);
        HealthTracker t = new HealthTracker(timing, false);
        List<Check> checks = simulate(t, now -> now < 1 || now >= 20_000, 30_000);
        List<Check> v = verdicts(checks);
        assertThat(v).extracting(c -> ((HealthTracker.Change.Verdict) c.change()).up()).containsExactly(true, false, true);
        // while down: failures every delay_loop, no retries
        List<Check> whileDown = checks.stream().filter(c -> c.atMillis() > v.get(1).atMillis() && c.atMillis() <= v.get(2).atMillis()).toList();
        for (int i = 1; i < whileDown.size(); i++) assertThat(whileDown.get(i).atMillis() - whileDown.get(i - 1).atMillis()).isEqualTo(3_000);
        assertThat(v.get(2).atMillis()).isGreaterThanOrEqualTo(20_000).isLessThan(23_000);
    }

    @Test
    void retryZeroGoesDownOnFirstFailure() {
        HealthTracker t = new HealthTracker(new CheckerSettings.Timing(1_000, 0, 1_000, 0), false);
        t.onResult(UP);
        HealthTracker.Step s = t.onResult(DOWN);
        assertThat(s.change()).isInstanceOf(HealthTracker.Change.Verdict.class);
        assertThat(((HealthTracker.Change.Verdict) s.change()).up()).isFalse();
        assertThat(s.delayMillis()).isEqualTo(1_000);
    }

    @Test
    void alphaStartsDownAndReportsFirstFailureAtOnce() {
        HealthTracker t = new HealthTracker(new CheckerSettings.Timing(1_000, 3, 500, 0), true);
        assertThat(t.isUp()).isFalse();
        HealthTracker.Step first = t.onResult(DOWN);
        var v = (HealthTracker.Change.Verdict) first.change();
        assertThat(v.up()).isFalse();
        assertThat(v.firstReport()).isTrue();
        assertThat(first.delayMillis()).isEqualTo(1_000);
        var up = (HealthTracker.Change.Verdict) t.onResult(UP).change();
        assertThat(up.up()).isTrue();
        assertThat(up.firstReport()).isFalse();
    }

    @Test
    void nonAlphaFirstSuccessIsAFirstReportWithoutChange() {
        HealthTracker t = new HealthTracker(new CheckerSettings.Timing(1_000, 1, 500, 0), false);
        var v = (HealthTracker.Change.Verdict) t.onResult(UP).change();
        assertThat(v.up()).isTrue();
        assertThat(v.firstReport()).isTrue();
        assertThat(t.onResult(UP).change()).isInstanceOf(HealthTracker.Change.None.class);
    }

    @Test
    void atStartUpOneFailureIsEnoughUntilTheFirstSuccess() {
        // keepalived 2.2.7 check_data.c: retry_it = retry when the configuration is first loaded
        var timing = new CheckerSettings.Timing(1_000, 2, 500, 0);
        HealthTracker dead = new HealthTracker(timing, false);
        HealthTracker.Step first = dead.onResult(DOWN);
        var v = (HealthTracker.Change.Verdict) first.change();
        assertThat(v.up()).isFalse();
        assertThat(v.firstReport()).isTrue();
        assertThat(v.reason()).doesNotContain("retries");
        assertThat(first.delayMillis()).isEqualTo(1_000);

        // after a success the retries count again: two more failures are retried, the third goes down
        HealthTracker alive = new HealthTracker(timing, false);
        alive.onResult(UP);
        assertThat(alive.onResult(DOWN).change()).isInstanceOf(HealthTracker.Change.None.class);
        assertThat(alive.onResult(DOWN).change()).isInstanceOf(HealthTracker.Change.None.class);
        assertThat(((HealthTracker.Change.Verdict) alive.onResult(DOWN).change()).up()).isFalse();
    }

    @Test
    void checkerAddedByAReloadRetriesUnlessItsServerAlreadyFailed() {
        var timing = new CheckerSettings.Timing(1_000, 1, 500, 0);
        HealthTracker added = new HealthTracker(timing, false, false);
        HealthTracker.Step s = added.onResult(DOWN);
        assertThat(s.change()).isInstanceOf(HealthTracker.Change.None.class);
        assertThat(s.delayMillis()).isEqualTo(500);
        assertThat(((HealthTracker.Change.Verdict) added.onResult(DOWN).change()).up()).isFalse();

        HealthTracker besideAFailedOne = new HealthTracker(timing, false, true);
        assertThat(((HealthTracker.Change.Verdict) besideAFailedOne.onResult(DOWN).change()).up()).isFalse();
    }

    @Test
    void weightResultCountsAsSuccess() {
        HealthTracker t = new HealthTracker(new CheckerSettings.Timing(1_000, 0, 500, 0), false);
        t.onResult(UP);
        t.onResult(DOWN);
        var v = (HealthTracker.Change.Verdict) t.onResult(new ProbeResult.Weight(7, "misc exit 9")).change();
        assertThat(v.up()).isTrue();
    }

    @Test
    void warmupSpreadsTheFirstCheck() {
        HealthTracker t = new HealthTracker(new CheckerSettings.Timing(1_000, 0, 500, 4_000), false);
        assertThat(t.firstDelayMillis(0.0)).isZero();
        assertThat(t.firstDelayMillis(0.5)).isEqualTo(2_000);
        assertThat(t.firstDelayMillis(1.0)).isLessThan(4_000);
    }

    @Test
    void keepalivedDefaults() {
        assertThat(CheckerSettings.Timing.keepalivedDefaults("TCP_CHECK", 6_000)).isEqualTo(new CheckerSettings.Timing(6_000, 1, 1_000, 6_000));
        assertThat(CheckerSettings.Timing.keepalivedDefaults("HTTP_GET", 6_000).delayBeforeRetryMillis()).isEqualTo(3_000);
        assertThat(CheckerSettings.Timing.keepalivedDefaults("MISC_CHECK", 6_000).retry()).isZero();
        assertThat(CheckerSettings.Timing.keepalivedDefaults("DNS_CHECK", 6_000).retry()).isEqualTo(3);
    }
}
