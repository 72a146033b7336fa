package io.vigil.lb.proxy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The proxy's answer to accept(2) failing under a connection flood, on a fake clock. */
class AcceptBackoffTest {
    private static final long S = 1_000_000_000L;

    @Test
    void firstFailureLoggedThenOneLinePerWindowWithTheCountBetween() {
        AcceptBackoff b = new AcceptBackoff();
        assertThat(b.failed(0)).isEmpty();
        for (int i = 1; i <= 999; i++) assertThat(b.failed(i * 1_000_000L)).isNull();
        assertThat(b.failed(10 * S)).isEqualTo(" (999 more in the last 10 s, logged at most once per 10 s)");
        assertThat(b.failed(11 * S)).isNull();
        assertThat(b.failures()).isEqualTo(1_002);
    }

    @Test
    void retryErrnosAreNotFailures() {
        assertThat(AcceptBackoff.transientErrno(11)).isTrue();   // EAGAIN
        assertThat(AcceptBackoff.transientErrno(4)).isTrue();    // EINTR
        assertThat(AcceptBackoff.transientErrno(103)).isTrue();  // ECONNABORTED
        assertThat(AcceptBackoff.transientErrno(24)).isFalse();  // EMFILE
        assertThat(AcceptBackoff.transientErrno(23)).isFalse();  // ENFILE
    }
}
