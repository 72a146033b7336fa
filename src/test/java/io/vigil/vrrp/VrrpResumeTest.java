package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A VRRP process restarted by the watchdog while MASTER takes the role back at once (issue #6). */
class VrrpResumeTest {
    static final long T0 = 1_000_000_000_000L;

    @Test
    void resumeGoesStraightToMasterWithAnAdvertTheVipsAndGarps() {
        VrrpInstance i = new VrrpInstance(Adverts.v2("VI_1", 100).build());
        List<Action> a = i.on(new VrrpEvent.Resume(), T0);
        assertThat(i.state()).isEqualTo(VrrpState.MASTER);
        assertThat(a).anySatisfy(x -> assertThat(x).isInstanceOf(Action.SendAdvert.class));
        assertThat(a).anySatisfy(x -> assertThat(x).isInstanceOf(Action.AddVips.class));
        assertThat(a).anySatisfy(x -> assertThat(x).isInstanceOf(Action.SendGarps.class));
        assertThat(a).filteredOn(x -> x instanceof Action.Transitioned).singleElement()
                .satisfies(x -> assertThat(((Action.Transitioned) x).reason()).contains("resumed"));
    }

    @Test
    void theStartupThatFollowsAResumeChangesNothing() {
        VrrpInstance i = new VrrpInstance(Adverts.v2("VI_1", 100).build());
        i.on(new VrrpEvent.Resume(), T0);
        assertThat(i.on(new VrrpEvent.Startup(), T0)).isEmpty();
        assertThat(i.state()).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void aHigherPriorityMasterSeenAfterTheResumeStillWins() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 50).build();
        VrrpInstance i = new VrrpInstance(s);
        i.on(new VrrpEvent.Resume(), T0);
        i.on(new VrrpEvent.AdvertReceived(Adverts.from(s, "198.18.0.12", 200)), T0 + 1_000_000L);
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    }
}
