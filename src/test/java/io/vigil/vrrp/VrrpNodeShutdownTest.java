package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A stop of the pure node: the priority-0 adverts of every master come before anything else of the stop. */
class VrrpNodeShutdownTest {

    @Test
    void everyMastersPriorityZeroAdvertComesFirstThenEachInstancesStopInItsOrder() {
        List<VrrpInstanceSettings> s = List.of(VrrpNodeReloadTest.vi("VI_1", 1).build(), VrrpNodeReloadTest.vi("VI_2", 2).build(),
                VrrpNodeReloadTest.vi("VI_3", 3).build());
        VrrpNode node = VrrpNodeReloadTest.allMaster(s, List.of());
        List<InstanceAction> unordered = VrrpNodeReloadTest.allMaster(s, List.of())
                .onAll(new VrrpEvent.Shutdown("stop"), VrrpNodeReloadTest.T0 + 6_000_000_000L);

        List<InstanceAction> out = node.shutdown("stop", VrrpNodeReloadTest.T0 + 6_000_000_000L);

        // The same actions as the plain Shutdown event, reordered only.
        assertThat(out).extracting(VrrpNodeShutdownTest::kind).containsExactlyInAnyOrderElementsOf(unordered.stream().map(VrrpNodeShutdownTest::kind).toList());
        assertThat(out.subList(0, 3)).extracting(InstanceAction::instance).containsExactly("VI_1", "VI_2", "VI_3");
        assertThat(out.subList(0, 3)).extracting(a -> ((Action.SendAdvert) a.action()).priority()).containsExactly(0, 0, 0);
        assertThat(out.subList(3, out.size())).noneMatch(a -> a.action() instanceof Action.SendAdvert);
        // Each instance keeps its own order behind the adverts: VIPs removed before the transition is reported.
        for (String name : List.of("VI_1", "VI_2", "VI_3")) {
            List<Action> rest = VrrpNodeReloadTest.actionsOf(out.subList(3, out.size()), name);
            assertThat(rest).filteredOn(a -> a instanceof Action.RemoveVips || a instanceof Action.Transitioned)
                    .extracting(a -> a.getClass().getSimpleName()).containsExactly("RemoveVips", "Transitioned");
        }
        for (VrrpInstance i : node.instances()) assertThat(i.state()).isEqualTo(VrrpState.STOP);
    }

    /** Instance and kind of action (the advert's bytes are arrays, which records compare by identity). */
    private static String kind(InstanceAction a) {
        return a.instance() + ":" + a.action().getClass().getSimpleName();
    }
}
