package io.vigil.lab.seed;

import io.vigil.lab.seed.SoakPlan.Fault;
import io.vigil.lab.seed.SoakPlan.Kind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The soak's pure parts: the seeded schedule and the invariant judge, on made-up recordings. */
class SoakPlanTest {
    @Test
    void sameSeedSameScheduleAndTheConstraintsHold() {
        List<Fault> a = SoakPlan.schedule(7, 30 * 60_000, 15_000, 30_000, 10_000, 3, 4);
        assertThat(SoakPlan.schedule(7, 30 * 60_000, 15_000, 30_000, 10_000, 3, 4)).isEqualTo(a);
        assertThat(SoakPlan.schedule(8, 30 * 60_000, 15_000, 30_000, 10_000, 3, 4)).isNotEqualTo(a);
        assertThat(a).extracting(Fault::kind).contains(Kind.values());
        assertThat(a.getFirst().atMillis()).isGreaterThan(15_000);
        assertThat(a.getLast().endMillis()).isLessThanOrEqualTo(30 * 60_000 - 30_000 + 8_000);
        for (Fault f : a) {
            for (Fault g : a) {
                boolean overlap = f != g && f.atMillis() < SoakPlan.busyUntil(g) && g.atMillis() < SoakPlan.busyUntil(f);
                if (!overlap) continue;
                assertThat(f.target()).as(f + " / " + g).isNotEqualTo(g.target());
                assertThat(f.kind().outage() && g.kind().outage()).as(f + " / " + g).isFalse();
            }
            // Each fault fitted among those planned before it.
            assertThat(SoakPlan.fits(a.stream().filter(g -> g.atMillis() < f.atMillis()).toList(), f)).as(f.toString()).isTrue();
        }
    }

    @Test
    void fitsRefusesASecondFaultOnTheSameTargetAndTwoOutages() {
        Fault kill = new Fault(1, 10_000, Kind.DIRECTOR_KILL, "lb1", 3_000);
        assertThat(SoakPlan.fits(List.of(kill), new Fault(2, 12_000, Kind.LINK_FLAP, "lb1", 1_000))).isFalse();
        assertThat(SoakPlan.fits(List.of(kill), new Fault(2, 12_000, Kind.PARENT_KILL, "lb2", 1_000))).isFalse();
        assertThat(SoakPlan.fits(List.of(kill), new Fault(2, 12_000, Kind.LINK_FLAP, "lb2", 1_000))).isTrue();
        Fault flap = new Fault(2, 12_000, Kind.LINK_FLAP, "lb2", 1_000);
        assertThat(SoakPlan.fits(List.of(kill, flap), new Fault(3, 12_500, Kind.RS_CRASH, "rs1", 1_000))).isFalse();
    }

    private static SoakJudge.View view(String d, String state, boolean holds) {
        return new SoakJudge.View(d, true, true, true, true, Map.of("VI_1", state), Map.of("198.18.4.2", holds), Map.of());
    }

    @Test
    void twoMastersLongAfterTheLastHealIsAViolationButNotDuringAPartition() {
        List<SoakJudge.Tick> ticks = new ArrayList<>();
        for (long t = 0; t <= 10_000; t += 250) ticks.add(new SoakJudge.Tick(t, List.of(view("lb1", "MASTER", true), view("lb2", "MASTER", true))));
        SoakJudge bare = new SoakJudge(Map.of("VI_1", "198.18.4.2"), List.of());
        bare.judgeVrrp(ticks);
        assertThat(bare.violations()).anyMatch(v -> v.contains("2 MASTERs"));

        SoakJudge.Injected partition = new SoakJudge.Injected(new Fault(1, 0, Kind.PARTITION, "lb2", 9_000), 0, 9_000);
        SoakJudge healed = new SoakJudge(Map.of("VI_1", "198.18.4.2"), List.of(partition));
        healed.judgeVrrp(ticks);
        assertThat(healed.violations()).noneMatch(v -> v.contains("MASTERs"));
    }

