package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a tracked process's quorum moves an instance: FAULT with weight 0, a priority change otherwise. */
class TrackProcessPriorityTest {
    private static final long T0 = 1_000_000_000L;

    @Test
    void weightZeroMeansFaultWithoutQuorum() {
        VrrpInstance i = new VrrpInstance(Adverts.v2("VI_1", 100).trackProcess(new TrackedProcess("haproxy", 0, false)).build());
        i.on(new VrrpEvent.Startup(), T0);
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
        i.on(new VrrpEvent.TrackProcessState("haproxy", false), T0);
        assertThat(i.state()).isEqualTo(VrrpState.FAULT);
        i.on(new VrrpEvent.TrackProcessState("haproxy", true), T0);
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(i.on(new VrrpEvent.TrackProcessState("other", false), T0)).isEmpty();
    }

    @Test
    void weightsAndReverse() {
        VrrpInstance i = new VrrpInstance(Adverts.v2("VI_1", 100).trackProcess(new TrackedProcess("up", 10, false))
                .trackProcess(new TrackedProcess("down", -20, false)).trackProcess(new TrackedProcess("rev", 0, true)).build());
        i.on(new VrrpEvent.Startup(), T0);
        assertThat(i.effectivePriority()).isEqualTo(110);
        i.on(new VrrpEvent.TrackProcessState("rev", false), T0);
        i.on(new VrrpEvent.TrackProcessState("down", false), T0);
        assertThat(i.effectivePriority()).isEqualTo(90);
        i.on(new VrrpEvent.TrackProcessState("up", false), T0);
        assertThat(i.effectivePriority()).isEqualTo(80);
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
        i.on(new VrrpEvent.TrackProcessState("rev", true), T0);
        assertThat(i.state()).as("reverse: a quorum means fault").isEqualTo(VrrpState.FAULT);
    }
}
