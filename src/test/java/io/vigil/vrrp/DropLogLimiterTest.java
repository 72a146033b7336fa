package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Drop log lines under a flood (issue #12): one per reason per window, with the count of the quiet ones. */
class DropLogLimiterTest {
    static final long T0 = 7_000_000_000_000L, MS = 1_000_000L;

    @Test
    void firstDropOfAReasonIsLoggedThenOneLinePerWindowWithTheCount() {
        DropLogLimiter l = new DropLogLimiter();
        assertThat(l.admit(DropReason.CHECKSUM, T0)).isEmpty();
        int lines = 0;
        for (int i = 1; i < 100_000; i++) if (l.admit(DropReason.CHECKSUM, T0 + i * MS / 10) != null) lines++; // 10,000 a second for 10 s
        assertThat(lines).isZero();
        assertThat(l.admit(DropReason.CHECKSUM, T0 + DropLogLimiter.WINDOW_NANOS))
                .isEqualTo(" (and 99999 more for this reason in the last 10 s, logged at most once per 10 s)");
        assertThat(l.admit(DropReason.CHECKSUM, T0 + DropLogLimiter.WINDOW_NANOS + MS)).isNull();
    }

    @Test
    void reasonsAreLimitedApart() {
        DropLogLimiter l = new DropLogLimiter();
        assertThat(l.admit(DropReason.TTL, T0)).isEmpty();
        assertThat(l.admit(DropReason.TTL, T0 + MS)).isNull();
        assertThat(l.admit(DropReason.AUTH_PASSWORD, T0 + 2 * MS)).isEmpty();
    }

    @Test
    void aLoneDropAfterAQuietSpellIsLoggedWithoutACount() {
        DropLogLimiter l = new DropLogLimiter();
        l.admit(DropReason.TTL, T0);
        assertThat(l.admit(DropReason.TTL, T0 + 60_000 * MS)).isEmpty();
    }
}
