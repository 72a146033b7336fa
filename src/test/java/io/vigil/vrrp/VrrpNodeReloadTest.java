package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A reload applied to the pure node, on a fake clock: exactly which actions each instance gets. */
class VrrpNodeReloadTest {
    static final long T0 = 1_000_000_000_000L;

    static VrrpInstanceSettings.Builder vi(String name, int vrid) {
        return VrrpInstanceSettings.builder(name, vrid, "eth0", Adverts.ip("198.18.0.11")).vip("198.18.1." + vrid + "/32");
    }

    /** Starts every instance and lets each master-down timer fire: all MASTER. */
    static VrrpNode allMaster(List<VrrpInstanceSettings> s, List<SyncGroupSettings> g) {
        VrrpNode node = new VrrpNode(s, g);
        node.onAll(new VrrpEvent.Startup(), T0);
        for (VrrpInstanceSettings x : s) node.on(x.name(), new VrrpEvent.TimerFired(TimerKind.MASTER_DOWN), T0 + 5_000_000_000L);
        for (VrrpInstance i : node.instances()) assertThat(i.state()).isEqualTo(VrrpState.MASTER);
        return node;
    }

    static List<Action> actionsOf(List<InstanceAction> all, String instance) {
        return all.stream().filter(a -> instance.equals(a.instance())).map(InstanceAction::action).toList();
    }

    @Test
    void keptInstancesGetNoActionAtAllAndTheOthersGetExactlyTheirChange() {
        List<VrrpInstanceSettings> before = List.of(vi("VI_1", 1).build(), vi("VI_2", 2).build(), vi("VI_3", 3).build(), vi("VI_4", 4).build());
        VrrpNode node = allMaster(before, List.of());
        VrrpInstance kept = node.instance("VI_1");
        long advertsBefore = kept.advertsSent();
        List<VrrpInstanceSettings> after = List.of(vi("VI_1", 1).build(),
                vi("VI_3", 3).vip("198.18.1.33/32").build(), // addresses only: 198.18.1.3 stays, .33 comes
                vi("VI_4", 4).priority(150).build(),
                vi("VI_5", 5).build());
        VrrpReloadPlan plan = VrrpReloadPlan.of(before, List.of(), after, List.of());
        long now = T0 + 6_000_000_000L;
        List<InstanceAction> out = node.reload(plan, after, List.of(), now);

        assertThat(actionsOf(out, "VI_1")).isEmpty();
        assertThat(node.instance("VI_1")).isSameAs(kept);
        assertThat(kept.state()).isEqualTo(VrrpState.MASTER);
        assertThat(kept.advertsSent()).isEqualTo(advertsBefore);

        // Removed: priority-0 advert, VIPs removed, STOP, every timer cancelled.
        List<Action> removed = actionsOf(out, "VI_2");
        assertThat(Adverts.of(removed, Action.SendAdvert.class)).extracting(Action.SendAdvert::priority).containsExactly(0);
        assertThat(Adverts.of(removed, Action.RemoveVips.class).getFirst().addresses()).extracting(VirtualAddress::cidr).containsExactly("198.18.1.2/32");
        assertThat(Adverts.of(removed, Action.Transitioned.class)).extracting(Action.Transitioned::to).containsExactly(VrrpState.STOP);
        assertThat(Adverts.of(removed, Action.CancelTimer.class)).extracting(Action.CancelTimer::kind).contains(TimerKind.values());
        assertThat(node.instance("VI_2")).isNull();

        // Addresses only, as MASTER: only the new VIP added and announced; no advert, no transition, no timer.
        List<Action> addresses = actionsOf(out, "VI_3");
        assertThat(addresses).hasSize(2);
        assertThat(((Action.AddVips) addresses.get(0)).addresses()).extracting(VirtualAddress::cidr).containsExactly("198.18.1.33/32");
        assertThat(((Action.SendGarps) addresses.get(1)).addresses()).containsExactly(Adverts.ip("198.18.1.33"));
        assertThat(node.instance("VI_3").state()).isEqualTo(VrrpState.MASTER);
        assertThat(node.instance("VI_3").settings().virtualAddresses()).hasSize(2);

        // Restarted: stopped as on shutdown, then a new instance starting as BACKUP with the new priority.
        List<Action> restarted = actionsOf(out, "VI_4");
        assertThat(Adverts.of(restarted, Action.Transitioned.class)).extracting(Action.Transitioned::to).containsExactly(VrrpState.STOP, VrrpState.BACKUP);
        assertThat(Adverts.of(restarted, Action.SendAdvert.class)).extracting(Action.SendAdvert::priority).containsExactly(0);
        assertThat(Adverts.timer(restarted, TimerKind.MASTER_DOWN)).isGreaterThan(now);
        assertThat(node.instance("VI_4").state()).isEqualTo(VrrpState.BACKUP);
        assertThat(node.instance("VI_4").effectivePriority()).isEqualTo(150);

        // Added: starts as BACKUP, normal election.
        assertThat(Adverts.of(actionsOf(out, "VI_5"), Action.Transitioned.class)).extracting(Action.Transitioned::to).containsExactly(VrrpState.BACKUP);
        assertThat(node.instances()).extracting(VrrpInstance::name).containsExactly("VI_1", "VI_3", "VI_4", "VI_5");
    }

