package io.vigil.vrrp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The resume window (issue #12): the shortest Master_Down_Interval of RFC 3768 / RFC 5798 any backup can have. */
class ResumeWindowTest {
    @ParameterizedTest
    @CsvSource({
            // version, advert interval (centiseconds), 3 x interval + Skew_Time(254) in ns
            "2, 100, 3007812500",    // 3 s + 2/256 s
            "2, 300, 9007812500",    // the v2 skew does not scale with the interval
            "3, 100, 3007812500",    // 3 s + 2 x 1 s / 256
            "3, 10,  300781250",     // 0.3 s + 2 x 0.1 s / 256
            "3, 1,   30078125",
    })
    void earliestTakeoverIsThreeIntervalsAndTheSkewOfTheHighestBackupPriority(int version, int centis, long nanos) {
        assertThat(ResumeWindow.earliestTakeoverNanos(version, centis)).isEqualTo(nanos);
    }

    /** Cross-check with the instances' own timers: no backup priority yields a shorter master-down time. */
    @ParameterizedTest
    @CsvSource({"2, 100", "2, 200", "3, 100", "3, 10", "3, 1", "3, 4095"})
    void noBackupPriorityTakesOverEarlier(int version, int centis) {
        for (int priority = 1; priority <= 254; priority++) {
            VrrpInstanceSettings s = version == 2 ? Adverts.v2("VI_1", priority).advertIntervalCentis(centis).build()
                    : Adverts.v3("VI_1", priority, centis).build();
            VrrpInstance backup = new VrrpInstance(s);
            assertThat(backup.masterDownNanos()).as("priority %d", priority)
                    .isGreaterThanOrEqualTo(ResumeWindow.earliestTakeoverNanos(version, centis));
            if (priority == 254) assertThat(backup.masterDownNanos()).isEqualTo(ResumeWindow.earliestTakeoverNanos(version, centis));
        }
    }

    @Test
    void mayTakeBackOnlyInsideTheWindowLessTheMargin() {
        long t0 = 5_000_000_000_000L;
        long edge = ResumeWindow.earliestTakeoverNanos(2, 100) - ResumeWindow.DECISION_TO_WIRE_NANOS;
        assertThat(ResumeWindow.mayTakeBack(t0, t0, 2, 100)).isTrue();
        assertThat(ResumeWindow.mayTakeBack(t0, t0 + edge - 1, 2, 100)).isTrue();
        assertThat(ResumeWindow.mayTakeBack(t0, t0 + edge, 2, 100)).isFalse();
        assertThat(ResumeWindow.mayTakeBack(t0, t0 + 6_500_000_000L, 2, 100)).as("the issue: frozen 6 s, restarted 0.5 s later").isFalse();
        assertThat(ResumeWindow.mayTakeBack(t0, t0 - 1, 2, 100)).as("a stamp after now").isFalse();
    }
}