    @Test
    void aVipHeldByNobodyLongerThanMasterDownIsAViolationAndTheWorstGapIsKept() {
        List<SoakJudge.Tick> ticks = new ArrayList<>();
        for (long t = 0; t <= 20_000; t += 250) {
            boolean gap = t >= 5_000 && t < 5_000 + SoakJudge.MASTER_DOWN_MILLIS + SoakJudge.SLOP_MILLIS + 1_000;
            ticks.add(new SoakJudge.Tick(t, List.of(view("lb1", gap ? "BACKUP" : "MASTER", !gap))));
        }
        SoakJudge j = new SoakJudge(Map.of("VI_1", "198.18.4.2"), List.of());
        j.judgeVrrp(ticks);
        assertThat(j.violations()).anyMatch(v -> v.contains("held by no reachable running director"));
        assertThat(j.worstGapMillis().get("198.18.4.2")).isGreaterThan(SoakJudge.MASTER_DOWN_MILLIS);
    }

    @Test
    void aHolderBehindLossOrAStoppedParentStillHoldsButNotBehindACutCable() {
        List<SoakJudge.Tick> ticks = new ArrayList<>();
        for (long t = 0; t <= 20_000; t += 250) ticks.add(new SoakJudge.Tick(t, List.of(view("lb1", "MASTER", true))));
        for (Kind k : List.of(Kind.PACKET_LOSS, Kind.PARENT_STOP, Kind.VRRP_CHILD_STOP)) {
            SoakJudge j = new SoakJudge(Map.of("VI_1", "198.18.4.2"), List.of(new SoakJudge.Injected(new Fault(1, 0, k, "lb1", 8_000), 2_000, 10_000)));
            j.judgeVrrp(ticks);
            assertThat(j.violations()).as(k.name()).isEmpty();
        }
        SoakJudge cut = new SoakJudge(Map.of("VI_1", "198.18.4.2"), List.of(new SoakJudge.Injected(new Fault(1, 0, Kind.LINK_FLAP, "lb1", 8_000), 2_000, 10_000)));
        cut.judgeVrrp(ticks);
        assertThat(cut.violations()).anyMatch(v -> v.contains("held by no reachable running director"));
    }

    @Test
    void failedRequestsAreCountedAgainstTheFaultWindowTheyFellIn() {
        SoakJudge.Injected crash = new SoakJudge.Injected(new Fault(1, 0, Kind.RS_CRASH, "rs1", 2_000), 10_000, 12_000);
        SoakJudge j = new SoakJudge(Map.of(), List.of(crash));
        Map<String, Long> byKind = j.judgeRequests(List.of(
                new SoakJudge.Request(11_000, "198.18.4.2", "close", false, "FAIL:timeout", 2000),
                new SoakJudge.Request(9_000, "198.18.4.2", "close", false, "FAIL:timeout", 2000),
                new SoakJudge.Request(60_000, "198.18.4.2", "keep", false, "FAIL:reset", 1),
                new SoakJudge.Request(61_000, "198.18.4.2", "keep", true, "ok", 1)));
        assertThat(byKind).containsEntry("RS_CRASH", 2L).containsEntry("outside every fault window", 1L);
        assertThat(j.violations()).singleElement().asString().contains("1 failed requests outside");
    }

    @Test
    void growingFileDescriptorsAndAnUnexplainedRestartAreViolations() {
        List<SoakJudge.Resource> s = new ArrayList<>();
        for (int i = 0; i < 30; i++) s.add(new SoakJudge.Resource(i * 5_000L, "lb1", 100, "vigil-vrrp", 60_000, 40 + i, 0, 20));
        s.add(new SoakJudge.Resource(200_000, "lb1", 101, "vigil-vrrp", 60_000, 40, 0, 20));
        SoakJudge j = new SoakJudge(Map.of(), List.of());
        List<SoakJudge.Trend> trends = j.judgeResources(s, 0, 8);
        assertThat(trends).hasSize(1);
        assertThat(j.violations()).anyMatch(v -> v.contains("file descriptors")).anyMatch(v -> v.contains("restarted (pid 100 -> 101)"));
    }