    @Test
    void aRemovedInstanceNotifiesFaultOrWithNotifyDeletedDeletedAndNeverStop() {
        List<String> generic = List.of("/bin/notify");
        NotifySettings plain = new NotifySettings(null, null, List.of("/bin/fault"), List.of("/bin/stop"), generic, "/run/fifo", 30_000);
        NotifySettings deleted = new NotifySettings(null, null, List.of("/bin/fault"), List.of("/bin/stop"), generic, "/run/fifo", 30_000,
                true, List.of("/bin/deleted"));
        NotifySettings deletedNoScript = new NotifySettings(null, null, List.of("/bin/fault"), null, generic, null, 30_000, true, null);
        List<VrrpInstanceSettings> before = List.of(vi("VI_1", 1).notifications(plain).build(), vi("VI_2", 2).notifications(deleted).build(),
                vi("VI_3", 3).notifications(deletedNoScript).build(), vi("VI_4", 4).build());
        VrrpNode node = allMaster(before, List.of());
        List<VrrpInstanceSettings> after = List.of(vi("VI_4", 4).build());
        List<InstanceAction> out = node.reload(VrrpReloadPlan.of(before, List.of(), after, List.of()), after, List.of(), T0 + 6_000_000_000L);

        assertThat(Adverts.of(actionsOf(out, "VI_1"), Action.RunNotify.class)).extracting(Action.RunNotify::argv)
                .containsExactly(List.of("/bin/fault"), List.of("/bin/notify", "INSTANCE", "VI_1", "FAULT", "100"));
        assertThat(Adverts.of(actionsOf(out, "VI_1"), Action.WriteNotifyFifo.class)).extracting(Action.WriteNotifyFifo::line)
                .containsExactly("INSTANCE \"VI_1\" FAULT 100");
        assertThat(Adverts.of(actionsOf(out, "VI_2"), Action.RunNotify.class)).extracting(Action.RunNotify::argv)
                .containsExactly(List.of("/bin/deleted"), List.of("/bin/notify", "INSTANCE", "VI_2", "DELETED", "100"));
        assertThat(Adverts.of(actionsOf(out, "VI_2"), Action.WriteNotifyFifo.class)).extracting(Action.WriteNotifyFifo::line)
                .containsExactly("INSTANCE \"VI_2\" DELETED 100");
        assertThat(Adverts.of(actionsOf(out, "VI_3"), Action.RunNotify.class)).extracting(Action.RunNotify::argv)
                .containsExactly(List.of("/bin/notify", "INSTANCE", "VI_3", "DELETED", "100"));
        // The state machine still goes to STOP (priority-0 advert, VIPs removed); only the notifies differ.
        assertThat(Adverts.of(actionsOf(out, "VI_1"), Action.Transitioned.class)).extracting(Action.Transitioned::to).containsExactly(VrrpState.STOP);
    }

    @Test
    void anAddressMovingBetweenInstancesIsRemovedBeforeItIsAdded() {
        List<VrrpInstanceSettings> before = List.of(vi("A", 1).vip("198.18.9.9/32").build(), vi("B", 2).build());
        VrrpNode node = allMaster(before, List.of());
        List<VrrpInstanceSettings> after = List.of(vi("B", 2).vip("198.18.9.9/32").build(), vi("A", 1).build());
        List<InstanceAction> out = node.reload(VrrpReloadPlan.of(before, List.of(), after, List.of()), after, List.of(), T0 + 6_000_000_000L);
        assertThat(out).extracting(ia -> ia.instance() + " " + ia.action().getClass().getSimpleName())
                .containsExactly("A RemoveVips", "B AddVips", "B SendGarps");
    }

