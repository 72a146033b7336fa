package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vigil.vrrp.Adverts.from;
import static io.vigil.vrrp.Adverts.timer;
import static io.vigil.vrrp.VrrpInstanceTest.MS;
import static io.vigil.vrrp.VrrpInstanceTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** down_timer_adverts: the master-down timer is N adverts plus the skew time (keepalived's VRRP_MS_DOWN_TIMER). */
class DownTimerAdvertsTest {

    static InstanceOptions downTimer(int n) {
        return new InstanceOptions(false, false, -1, List.of(), null, n);
    }

    @Test
    void masterDownIsNIntervalsPlusSkew() {
        VrrpInstanceSettings s = Adverts.v3("VI_1", 50, 10).options(downTimer(10)).build();
        VrrpInstance b = new VrrpInstance(s);
        List<Action> a = b.on(new VrrpEvent.Startup(), T0);
        // 10 × 100 ms + (256 − 50) × 100 ms / 256 = 1000 ms + 80.46875 ms
        assertThat(timer(a, TimerKind.MASTER_DOWN) - T0).isEqualTo(1_080_468_750L);
        a = b.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 100)), T0 + 500 * MS);
        assertThat(timer(a, TimerKind.MASTER_DOWN) - (T0 + 500 * MS)).isEqualTo(1_080_468_750L);
        VrrpInstance one = new VrrpInstance(Adverts.v2("VI_1", 50).options(downTimer(1)).build());
        assertThat(timer(one.on(new VrrpEvent.Startup(), T0), TimerKind.MASTER_DOWN) - T0).isEqualTo(1_804_687_500L);
    }

    @Test
    void theResumeWindowFollowsTheGroupsDownTimer() {
        assertThat(ResumeWindow.earliestTakeoverNanos(3, 10, 10)).isEqualTo(1_000_000_000L + 781_250L);
        assertThat(ResumeWindow.mayTakeBack(T0, T0 + 500 * MS, 3, 10, 10)).isTrue();
        assertThat(ResumeWindow.mayTakeBack(T0, T0 + 500 * MS, 3, 10, 3)).isFalse();
    }
}
