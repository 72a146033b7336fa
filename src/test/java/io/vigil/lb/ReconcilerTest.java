package io.vigil.lb;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.vigil.net.IpLiteral.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReconcilerTest {
    static final ServiceKey WEB = new ServiceKey.Ip(Protocol.TCP, parse("198.18.1.10"), 80);
    static final ServiceKey DNS = new ServiceKey.Ip(Protocol.UDP, parse("198.18.1.10"), 53);
    static final RealServer RS1 = RealServer.nat(parse("198.18.2.1"), 80, 1);
    static final RealServer RS2 = RealServer.nat(parse("198.18.2.2"), 80, 1);
    static final RealServer RS3 = RealServer.nat(parse("198.18.2.3"), 80, 3);

    static DesiredState state(VirtualService... s) {
        return new DesiredState(List.of(s));
    }

    @Test
    void emptyToOneServiceAddsServiceThenServersInOrder() {
        Plan p = Reconciler.plan(DesiredState.EMPTY, state(VirtualService.of(WEB, SchedulerKind.RR, List.of(RS1, RS2))));
        assertThat(p.changes()).containsExactly(
                new Change.AddService(VirtualService.of(WEB, SchedulerKind.RR, List.of(RS1, RS2))),
                new Change.AddServer(WEB, RS1), new Change.AddServer(WEB, RS2));
    }

    @Test
    void sameStateTwiceIsAnEmptyPlan() {
        DesiredState s = state(VirtualService.of(WEB, SchedulerKind.WLC, List.of(RS1, RS2)));
        FakeDataPlane dp = new FakeDataPlane();
        assertThat(dp.reconcile(s).changes()).hasSize(3);
        assertThat(dp.reconcile(s).isEmpty()).isTrue();
        assertThat(dp.current()).isEqualTo(s);
    }

    @Test
    void weightZeroIsAnEditNotARemove() {
        DesiredState before = state(VirtualService.of(WEB, SchedulerKind.RR, List.of(RS1, RS2)));
        DesiredState after = state(VirtualService.of(WEB, SchedulerKind.RR, List.of(RS1, RS2.withWeight(0))));
        assertThat(Reconciler.plan(before, after).changes()).containsExactly(new Change.EditServer(WEB, RS2, RS2.withWeight(0)));
    }

    @Test
    void addsBeforeEditsBeforeRemovesWithinAService() {
        DesiredState before = state(VirtualService.of(WEB, SchedulerKind.RR, List.of(RS1, RS2)));
        DesiredState after = state(VirtualService.of(WEB, SchedulerKind.RR, List.of(RS1.withWeight(5), RS3)));
        assertThat(Reconciler.plan(before, after).changes()).containsExactly(
                new Change.AddServer(WEB, RS3),
                new Change.EditServer(WEB, RS1, RS1.withWeight(5)),
                new Change.RemoveServer(WEB, RS2));
    }

    @Test
    void serviceSettingsChangeIsOneEditKeepingServers() {
        VirtualService a = VirtualService.of(WEB, SchedulerKind.RR, List.of(RS1));
        VirtualService b = new VirtualService(WEB, SchedulerKind.SH, Set.of(SchedulerFlag.FALLBACK), new Persistence(300, 24), false, List.of(RS1));
        Plan p = Reconciler.plan(state(a), state(b));
        assertThat(p.changes()).containsExactly(new Change.EditService(a, b));
        assertThat(Reconciler.applyTo(state(a), p.changes())).isEqualTo(state(b));
    }

    @Test
    void aChangedPersistenceEngineIsAnEditOfTheService() {
        VirtualService none = new VirtualService(DNS, SchedulerKind.RR, Set.of(), new Persistence(60, 32), false, List.of());
        VirtualService sip = new VirtualService(DNS, SchedulerKind.RR, Set.of(), new Persistence(60, 32, "sip"), false, List.of());
        VirtualService other = new VirtualService(DNS, SchedulerKind.RR, Set.of(), new Persistence(60, 32, "other"), false, List.of());
        assertThat(Reconciler.plan(state(none), state(sip)).changes()).containsExactly(new Change.EditService(none, sip));
        assertThat(Reconciler.plan(state(sip), state(other)).changes()).containsExactly(new Change.EditService(sip, other));
        assertThat(Reconciler.plan(state(sip), state(none)).changes()).containsExactly(new Change.EditService(sip, none));
        assertThat(Reconciler.plan(state(sip), state(sip)).isEmpty()).isTrue();
    }

    @Test
    void servicesNoLongerWantedAreRemovedFirst() {
        VirtualService web = VirtualService.of(WEB, SchedulerKind.RR, List.of(RS1));
        VirtualService dns = VirtualService.of(DNS, SchedulerKind.RR, List.of(RealServer.nat(parse("198.18.2.1"), 53, 1)));
        Plan p = Reconciler.plan(state(web), state(dns));
        assertThat(p.changes().getFirst()).isEqualTo(new Change.RemoveService(web));
        assertThat(Reconciler.applyTo(state(web), p.changes())).isEqualTo(state(dns));
    }

    @Test
    void applyingAnyPlanReachesTheDesiredState() {
        VirtualService a = VirtualService.of(WEB, SchedulerKind.RR, List.of(RS1, RS2));
        VirtualService b = VirtualService.of(DNS, SchedulerKind.WRR, List.of(RealServer.nat(parse("198.18.2.9"), 53, 2)));
        List<DesiredState> states = List.of(DesiredState.EMPTY, state(a), state(b), state(a, b), state(b, a.withWeight(RS1.key(), 0)),
                state(a.without(RS1.key()).withServers(List.of(RS3, RS2))));
        for (DesiredState from : states)
            for (DesiredState to : states) {
                DesiredState reached = Reconciler.applyTo(from, Reconciler.plan(from, to).changes());
                // Server order is not reconciled (IPVS keeps insertion order): compare as sets.
                for (VirtualService s : to.services()) {
                    VirtualService got = reached.service(s.key()).orElseThrow();
                    assertThat(got.sameSettings(s)).isTrue();
                    assertThat(got.servers()).containsExactlyInAnyOrderElementsOf(s.servers());
                }
                assertThat(reached.services()).hasSameSizeAs(to.services());
                assertThat(Reconciler.plan(reached, to).isEmpty()).isTrue();
            }
    }

    @Test
    void refusalNamesTheBackEndAndProblem() {
        FakeDataPlane dp = new FakeDataPlane(DataPlaneKind.NFTABLES);
        dp.refuse("TCP 198.18.1.10:80 uses lc");
        assertThatThrownBy(() -> dp.reconcile(state(VirtualService.of(WEB, SchedulerKind.LC, List.of(RS1)))))
                .isInstanceOf(DataPlaneException.class).hasMessageContaining("nftables").hasMessageContaining("uses lc");
        assertThat(dp.current()).isEqualTo(DesiredState.EMPTY);
    }

    @Test
    void recordsRejectBadInput() {
        assertThatThrownBy(() -> VirtualService.of(WEB, SchedulerKind.RR, List.of(RS1, RS1))).hasMessageContaining("twice");
        assertThatThrownBy(() -> new VirtualService(WEB, SchedulerKind.RR, Set.of(), Persistence.NONE, true, List.of())).hasMessageContaining("UDP");
        assertThatThrownBy(() -> RS1.withWeight(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Persistence.prefixLengthOf("255.0.255.0")).hasMessageContaining("contiguous");
        assertThat(Persistence.prefixLengthOf("255.255.255.0")).isEqualTo(24);
        assertThat(new Persistence(60, 24).ipv4Netmask()).isEqualTo(0xffffff00);
        assertThat(Addresses.masked(parse("198.18.7.9"), 24)).isEqualTo(parse("198.18.7.0"));
    }

    @Test
    void selectorPrefersExplicitThenIpvsThenNftablesThenProxy() {
        record Caps(boolean ipvsAvailable, boolean nftablesUsable) implements DataPlaneSelector.Capabilities {}
        assertThat(DataPlaneSelector.choose(Optional.empty(), new Caps(true, true)).kind()).isEqualTo(DataPlaneKind.IPVS);
        assertThat(DataPlaneSelector.choose(Optional.empty(), new Caps(false, true)).kind()).isEqualTo(DataPlaneKind.NFTABLES);
        assertThat(DataPlaneSelector.choose(Optional.empty(), new Caps(false, false)).kind()).isEqualTo(DataPlaneKind.PROXY);
        assertThat(DataPlaneSelector.choose(DataPlaneSelector.parseKeyword("proxy"), new Caps(true, true)).kind()).isEqualTo(DataPlaneKind.PROXY);
        assertThat(DataPlaneSelector.parseKeyword("auto")).isEmpty();
        assertThat(DataPlaneSelector.parseKeyword("nft")).contains(DataPlaneKind.NFTABLES);
        assertThatThrownBy(() -> DataPlaneSelector.parseKeyword("xdp")).hasMessageContaining("expected ipvs, nftables, proxy or auto");
    }
}
