package io.vigil.daemon;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RestartPolicyTest {
    private final RestartPolicy policy = RestartPolicy.DEFAULT;

    @Test
    void aChildThatRanAWhileIsRestartedAtOnce() {
        assertThat(policy.delayMillis(60_000, 0)).isZero();
        assertThat(policy.delayMillis(10_000, 5)).isZero();
    }

    @Test
    void theFirstYoungDeathIsRestartedAtOnceThenBackoffDoubles() {
        assertThat(policy.delayMillis(100, 0)).isZero();
        assertThat(policy.delayMillis(100, 1)).isEqualTo(500);
        assertThat(policy.delayMillis(100, 2)).isEqualTo(1_000);
        assertThat(policy.delayMillis(100, 3)).isEqualTo(2_000);
        assertThat(policy.delayMillis(100, 30)).isEqualTo(30_000);
    }
}
