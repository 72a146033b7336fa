package io.vigil.vrrp;

import io.vigil.vrrp.kernel.ProcessScriptRunner;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** SIGHUP's VRRP part on the runtime shell: in-memory ports, real threads, timers on System.nanoTime. */
class VrrpServiceReloadTest {
    static final long ADVERT_NANOS = 200_000_000L; // v3, 20 cs

    final InMemoryPorts.Hub hub = new InMemoryPorts.Hub();
    final InMemoryPorts.Addresses addresses = new InMemoryPorts.Addresses();
    final InMemoryPorts.Garps garps = new InMemoryPorts.Garps();
    final InMemoryPorts.Links links = new InMemoryPorts.Links();
    final List<Action.Transitioned> transitions = new CopyOnWriteArrayList<>();
    /** What a listener reads as the priority at each transition (the observability reporter does this). */
    final List<String> prioritiesSeen = new CopyOnWriteArrayList<>();
    VrrpService service;

    /** No delayed GARP burst: the only GARPs are at takeover and those a reload causes. */
    static VrrpInstanceSettings.Builder vi(String name, int vrid, String vip) {
        return VrrpInstanceSettings.builder(name, vrid, "eth0", Adverts.ip("198.18.0.11")).version(3).advertIntervalCentis(20).vip(vip)
                .garp(new GarpSettings(5, 0, 0, 1));
    }

    void start(List<VrrpInstanceSettings> s) throws Exception {
        service = new VrrpService(s, List.of(), new VrrpPorts(hub.channel(Adverts.ip("198.18.0.11")), addresses, garps, links, new ProcessScriptRunner()),
                System::nanoTime, 100);
        service.addListener(transitions::add);
        service.addListener(tr -> prioritiesSeen.add(tr.instance() + " " + tr.from() + ">" + tr.to() + " " + service.effectivePriority(tr.instance())));
        service.start(false);
    }

    @AfterEach
    void close() {
        if (service != null) service.close();
        hub.delivery.shutdownNow();
    }

    static VrrpPacket decode(byte[] datagram) {
        try {
            return Ipv4AdvertCodec.decode(datagram).vrrp();
        } catch (VrrpDecodeException e) {
            throw new AssertionError(e);
        }
    }

    List<InMemoryPorts.TimedAdvert> advertsOf(int vrid) {
        return hub.timed.stream().filter(t -> decode(t.advert().bytes()).vrid() == vrid).toList();
    }

    List<String> transitionsOf(String instance) {
        return transitions.stream().filter(t -> t.instance().equals(instance)).map(t -> t.from() + ">" + t.to()).toList();
    }

