package io.vigil.daemon;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The watchdog's own lateness, on a fake clock (the soak's SIGSTOPped parent killed its healthy children). */
class WatchdogLagTest {
    private static final long MS = 1_000_000L;

    @Test
    void onTimeTicksAreNotLate() {
        WatchdogLag lag = new WatchdogLag(1_000);
        assertThat(lag.tick(0)).isZero();
        assertThat(lag.tick(1_000 * MS)).isZero();
        assertThat(lag.tick(2_050 * MS)).isEqualTo(50 * MS);
        assertThat(lag.stalled(50 * MS)).isFalse();
    }

    @Test
    void aStoppedParentsFirstTickAfterSigcontIsStalledAndTheCatchUpTicksAreNot() {
        WatchdogLag lag = new WatchdogLag(1_000);
        lag.tick(0);
        long late = lag.tick(5_900 * MS); // stopped 4.9 s
        assertThat(late).isEqualTo(4_900 * MS);
        assertThat(lag.stalled(late)).isTrue();
        // A fixed-rate timer runs the missed ticks back to back: each comes early, none is late.
        assertThat(lag.tick(5_901 * MS)).isZero();
        assertThat(lag.tick(5_902 * MS)).isZero();
    }

    @Test
    void oneMissedIntervalIsStillNotAStall() {
        WatchdogLag lag = new WatchdogLag(1_000);
        lag.tick(0);
        long late = lag.tick(2_000 * MS);
        assertThat(late).isEqualTo(1_000 * MS);
        assertThat(lag.stalled(late)).isFalse();
    }
}
