package io.vigil.observe;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterPictureTest {
    static final AtomicLong CLOCK = new AtomicLong(1_000_000);

    static ObsEvent.VrrpCounters counters(String inst, String state, int prio, long sent) {
        return new ObsEvent.VrrpCounters(CLOCK.get(), inst, 51, "eth0", "G1", state, 100, prio, "198.18.0.2", 150, CLOCK.get() - 400,
                sent, 7, 1, 0, 0, 10, Map.of("ttl", 2L), List.of("198.18.0.100/32"), null);
    }

    static ObsEvent.RealServerCounters rs(String vs, String rs, String health, boolean inPool, long lastCheck) {
        List<Long> buckets = new ArrayList<>(Collections.nCopies(ObsEvent.LATENCY_BOUNDS_SECONDS.size() + 1, 0L));
        buckets.set(2, 3L);
        return new ObsEvent.RealServerCounters(CLOCK.get(), vs, rs, health, inPool, inPool ? 1 : 0, "TCP_CHECK", health.equals("up"),
                health.equals("up") ? "connected" : "connection refused", 4000, lastCheck, 3, health.equals("up") ? Map.of() : Map.of("connection refused", 1L),
                buckets, 12000, 2, 1, 9, 100, 90, 5000, 7000);
    }

    @Test
    void everyEventSurvivesItsLine() {
        List<ObsEvent> all = List.of(
                new ObsEvent.VrrpTransition(1, "VI_1", "BACKUP", "MASTER", "Receive advertisement timeout", 100),
                new ObsEvent.PriorityChange(2, "VI 1", 100, 80, "script chk_x failed (weight -20)"),
                counters("VI_1", "MASTER", 100, 5),
                new ObsEvent.HealthChange(3, "[198.18.0.10]:TCP:80", "[198.18.1.1]:80", "HTTP_GET", false, "status 503 & more=x ~ %"),
                rs("[198.18.0.10]:TCP:80", "[198.18.1.1]:80", "down", false, 5),
                new ObsEvent.VirtualServiceCounters(4, "FWM 7", true, false, 2, 1, 1, 2, 3, 4, 5, 6, 7),
                new ObsEvent.Removed(5, "instance", "VI_2"),
                new ObsEvent.NotifyExit(6, "VI_1", "/bin/notify", 2, false),
                new ObsEvent.ChildLife(7, "vigil-vrrp", 42, false, "signal 9", 1),
                new ObsEvent.Reload(8, "applied", ""),
                new ObsEvent.VrrpCounters(9, "VI_3", 1, "eth0", null, "INIT", 1, 1, null, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), List.of(), null));
        for (ObsEvent e : all) assertThat(EventLine.decode(EventLine.encode(e))).isEqualTo(e);
        assertThat(EventLine.encode(all.getFirst())).doesNotContain("\n").startsWith("VrrpTransition 1 VI_1 BACKUP MASTER ");
    }

    @Test
    void aShorterLineFromAnOlderChildGetsDefaultsAndABadOneASentence() {
        assertThat(EventLine.decode("Reload 5 applied")).isEqualTo(new ObsEvent.Reload(5, "applied", null));
        assertThatThrownBy(() -> EventLine.decode("Nonsense 1")).hasMessage("unknown event type 'Nonsense'");
        assertThatThrownBy(() -> EventLine.decode("Reload x applied")).hasMessageContaining("Reload.atMillis");
    }

    @Test
    void transitionsAndHealthBuildThePictureAndTheHistory() {
        ClusterPicture p = new ClusterPicture("lb1", CLOCK::get);
        List<ObsEvent> live = new ArrayList<>();
        p.subscribe(live::add);
        p.apply(new ObsEvent.VrrpTransition(CLOCK.get(), "VI_1", "INIT", "BACKUP", "configured state BACKUP", 100));
        p.apply(counters("VI_1", "BACKUP", 100, 0));
        CLOCK.addAndGet(3000);
        p.apply(new ObsEvent.VrrpTransition(CLOCK.get(), "VI_1", "BACKUP", "MASTER", "Receive advertisement timeout", 100));
        p.apply(new ObsEvent.VrrpTransition(CLOCK.get(), "VI_1", "MASTER", "BACKUP", "higher priority", 100));
        p.apply(new ObsEvent.VrrpTransition(CLOCK.get(), "VI_1", "BACKUP", "MASTER", "Receive advertisement timeout", 100));
        p.apply(rs("vs", "[198.18.1.1]:80", "up", true, 10));
        p.apply(new ObsEvent.HealthChange(CLOCK.get(), "vs", "[198.18.1.2]:80", "TCP_CHECK", false, "connection refused"));
        p.apply(rs("vs", "[198.18.1.2]:80", "down", false, 10));
        p.apply(rs("vs", "[198.18.1.2]:80", "down", false, 10)); // same check again: one point
        p.apply(rs("vs", "[198.18.1.2]:80", "down", false, 20));

        ClusterPicture.Snapshot s = p.snapshot();
        assertThat(s.node()).isEqualTo("lb1");
        assertThat(s.nowMillis() - s.startedMillis()).isEqualTo(3000);
        ClusterPicture.InstanceView vi = s.instances().getFirst();
        assertThat(vi.state()).isEqualTo("MASTER"); // the transition after the counters wins
        assertThat(vi.lastTransition().reason()).isEqualTo("Receive advertisement timeout");
        assertThat(vi.transitions()).containsEntry(new ClusterPicture.TransitionKey("BACKUP", "MASTER", "Receive advertisement timeout"), 2L);
        assertThat(vi.releasedMaster()).isEqualTo(1);
        assertThat(vi.history()).hasSize(4);
        ClusterPicture.RealServerView down = s.realServers().get(1);
        assertThat(down.realServer()).isEqualTo("[198.18.1.2]:80");
        assertThat(down.health()).isEqualTo("down");
        assertThat(down.lastFailure().reason()).isEqualTo("connection refused");
        assertThat(down.recentChecks()).extracting(ClusterPicture.CheckPoint::atMillis).containsExactly(10L, 20L);
        assertThat(live).hasSize(5); // four transitions and the health change; counters are not forwarded
        assertThat(s.recent()).hasSize(5);
    }

    @Test
    void countersOlderThanTheLastTransitionDoNotTurnTheStateBack() {
        ClusterPicture p = new ClusterPicture("lb1", CLOCK::get);
        ObsEvent.VrrpCounters stale = counters("VI_1", "BACKUP", 100, 0); // snapshot taken at the same millisecond
        p.apply(new ObsEvent.VrrpTransition(CLOCK.get(), "VI_1", "BACKUP", "MASTER", "Receive advertisement timeout", 100));
        p.apply(stale);
        assertThat(p.snapshot().instances().getFirst().state()).isEqualTo("MASTER");
        CLOCK.addAndGet(1000);
        p.apply(counters("VI_1", "MASTER", 100, 3));
        assertThat(p.snapshot().instances().getFirst().counters().advertsSent()).isEqualTo(3);
        CLOCK.addAndGet(1000);
        p.apply(counters("VI_1", "FAULT", 100, 4)); // a newer snapshot wins (a transition event may have been dropped)
        assertThat(p.snapshot().instances().getFirst().state()).isEqualTo("FAULT");
    }

    @Test
    void aChildDeathKeepsTheViewAndTheHistoryIsBounded() {
        ClusterPicture p = new ClusterPicture("lb1", CLOCK::get);
        p.apply(new ObsEvent.ChildLife(CLOCK.get(), "vigil-vrrp", 10, true, null, 0));
        p.apply(counters("VI_1", "MASTER", 100, 5));
        p.apply(new ObsEvent.ChildLife(CLOCK.get(), "vigil-vrrp", 10, false, "signal 9", 1));
        ClusterPicture.Snapshot s = p.snapshot();
        assertThat(s.instances()).singleElement().satisfies(i -> assertThat(i.state()).isEqualTo("MASTER"));
        assertThat(s.children()).singleElement().isEqualTo(new ClusterPicture.ChildView("vigil-vrrp", 10, false, "signal 9", 1, CLOCK.get()));
        for (int i = 0; i < ClusterPicture.RECENT + 50; i++)
            p.apply(new ObsEvent.PriorityChange(i, "VI_1", 100, 90 + i % 2, "track"));
        s = p.snapshot();
        assertThat(s.recent()).hasSize(ClusterPicture.RECENT);
        assertThat(s.instances().getFirst().history()).hasSize(ClusterPicture.PER_OBJECT);
        p.apply(new ObsEvent.Removed(1, "instance", "VI_1"));
        assertThat(p.snapshot().instances()).isEmpty();
    }
}
