package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vigil.vrrp.Adverts.from;
import static io.vigil.vrrp.Adverts.of;
import static io.vigil.vrrp.Adverts.timer;
import static io.vigil.vrrp.VrrpInstanceTest.MS;
import static io.vigil.vrrp.VrrpInstanceTest.T0;
import static io.vigil.vrrp.VrrpInstanceTest.master;
import static org.assertj.core.api.Assertions.assertThat;

/** lower_prio_no_advert and higher_prio_send_advert: what a MASTER sends when it hears another router (keepalived's vrrp_state_master_rx). */
class MasterAdvertOptionsTest {

    @Test
    void lowerPrioNoAdvertKeepsTheRegularAdvertOnlyButStillSendsTheLowerPrioGarpsAndFifoLine() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 100).options(new InstanceOptions(true, false)).build();
        VrrpInstance i = master(s);
        long at = T0 + 10_000 * MS;
        List<Action> a = i.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 50)), at);
        assertThat(i.state()).isEqualTo(VrrpState.MASTER);
        assertThat(of(a, Action.SendAdvert.class)).isEmpty();
        assertThat(of(a, Action.SendGarps.class)).hasSize(1);
        // The next advert leaves on its own timer: the ADVERT timer is not moved by the lower-priority advert.
        assertThat(of(a, Action.ScheduleTimer.class)).noneSatisfy(t -> assertThat(t.kind()).isEqualTo(TimerKind.ADVERT));
        long sent = i.advertsSent();
        a = i.on(new VrrpEvent.TimerFired(TimerKind.ADVERT), T0 + 11_000 * MS);
        assertThat(of(a, Action.SendAdvert.class)).singleElement().satisfies(x -> assertThat(x.priority()).isEqualTo(100));
        assertThat(i.advertsSent()).isEqualTo(sent + 1);
    }

    @Test
    void byDefaultALowerPriorityAdvertIsAnsweredAtOnceAndTheTimerRestarts() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 100).build();
        VrrpInstance i = master(s);
        long at = T0 + 10_000 * MS;
        List<Action> a = i.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 50)), at);
        assertThat(of(a, Action.SendAdvert.class)).singleElement().satisfies(x -> assertThat(x.priority()).isEqualTo(100));
        assertThat(timer(a, TimerKind.ADVERT) - at).isEqualTo(1_000 * MS);
    }

    @Test
    void higherPrioSendAdvertSendsOursBeforeYielding() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 100).options(new InstanceOptions(false, true)).build();
        VrrpInstance i = master(s);
        List<Action> a = i.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 150)), T0 + 10_000 * MS);
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(of(a, Action.SendAdvert.class)).singleElement().satisfies(x -> assertThat(x.priority()).isEqualTo(100));
        List<Class<?>> kinds = a.stream().<Class<?>>map(Object::getClass).toList();
        assertThat(kinds.indexOf(Action.SendAdvert.class)).isLessThan(kinds.indexOf(Action.RemoveVips.class));
    }

    @Test
    void higherPrioSendAdvertAlsoOnEqualPriorityFromAHigherAddress() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 100).options(new InstanceOptions(false, true)).build(); // 198.18.0.11
        VrrpInstance i = master(s);
        List<Action> a = i.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 100)), T0 + 10_000 * MS);
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(of(a, Action.SendAdvert.class)).hasSize(1);
    }

    @Test
    void withoutTheOptionAMasterYieldsSilently() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 100).build();
        VrrpInstance i = master(s);
        List<Action> a = i.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 150)), T0 + 10_000 * MS);
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(of(a, Action.SendAdvert.class)).isEmpty();
    }

    @Test
    void aBackupSendsNothingWhateverTheOptions() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 100).options(new InstanceOptions(false, true)).build();
        VrrpInstance i = new VrrpInstance(s);
        i.on(new VrrpEvent.Startup(), T0);
        List<Action> a = i.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 150)), T0 + 100 * MS);
        assertThat(of(a, Action.SendAdvert.class)).isEmpty();
    }

    @Test
    void notifyMasterRxLowerPriRunsAsWrittenOnEachLowerPriorityAdvert() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 100)
                .notifications(NotifySettings.NONE.withMasterRxLowerPri(List.of("/bin/true", "x"))).build();
        VrrpInstance i = master(s);
        List<Action> a = i.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 50)), T0 + 10_000 * MS);
        assertThat(of(a, Action.RunNotify.class)).singleElement().satisfies(r -> assertThat(r.argv()).containsExactly("/bin/true", "x"));
        a = i.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 150)), T0 + 11_000 * MS);
        assertThat(of(a, Action.RunNotify.class)).isEmpty();
    }
}