    @Test
    void aBackupTakesNewAddressesQuietlyAndInstallsThemAtItsTakeover() {
        List<VrrpInstanceSettings> before = List.of(vi("VI_1", 1).build());
        VrrpNode node = new VrrpNode(before, List.of());
        node.onAll(new VrrpEvent.Startup(), T0);
        List<VrrpInstanceSettings> after = List.of(vi("VI_1", 1).vip("198.18.9.9/32").build());
        List<InstanceAction> out = node.reload(VrrpReloadPlan.of(before, List.of(), after, List.of()), after, List.of(), T0 + 1);
        assertThat(out).isEmpty();
        assertThat(node.instance("VI_1").state()).isEqualTo(VrrpState.BACKUP);
        List<Action> takeover = node.on("VI_1", new VrrpEvent.TimerFired(TimerKind.MASTER_DOWN), T0 + 5_000_000_000L).stream().map(InstanceAction::action).toList();
        assertThat(Adverts.of(takeover, Action.AddVips.class).getFirst().addresses()).extracting(VirtualAddress::cidr)
                .containsExactly("198.18.1.1/32", "198.18.9.9/32");
    }

    @Test
    void aStartedInstanceInheritsKnownLinkStatesAndScriptResults() {
        TrackedScript chk = new TrackedScript("chk", List.of("/bin/true"), 1000, 1000, 0, 2, 2, false);
        List<VrrpInstanceSettings> before = List.of(vi("VI_1", 1).trackScript(chk).build());
        VrrpNode node = allMaster(before, List.of());
        node.onAll(new VrrpEvent.LinkChanged("eth9", false), T0 + 6_000_000_000L);
        node.onAll(new VrrpEvent.TrackScriptResult("chk", false), T0 + 6_000_000_000L);
        node.onAll(new VrrpEvent.TrackScriptResult("chk", false), T0 + 6_000_000_000L);
        assertThat(node.instance("VI_1").state()).isEqualTo(VrrpState.FAULT);
        List<VrrpInstanceSettings> after = List.of(before.getFirst(),
                vi("VI_2", 2).trackInterface(new TrackedInterface("eth9", 0, false)).build(),
                vi("VI_3", 3).trackScript(chk).build());
        List<InstanceAction> out = node.reload(VrrpReloadPlan.of(before, List.of(), after, List.of()), after, List.of(), T0 + 7_000_000_000L);
        assertThat(actionsOf(out, "VI_1")).isEmpty();
        assertThat(node.instance("VI_2").state()).as("tracks eth9, known down").isEqualTo(VrrpState.FAULT);
        assertThat(node.instance("VI_3").state()).as("tracks chk, failed twice (fall 2)").isEqualTo(VrrpState.FAULT);
    }

    @Test
    void aKeptSyncGroupKeepsItsStateAndAMismatchedPlanChangesNothing() {
        List<VrrpInstanceSettings> s = List.of(vi("A", 1).build(), vi("B", 2).build());
        List<SyncGroupSettings> g = List.of(new SyncGroupSettings("G", List.of("A", "B"), NotifySettings.NONE));
        VrrpNode node = allMaster(s, g);
        assertThat(node.groupState("G")).isEqualTo(VrrpState.MASTER);
        List<VrrpInstanceSettings> after = List.of(vi("A", 1).build(), vi("B", 2).build(), vi("C", 3).build());
        List<InstanceAction> out = node.reload(VrrpReloadPlan.of(s, g, after, g), after, g, T0 + 6_000_000_000L);
        assertThat(actionsOf(out, "A")).isEmpty();
        assertThat(node.groupState("G")).isEqualTo(VrrpState.MASTER);

        VrrpReloadPlan stale = VrrpReloadPlan.of(s, g, s, g);
        assertThatThrownBy(() -> node.reload(stale, after, g, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(node.instances()).hasSize(3);
        assertThat(node.instance("C").state()).isEqualTo(VrrpState.BACKUP);
    }
}
