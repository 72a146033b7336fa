package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** track_bfd as keepalived 2.2.7 applies it (vrrp_handle_bfd_event, initialise_track_bfd_state). */
class TrackBfdTest {
    static final long T0 = 1_000_000_000_000L;

    @Test
    void unweightedSessionHoldsTheInstanceInFaultUntilUpAndAgainWhenDown() {
        VrrpInstance i = new VrrpInstance(Adverts.v2("VI_1", 100).trackBfd(new TrackedBfd("b1", 0, false)).build());
        i.on(new VrrpEvent.Startup(), T0);
        assertThat(i.state()).as("sessions count as down until their first Up").isEqualTo(VrrpState.FAULT);
        i.on(new VrrpEvent.BfdStateChanged("b1", true), T0);
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
        i.on(new VrrpEvent.BfdStateChanged("b1", false), T0);
        assertThat(i.state()).isEqualTo(VrrpState.FAULT);
        // Another session's events do not matter to this instance.
        assertThat(i.on(new VrrpEvent.BfdStateChanged("other", true), T0)).isEmpty();
    }

    @Test
    void reverseUnweightedFaultsWhileUp() {
        VrrpInstance i = new VrrpInstance(Adverts.v2("VI_1", 100).trackBfd(new TrackedBfd("b1", 0, true)).build());
        i.on(new VrrpEvent.Startup(), T0);
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
        i.on(new VrrpEvent.BfdStateChanged("b1", true), T0);
        assertThat(i.state()).isEqualTo(VrrpState.FAULT);
    }

    @Test
    void weightsChangePriorityAsKeepalivedDoes() {
        VrrpInstance i = new VrrpInstance(Adverts.v2("VI_1", 100)
                .trackBfd(new TrackedBfd("up10", 10, false))
                .trackBfd(new TrackedBfd("down20", -20, false))
                .trackBfd(new TrackedBfd("rev5", 5, true)).build());
        i.on(new VrrpEvent.Startup(), T0);
        // All down: -20 from down20; up10 and rev5 add nothing.
        assertThat(i.effectivePriority()).isEqualTo(80);
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
        i.on(new VrrpEvent.BfdStateChanged("up10", true), T0);
        assertThat(i.effectivePriority()).isEqualTo(90);
        i.on(new VrrpEvent.BfdStateChanged("down20", true), T0);
        assertThat(i.effectivePriority()).isEqualTo(110);
        i.on(new VrrpEvent.BfdStateChanged("rev5", true), T0); // reverse: -5 while up
        assertThat(i.effectivePriority()).isEqualTo(105);
        List<Action> a = i.on(new VrrpEvent.BfdStateChanged("up10", false), T0);
        assertThat(Adverts.of(a, Action.PriorityChanged.class)).hasSize(1);
        assertThat(i.effectivePriority()).isEqualTo(95);
    }

    @Test
    void contributionAndFaultRules() {
        assertThat(new TrackedBfd("b", -20, true).contribution(false)).isEqualTo(20);
        assertThat(new TrackedBfd("b", -20, true).contribution(true)).isZero();
        assertThat(new TrackedBfd("b", 0, false).faults(false)).isTrue();
        assertThat(new TrackedBfd("b", 0, false).faults(true)).isFalse();
        assertThat(new TrackedBfd("b", 7, false).faults(false)).isFalse();
    }
}