    @Test
    void theSoakRunsTheDaemonWithTheInstalledJvmOptions() {
        assertThat(SoakRun.installedJvmOptions()).contains("-XX:+UseSerialGC").anyMatch(o -> o.startsWith("-Xmx"))
                .allMatch(o -> o.startsWith("-X"));
    }

    @Test
    void descriptorsThatFollowOpenConnectionsAreNotALeak() {
        List<SoakJudge.Resource> s = new ArrayList<>();
        // A proxy child under rising load: two descriptors per proxied connection, nothing else grows.
        for (int i = 0; i < 30; i++) s.add(new SoakJudge.Resource(i * 5_000L, "lb1", 100, "vigil-proxy", 60_000, 50 + 2 * i, 2 * i, 20));
        SoakJudge j = new SoakJudge(Map.of(), List.of());
        List<SoakJudge.Trend> trends = j.judgeResources(s, 0, 8);
        assertThat(trends).singleElement().satisfies(t -> assertThat(t.fdsLast()).isEqualTo(t.fdsFirst()).isEqualTo(50));
        assertThat(j.violations()).isEmpty();
    }

    @Test
    void aStoppedParentDoesNotExplainAChildRestartButAKilledChildDoes() {
        List<SoakJudge.Resource> s = List.of(new SoakJudge.Resource(0, "lb1", 100, "vigil-vrrp", 60_000, 40, 0, 20),
                new SoakJudge.Resource(10_000, "lb1", 101, "vigil-vrrp", 60_000, 40, 0, 20));
        SoakJudge stopped = new SoakJudge(Map.of(), List.of(new SoakJudge.Injected(new Fault(1, 0, Kind.PARENT_STOP, "lb1", 5_000), 2_000, 7_000)));
        stopped.judgeResources(s, 0, 8);
        assertThat(stopped.violations()).singleElement().asString().contains("with no fault to explain it");
        SoakJudge killed = new SoakJudge(Map.of(), List.of(new SoakJudge.Injected(new Fault(1, 0, Kind.VRRP_CHILD_KILL, "lb1", 0), 2_000, 2_000)));
        killed.judgeResources(s, 0, 8);
        assertThat(killed.violations()).isEmpty();
    }

    @Test
    void aRealServerSeenUpWhileDownBeyondTheDetectionTimeIsAViolation() {
        List<SoakJudge.Truth> truth = List.of(new SoakJudge.Truth(0, "[198.18.4.21]", true), new SoakJudge.Truth(1_000, "[198.18.4.21]", false));
        List<SoakJudge.Tick> ticks = new ArrayList<>();
        for (long t = 0; t <= 10_000; t += 250) ticks.add(new SoakJudge.Tick(t, List.of(new SoakJudge.View("lb1", true, true, true, true, Map.of(),
                Map.of(), Map.of("[198.18.4.2]:TCP:80 [198.18.4.21]:80", t < 3_000 ? "up" : "down")))));
        SoakJudge quick = new SoakJudge(Map.of(), List.of());
        quick.judgeHealth(ticks, truth);
        assertThat(quick.violations()).isEmpty();
        List<SoakJudge.Tick> stuck = ticks.stream().map(k -> new SoakJudge.Tick(k.millis(), List.of(new SoakJudge.View("lb1", true, true, true, true,
                Map.of(), Map.of(), Map.of("[198.18.4.2]:TCP:80 [198.18.4.21]:80", "up"))))).toList();
        SoakJudge slow = new SoakJudge(Map.of(), List.of());
        slow.judgeHealth(stuck, truth);
        assertThat(slow.violations()).singleElement().asString().contains("was up").contains("while it was down");
    }
}
