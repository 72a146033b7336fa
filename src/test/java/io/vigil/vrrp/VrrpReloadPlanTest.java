package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vigil.vrrp.VrrpReloadPlan.Kind.ADDED;
import static io.vigil.vrrp.VrrpReloadPlan.Kind.ADDRESSES;
import static io.vigil.vrrp.VrrpReloadPlan.Kind.KEPT;
import static io.vigil.vrrp.VrrpReloadPlan.Kind.REMOVED;
import static io.vigil.vrrp.VrrpReloadPlan.Kind.RESTARTED;
import static org.assertj.core.api.Assertions.assertThat;

/** The pure diff of a reload: what happens to each instance and why. */
class VrrpReloadPlanTest {
    static VrrpInstanceSettings.Builder vi(String name, int vrid) {
        return VrrpInstanceSettings.builder(name, vrid, "eth0", Adverts.ip("198.18.0.11")).vip("198.18.0." + vrid + "/32");
    }

    static VrrpReloadPlan.Change change(VrrpReloadPlan p, String name) {
        return p.changes().stream().filter(c -> c.instance().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void equalSettingsChangeNothing() {
        List<VrrpInstanceSettings> s = List.of(vi("VI_1", 1).build(), vi("VI_2", 2).build());
        VrrpReloadPlan p = VrrpReloadPlan.of(s, List.of(), List.of(vi("VI_1", 1).build(), vi("VI_2", 2).build()), List.of());
        assertThat(p.unchanged()).isTrue();
        assertThat(p.instances(KEPT)).containsExactly("VI_1", "VI_2");
        assertThat(p.summary()).isEqualTo("2 kept");
        assertThat(change(p, "VI_1").logLine()).isEqualTo("(VI_1) reload: kept unchanged");
    }

    @Test
    void eachInstanceGetsItsOwnVerdictWithTheReason() {
        List<VrrpInstanceSettings> before = List.of(vi("VI_1", 1).build(), vi("VI_2", 2).build(), vi("VI_3", 3).build(), vi("VI_4", 4).build());
        List<VrrpInstanceSettings> after = List.of(vi("VI_1", 1).build(),
                vi("VI_2", 2).priority(150).build(),
                VrrpInstanceSettings.builder("VI_3", 3, "eth0", Adverts.ip("198.18.0.11")).vip("198.18.0.33/32").build(),
                vi("VI_5", 5).build());
        VrrpReloadPlan p = VrrpReloadPlan.of(before, List.of(), after, List.of());
        assertThat(p.changes()).extracting(VrrpReloadPlan.Change::instance).containsExactly("VI_4", "VI_1", "VI_2", "VI_3", "VI_5");
        assertThat(p.kindOf("VI_1")).isEqualTo(KEPT);
        assertThat(change(p, "VI_2")).isEqualTo(new VrrpReloadPlan.Change("VI_2", RESTARTED, "priority 100 -> 150"));
        assertThat(change(p, "VI_3")).isEqualTo(new VrrpReloadPlan.Change("VI_3", ADDRESSES, "virtualAddresses +198.18.0.33/32 -198.18.0.3/32"));
        assertThat(p.kindOf("VI_4")).isEqualTo(REMOVED);
        assertThat(p.kindOf("VI_5")).isEqualTo(ADDED);
        assertThat(p.unchanged()).isFalse();
        assertThat(p.summary()).isEqualTo("1 kept, 1 addresses updated, 1 restarted, 1 added, 1 removed");
        assertThat(change(p, "VI_2").logLine()).isEqualTo("(VI_2) reload: restarted (priority 100 -> 150)");
    }

    @Test
    void anAddressChangeWithAnyOtherChangeRestarts() {
        VrrpReloadPlan p = VrrpReloadPlan.of(List.of(vi("VI_1", 1).build()), List.of(),
                List.of(VrrpInstanceSettings.builder("VI_1", 1, "eth0", Adverts.ip("198.18.0.11")).vip("198.18.0.9/32").advertIntervalCentis(200).build()),
                List.of());
        assertThat(change(p, "VI_1").kind()).isEqualTo(RESTARTED);
        assertThat(change(p, "VI_1").reason()).contains("advertIntervalCentis 100 -> 200", "virtualAddresses +198.18.0.9/32 -198.18.0.1/32");
    }

    @Test
    void aRestartingMemberRestartsItsSyncGroupOnly() {
        List<VrrpInstanceSettings> before = List.of(vi("A", 1).build(), vi("B", 2).build(), vi("C", 3).build());
        List<SyncGroupSettings> groups = List.of(new SyncGroupSettings("G", List.of("A", "B"), NotifySettings.NONE));
        VrrpReloadPlan p = VrrpReloadPlan.of(before, groups, List.of(vi("A", 1).build(), vi("B", 2).priority(90).build(), vi("C", 3).build()), groups);
        assertThat(change(p, "A")).isEqualTo(new VrrpReloadPlan.Change("A", RESTARTED, "sync group G: B restarting"));
        assertThat(p.kindOf("B")).isEqualTo(RESTARTED);
        assertThat(p.kindOf("C")).isEqualTo(KEPT);
    }

    @Test
    void membershipChangesRestartTheMembersConcerned() {
        List<VrrpInstanceSettings> s = List.of(vi("A", 1).build(), vi("B", 2).build(), vi("C", 3).build(), vi("D", 4).build());
        List<SyncGroupSettings> before = List.of(new SyncGroupSettings("G", List.of("A", "B"), NotifySettings.NONE));
        List<SyncGroupSettings> after = List.of(new SyncGroupSettings("G", List.of("A", "B", "C"), NotifySettings.NONE));
        VrrpReloadPlan p = VrrpReloadPlan.of(s, before, s, after);
        assertThat(change(p, "C").reason()).isEqualTo("joined sync group G");
        assertThat(change(p, "A").reason()).isEqualTo("sync group G members [A, B] -> [A, B, C]");
        assertThat(p.instances(RESTARTED)).containsExactly("A", "B", "C");
        assertThat(p.kindOf("D")).isEqualTo(KEPT);

        VrrpReloadPlan dissolved = VrrpReloadPlan.of(s, before, s, List.of());
        assertThat(change(dissolved, "A").reason()).isEqualTo("left sync group G");
        assertThat(dissolved.instances(RESTARTED)).containsExactly("A", "B");
    }

    @Test
    void aGroupNotifyChangeKeepsTheMembers() {
        List<VrrpInstanceSettings> s = List.of(vi("A", 1).build(), vi("B", 2).build());
        NotifySettings n = new NotifySettings(null, null, null, null, List.of("/bin/true"), null, 5000);
        VrrpReloadPlan p = VrrpReloadPlan.of(s, List.of(new SyncGroupSettings("G", List.of("A", "B"), NotifySettings.NONE)),
                s, List.of(new SyncGroupSettings("G", List.of("A", "B"), n)));
        assertThat(p.instances(KEPT)).containsExactly("A", "B");
        assertThat(p.groupNotes()).containsExactly("VRRP_Group(G) reload: notify settings updated, members kept");
        assertThat(p.unchanged()).isFalse();
    }
}
