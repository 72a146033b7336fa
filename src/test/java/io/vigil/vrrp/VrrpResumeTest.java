package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A VRRP process restarted by the watchdog while MASTER takes the role back at once (issue #6), but only while no
 * backup can have taken over since its last advert (issue #12); all times from a fake clock.
 */
class VrrpResumeTest {
    static final long T0 = 1_000_000_000_000L;
    static final long MS = 1_000_000L;

    @Test
    void resumeGoesStraightToMasterWithAnAdvertTheVipsAndGarps() {
        VrrpInstance i = new VrrpInstance(Adverts.v2("VI_1", 100).build());
        List<Action> a = i.on(new VrrpEvent.Resume(T0 - 1500 * MS), T0);
        assertThat(i.state()).isEqualTo(VrrpState.MASTER);
        assertThat(a).anySatisfy(x -> assertThat(x).isInstanceOf(Action.SendAdvert.class));
        assertThat(a).anySatisfy(x -> assertThat(x).isInstanceOf(Action.AddVips.class));
        assertThat(a).anySatisfy(x -> assertThat(x).isInstanceOf(Action.SendGarps.class));
        assertThat(a).noneSatisfy(x -> assertThat(x).isInstanceOf(Action.RemoveVips.class));
        assertThat(a).filteredOn(x -> x instanceof Action.Transitioned).singleElement()
                .satisfies(x -> assertThat(((Action.Transitioned) x).reason()).contains("1500 ms after its last advert").contains("taking the role back"));
    }

    @Test
    void theStartupThatFollowsAResumeChangesNothing() {
        VrrpInstance i = new VrrpInstance(Adverts.v2("VI_1", 100).build());
        i.on(new VrrpEvent.Resume(T0), T0);
        assertThat(i.on(new VrrpEvent.Startup(), T0)).isEmpty();
        assertThat(i.state()).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void aHigherPriorityMasterSeenAfterTheResumeStillWins() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 50).build();
        VrrpInstance i = new VrrpInstance(s);
        i.on(new VrrpEvent.Resume(T0), T0);
        i.on(new VrrpEvent.AdvertReceived(Adverts.from(s, "198.18.0.12", 200)), T0 + 1_000_000L);
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    }

    /**
     * Issue #12 as found: state BACKUP + nopreempt, the VRRP process frozen (SIGSTOP) for 6 s, killed by the watchdog
     * and restarted 0.5 s later. The peer took over after ~3.8 s; taking the role back would move the VIP a second time
     * and break nopreempt. The new process drops the VIPs the old one left and starts as BACKUP, sending nothing.
     */
    @Test
    void aProcessFrozenLongerThanTheMasterDownIntervalStartsAsBackupAndDropsItsVips() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 100).initialState(VrrpState.BACKUP).preempt(false).build();
        VrrpInstance i = new VrrpInstance(s);
        List<Action> a = i.on(new VrrpEvent.Resume(T0 - 6500 * MS), T0);
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(a.getFirst()).isInstanceOf(Action.RemoveVips.class);
        assertThat(((Action.RemoveVips) a.getFirst()).addresses()).containsExactlyElementsOf(s.virtualAddresses());
        assertThat(a).noneSatisfy(x -> assertThat(x).isInstanceOfAny(Action.SendAdvert.class, Action.AddVips.class, Action.SendGarps.class));
        assertThat(a).filteredOn(x -> x instanceof Action.Transitioned).singleElement()
                .satisfies(x -> assertThat(((Action.Transitioned) x).reason()).contains("6500 ms after its last advert").contains("too late to resume")
                        .doesNotContain("taking the role back"));
        // From here keepalived's rules: a master-down timer like any backup's.
        assertThat(Adverts.timer(a, TimerKind.MASTER_DOWN)).isEqualTo(T0 + i.masterDownNanos());
        // and with nopreempt, a live lower-priority master keeps the role: its advert only resets the timer
        List<Action> b = i.on(new VrrpEvent.AdvertReceived(Adverts.from(s, "198.18.0.12", 50)), T0 + 100 * MS);
        assertThat(Adverts.timer(b, TimerKind.MASTER_DOWN)).isEqualTo(T0 + 100 * MS + i.masterDownNanos());
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void theDecisionIsTakenAtTheWindowsEdgeWithTheMarginForTheFirstAdvert() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 100).build();
        long window = ResumeWindow.earliestTakeoverNanos(2, 100);
        long justInside = window - ResumeWindow.DECISION_TO_WIRE_NANOS - 1;
        VrrpInstance early = new VrrpInstance(s);
        early.on(new VrrpEvent.Resume(T0 - justInside), T0);
        assertThat(early.state()).isEqualTo(VrrpState.MASTER);
        VrrpInstance late = new VrrpInstance(s);
        late.on(new VrrpEvent.Resume(T0 - justInside - 1), T0);
        assertThat(late.state()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void anAddressOwnerTooLateToResumeStillStartsAsMaster() {
        VrrpInstance i = new VrrpInstance(Adverts.v2("VI_1", 255).build());
        List<Action> a = i.on(new VrrpEvent.Resume(T0 - 60_000 * MS), T0);
        assertThat(i.state()).isEqualTo(VrrpState.MASTER);
        assertThat(a).anySatisfy(x -> assertThat(x).isInstanceOf(Action.AddVips.class));
    }

    @Test
    void aStampFromTheFutureIsNotTrusted() {
        VrrpInstance i = new VrrpInstance(Adverts.v2("VI_1", 100).build());
        i.on(new VrrpEvent.Resume(T0 + 10 * MS), T0);
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    }
}