    @Test
    void unchangedMasterIsUntouchedWhileOthersAreRemovedAddedRestartedAndReaddressed() throws Exception {
        List<VrrpInstanceSettings> before = List.of(vi("VI_1", 1, "198.18.1.1/32").build(), vi("VI_2", 2, "198.18.1.2/32").build(),
                vi("VI_3", 3, "198.18.1.3/32").build(), vi("VI_4", 4, "198.18.1.4/32").build());
        start(before);
        await().atMost(Duration.ofSeconds(10)).until(() -> service.states().values().stream().allMatch(s -> s == VrrpState.MASTER));
        assertThat(addresses.present).containsExactlyInAnyOrder("eth0 198.18.1.1/32", "eth0 198.18.1.2/32", "eth0 198.18.1.3/32", "eth0 198.18.1.4/32");
        // A few regular adverts of VI_1 before the reload.
        await().atMost(Duration.ofSeconds(10)).until(() -> advertsOf(1).size() >= 4);
        int garpsBefore = garps.sent.size();
        List<String> vi1Garps = garps.sent.stream().filter(g -> g.contains("198.18.1.1 ")).toList();
        int addressOpsBefore = addresses.log.size();

        List<VrrpInstanceSettings> after = List.of(vi("VI_1", 1, "198.18.1.1/32").build(),
                vi("VI_3", 3, "198.18.1.3/32").vip("198.18.1.33/32").build(),
                vi("VI_4", 4, "198.18.1.4/32").priority(150).build(),
                vi("VI_5", 5, "198.18.1.5/32").build());
        VrrpReloadPlan plan = service.reload(after, List.of());
        assertThat(plan.summary()).isEqualTo("1 kept, 1 addresses updated, 1 restarted, 1 added, 1 removed");

        // Added: BACKUP at once (normal election: master after its master-down time, nobody else on the hub).
        assertThat(service.state("VI_5")).isEqualTo(VrrpState.BACKUP);
        // Restarted: stopped, then BACKUP with the new priority, then MASTER again by election.
        assertThat(service.effectivePriority("VI_4")).isEqualTo(150);
        // Removed: gone from the states, its priority-0 advert sent, its VIP removed.
        assertThat(service.states()).doesNotContainKey("VI_2");
        assertThat(advertsOf(2).getLast().advert().bytes()).satisfies(b -> assertThat(decode(b).priority()).isZero());
        assertThat(addresses.present).doesNotContain("eth0 198.18.1.2/32");
        // Readdressed MASTER: still MASTER, the new VIP added and announced, the old one kept.
        assertThat(service.state("VI_3")).isEqualTo(VrrpState.MASTER);
        assertThat(addresses.present).contains("eth0 198.18.1.3/32", "eth0 198.18.1.33/32");
        assertThat(garps.sent.subList(garpsBefore, garps.sent.size())).containsExactly("eth0 198.18.1.33 x5");

        await().atMost(Duration.ofSeconds(10)).until(() -> service.state("VI_4") == VrrpState.MASTER && service.state("VI_5") == VrrpState.MASTER);
        long reloadedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(() -> advertsOf(1).stream().filter(t -> t.atNanos() > reloadedAt).count() >= 3);

        assertThat(transitionsOf("VI_1")).containsExactly("INIT>BACKUP", "BACKUP>MASTER");
        assertThat(transitionsOf("VI_3")).containsExactly("INIT>BACKUP", "BACKUP>MASTER");
        assertThat(transitionsOf("VI_2")).containsExactly("INIT>BACKUP", "BACKUP>MASTER", "MASTER>STOP");
        assertThat(transitionsOf("VI_4")).containsExactly("INIT>BACKUP", "BACKUP>MASTER", "MASTER>STOP", "INIT>BACKUP", "BACKUP>MASTER");
        assertThat(transitionsOf("VI_5")).containsExactly("INIT>BACKUP", "BACKUP>MASTER");
        // An added instance's listeners see its priority from its first transition on (a reload once failed on it).
        assertThat(prioritiesSeen).contains("VI_5 INIT>BACKUP 100", "VI_4 INIT>BACKUP 150");
        // VI_1: its VIP never removed, no GARP since its takeover, and its adverts kept their rhythm: an extra advert
        // would come back to back with a regular one. (Regular ones are an interval apart, less the few milliseconds
        // between the timer's clock reading and the send; half an interval leaves room for a slow machine.)
        assertThat(addresses.log.subList(addressOpsBefore, addresses.log.size())).noneMatch(l -> l.contains("198.18.1.1/"));
        assertThat(garps.sent.stream().filter(g -> g.contains("198.18.1.1 ")).toList()).isEqualTo(vi1Garps);
        List<InMemoryPorts.TimedAdvert> vi1 = advertsOf(1);
        List<Long> gapsMillis = new ArrayList<>();
        for (int i = 1; i < vi1.size(); i++) gapsMillis.add((vi1.get(i).atNanos() - vi1.get(i - 1).atNanos()) / 1_000_000);
        assertThat(gapsMillis).allSatisfy(g -> assertThat(g).isGreaterThanOrEqualTo(ADVERT_NANOS / 2 / 1_000_000));
        assertThat(vi1).allSatisfy(t -> assertThat(decode(t.advert().bytes()).priority()).isEqualTo(100));

        service.close();
        assertThat(addresses.present).isEmpty();
    }

    @Test
    void anInconsistentConfigurationChangesNothing() throws Exception {
        List<VrrpInstanceSettings> before = List.of(vi("VI_1", 1, "198.18.1.1/32").build());
        start(before);
        await().atMost(Duration.ofSeconds(10)).until(() -> service.state("VI_1") == VrrpState.MASTER);
        List<VrrpInstanceSettings> bad = List.of(vi("VI_1", 1, "198.18.1.1/32").priority(20).build());
        assertThatThrownBy(() -> service.reload(bad, List.of(new SyncGroupSettings("G", List.of("VI_1", "VI_9"), NotifySettings.NONE))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VI_9");
        assertThat(service.state("VI_1")).isEqualTo(VrrpState.MASTER);
        assertThat(service.effectivePriority("VI_1")).isEqualTo(100);
        assertThat(transitionsOf("VI_1")).containsExactly("INIT>BACKUP", "BACKUP>MASTER");
        assertThat(service.reload(before, List.of()).unchanged()).isTrue();
    }

    @Test
    void anInstanceOnANewInterfaceGetsItsSocketAndLinkWatch() throws Exception {
        start(List.of(vi("VI_1", 1, "198.18.1.1/32").build()));
        assertThat(links.watched).containsExactly("eth0");
        VrrpInstanceSettings onEth1 = VrrpInstanceSettings.builder("VI_6", 6, "eth1", Adverts.ip("198.18.2.11")).version(3).advertIntervalCentis(20)
                .vip("198.18.2.6/32").build();
        service.reload(List.of(vi("VI_1", 1, "198.18.1.1/32").build(), onEth1), List.of());
        assertThat(links.watched).containsExactly("eth0", "eth1");
        await().atMost(Duration.ofSeconds(10)).until(() -> service.state("VI_6") == VrrpState.MASTER);
        assertThat(addresses.present).contains("eth1 198.18.2.6/32");
    }
}
