package io.vigil.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Found by the soak (issue #12): a partition heals while a peer holds a whole sync group. The peer's member that hears
 * our higher-priority advert first yields with one advert (higher_prio_send_advert) and its group forces the other
 * members to BACKUP without a word, so only that member of ours answers with GARPs and the clients keep the peer's MAC
 * for the rest of the group's VIPs. A MASTER answering a lower-priority advert now has its group's other MASTERs send
 * their GARPs too.
 */
class SyncGroupRefreshTest {
    private static final long S = 1_000_000_000L;

    private static VrrpInstanceSettings x(String src) {
        return VrrpInstanceSettings.builder("X", 1, "eth0", Adverts.ip(src)).priority(150).vip("198.18.0.100/32").build();
    }

    private static VrrpInstanceSettings y(String src) {
        return VrrpInstanceSettings.builder("Y", 2, "eth1", Adverts.ip(src)).priority(150).vip("198.18.1.100/32").build();
    }

    private static VrrpNode masterOfBoth(List<SyncGroupSettings> groups) {
        VrrpNode node = new VrrpNode(List.of(x("198.18.0.11"), y("198.18.1.11")), groups);
        node.onAll(new VrrpEvent.Startup(), 0);
        node.on("X", new VrrpEvent.TimerFired(TimerKind.MASTER_DOWN), 5 * S);
        if (groups.isEmpty()) node.on("Y", new VrrpEvent.TimerFired(TimerKind.MASTER_DOWN), 5 * S);
        assertThat(node.instance("X").state()).isEqualTo(VrrpState.MASTER);
        assertThat(node.instance("Y").state()).isEqualTo(VrrpState.MASTER);
        return node;
    }

    private static List<InetAddress> garped(List<InstanceAction> actions, String instance) {
        return actions.stream().filter(a -> instance.equals(a.instance()) && a.action() instanceof Action.SendGarps)
                .flatMap(a -> ((Action.SendGarps) a.action()).addresses().stream()).toList();
    }

    @Test
    void aLowerPriorityAdvertToOneMemberRefreshesTheWholeGroup() {
        VrrpNode node = masterOfBoth(List.of(new SyncGroupSettings("G", List.of("X", "Y"), null)));
        VrrpInstanceSettings peerY = VrrpInstanceSettings.builder("Y", 2, "eth1", Adverts.ip("198.18.1.12")).priority(100)
                .vip("198.18.1.100/32").build();
        List<InstanceAction> out = node.onAdvert("eth1", Adverts.from(peerY, "198.18.1.12", 100), 6 * S);
        assertThat(garped(out, "Y")).containsExactly(Adverts.ip("198.18.1.100"));
        assertThat(garped(out, "X")).containsExactly(Adverts.ip("198.18.0.100"));
        assertThat(node.instance("X").state()).isEqualTo(VrrpState.MASTER);
        assertThat(out).noneMatch(a -> "X".equals(a.instance()) && a.action() instanceof Action.SendAdvert);
    }

    @Test
    void withoutASyncGroupOnlyTheAnsweringInstanceGarps() {
        VrrpNode node = masterOfBoth(List.of());
        VrrpInstanceSettings peerY = VrrpInstanceSettings.builder("Y", 2, "eth1", Adverts.ip("198.18.1.12")).priority(100)
                .vip("198.18.1.100/32").build();
        List<InstanceAction> out = node.onAdvert("eth1", Adverts.from(peerY, "198.18.1.12", 100), 6 * S);
        assertThat(garped(out, "Y")).containsExactly(Adverts.ip("198.18.1.100"));
        assertThat(garped(out, "X")).isEmpty();
    }

    @Test
    void aHigherPriorityAdvertRefreshesNothing() {
        VrrpNode node = masterOfBoth(List.of(new SyncGroupSettings("G", List.of("X", "Y"), null)));
        VrrpInstanceSettings peerY = VrrpInstanceSettings.builder("Y", 2, "eth1", Adverts.ip("198.18.1.12")).priority(200)
                .vip("198.18.1.100/32").build();
        List<InstanceAction> out = node.onAdvert("eth1", Adverts.from(peerY, "198.18.1.12", 200), 6 * S);
        assertThat(garped(out, "X")).isEmpty();
        assertThat(node.instance("X").state()).isEqualTo(VrrpState.BACKUP);
    }
}
