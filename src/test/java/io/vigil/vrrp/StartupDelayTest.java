package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vigil.vrrp.Adverts.from;
import static io.vigil.vrrp.Adverts.of;
import static io.vigil.vrrp.Adverts.timer;
import static io.vigil.vrrp.VrrpInstanceTest.MS;
import static io.vigil.vrrp.VrrpInstanceTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** vrrp_startup_delay: a BACKUP's timers run from the end of the delay until it has passed (keepalived's vrrp_delayed_start_time). */
class StartupDelayTest {
    static final long DELAY = 10_000 * MS;

    @Test
    void theFirstMasterDownTimerRunsFromTheEndOfTheDelay() {
        VrrpInstance b = new VrrpInstance(Adverts.v2("VI_1", 50).build());
        List<Action> a = b.on(new VrrpEvent.Startup(T0 + DELAY), T0);
        assertThat(b.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(timer(a, TimerKind.MASTER_DOWN) - T0).isEqualTo(DELAY + 3_804_687_500L);
    }

    @Test
    void advertsDuringTheDelayRestartTheTimerFromItsEndAndAfterItFromNow() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 50).build();
        VrrpInstance b = new VrrpInstance(s);
        b.on(new VrrpEvent.Startup(T0 + DELAY), T0);
        List<Action> a = b.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 100)), T0 + 2_000 * MS);
        assertThat(timer(a, TimerKind.MASTER_DOWN) - T0).isEqualTo(DELAY + 3_804_687_500L);
        a = b.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 0)), T0 + 3_000 * MS);
        assertThat(timer(a, TimerKind.MASTER_DOWN) - T0).isEqualTo(DELAY + 804_687_500L);
        long after = T0 + DELAY + 1_000 * MS;
        a = b.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 100)), after);
        assertThat(timer(a, TimerKind.MASTER_DOWN) - after).isEqualTo(3_804_687_500L);
    }

    @Test
    void theAddressOwnerIsNotDelayed() {
        VrrpInstance o = new VrrpInstance(Adverts.v2("VI_1", 255).build());
        List<Action> a = o.on(new VrrpEvent.Startup(T0 + DELAY), T0);
        assertThat(o.state()).isEqualTo(VrrpState.MASTER);
        assertThat(of(a, Action.SendAdvert.class)).hasSize(1);
    }

    @Test
    void withoutADelayNothingChanges() {
        VrrpInstance b = new VrrpInstance(Adverts.v2("VI_1", 50).build());
        assertThat(timer(b.on(new VrrpEvent.Startup(), T0), TimerKind.MASTER_DOWN) - T0).isEqualTo(3_804_687_500L);
    }
}
