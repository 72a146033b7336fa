package io.vigil.lb.sched;

import io.vigil.lb.RealServer;
import io.vigil.lb.SchedulerFlag;
import io.vigil.lb.SchedulerKind;
import io.vigil.lb.sched.Scheduler.Request;
import io.vigil.lb.sched.Scheduler.Server;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.vigil.net.IpLiteral.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Distributions and choices of each scheduler against its IPVS definition. */
class SchedulerTest {
    static final InetAddress VIP = parse("198.18.1.10");

    static Server server(int i, int weight) {
        return Server.of(new RealServer.Key(parse("198.18.2." + i), 80), weight);
    }

    static Request from(int client) {
        return new Request(parse("198.18." + (100 + client / 250) + "." + (client % 250 + 1)), 40000 + client, VIP, 80);
    }

    static Request from(InetAddress a, int port) {
        return new Request(a, port, VIP, 80);
    }

    static List<Integer> sequence(Scheduler s, List<Server> servers, int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(s.pick(servers, from(i)));
        return out;
    }

    static int[] counts(Scheduler s, List<Server> servers, int n) {
        int[] c = new int[servers.size()];
        for (int i = 0; i < n; i++) c[s.pick(servers, from(i))]++;
        return c;
    }

    @Test
    void rrCyclesAndSkipsDrainedServers() {
        Scheduler rr = Scheduler.create(SchedulerKind.RR, Set.of());
        assertThat(sequence(rr, List.of(server(1, 1), server(2, 5), server(3, 1)), 6)).containsExactly(0, 1, 2, 0, 1, 2);
        assertThat(sequence(rr, List.of(server(1, 1), server(2, 0), server(3, 1)), 4)).containsExactly(0, 2, 0, 2);
        assertThat(rr.pick(List.of(server(1, 0)), from(1))).isEqualTo(-1);
    }

    @Test
    void wrrIsIpvsInterleavedGcdSequence() {
        // IPVS wrr with weights 4,3,2 (gcd 1): passes at cw=4,3,2,1 → a ab abc abc
        Scheduler wrr = Scheduler.create(SchedulerKind.WRR, Set.of());
        List<Server> s = List.of(server(1, 4), server(2, 3), server(3, 2));
        assertThat(sequence(wrr, s, 9)).containsExactly(0, 0, 1, 0, 1, 2, 0, 1, 2);
        assertThat(sequence(wrr, s, 9)).containsExactly(0, 0, 1, 0, 1, 2, 0, 1, 2);
        // gcd 2: weights 4,2 → cw=4: a; cw=2: a b
        Scheduler wrr2 = Scheduler.create(SchedulerKind.WRR, Set.of());
        assertThat(sequence(wrr2, List.of(server(1, 4), server(2, 2)), 6)).containsExactly(0, 0, 1, 0, 0, 1);
        int[] c = counts(Scheduler.create(SchedulerKind.WRR, Set.of()), List.of(server(1, 3), server(2, 1), server(3, 0)), 4000);
        assertThat(c).containsExactly(3000, 1000, 0);
    }

    @Test
    void lcPicksLeastOverheadWithActiveCounting256() {
        Scheduler lc = Scheduler.create(SchedulerKind.LC, Set.of());
        // overheads: 1*256+0=256, 0*256+300=300, 1*256+10=266 → first
        List<Server> s = List.of(server(1, 1).withConns(1, 0), server(2, 1).withConns(0, 300), server(3, 1).withConns(1, 10));
        assertThat(lc.pick(s, from(1))).isEqualTo(0);
        // lc ignores weight (but not weight 0)
        assertThat(lc.pick(List.of(server(1, 100).withConns(2, 0), server(2, 1).withConns(1, 0)), from(1))).isEqualTo(1);
        assertThat(lc.pick(List.of(server(1, 100).withConns(2, 0), server(2, 0).withConns(0, 0)), from(1))).isEqualTo(0);
    }

    @Test
    void lcAndWlcSpreadOpenConnectionsByWeight() {
        // Connections that never close: lc evens them out, wlc spreads them in proportion to weight.
        for (SchedulerKind k : List.of(SchedulerKind.LC, SchedulerKind.WLC)) {
            Scheduler sch = Scheduler.create(k, Set.of());
            List<Server> s = new ArrayList<>(List.of(server(1, 3), server(2, 1)));
            for (int i = 0; i < 400; i++) {
                int p = sch.pick(s, from(i));
                s.set(p, s.get(p).withConns(s.get(p).activeConns() + 1, 0));
            }
            if (k == SchedulerKind.LC) assertThat(s).extracting(Server::activeConns).containsExactly(200, 200);
            else assertThat(s).extracting(Server::activeConns).containsExactly(300, 100);
        }
    }

    @Test
    void sedAndNq() {
        Scheduler sed = Scheduler.create(SchedulerKind.SED, Set.of());
        // (a+1)/w: (2+1)/3 = 1 vs (0+1)/1 = 1 → tie keeps the first
        assertThat(sed.pick(List.of(server(1, 3).withConns(2, 0), server(2, 1)), from(1))).isEqualTo(0);
        // (3+1)/3 > (0+1)/1
        assertThat(sed.pick(List.of(server(1, 3).withConns(3, 0), server(2, 1)), from(1))).isEqualTo(1);
        Scheduler nq = Scheduler.create(SchedulerKind.NQ, Set.of());
        // nq: an idle server wins even when sed would prefer the heavy one: (1+1)/10 < (0+1)/1
        assertThat(sed.pick(List.of(server(1, 10).withConns(1, 0), server(2, 1)), from(1))).isEqualTo(0);
        assertThat(nq.pick(List.of(server(1, 10).withConns(1, 0), server(2, 1)), from(1))).isEqualTo(1);
    }

    @Test
    void foAndOvf() {
        Scheduler fo = Scheduler.create(SchedulerKind.FO, Set.of());
        assertThat(fo.pick(List.of(server(1, 1), server(2, 5), server(3, 5)), from(1))).isEqualTo(1);
        assertThat(fo.pick(List.of(server(1, 1), server(2, 0), server(3, 0)), from(1))).isEqualTo(0);
        Scheduler ovf = Scheduler.create(SchedulerKind.OVF, Set.of());
        assertThat(ovf.pick(List.of(server(1, 2), server(2, 5).withConns(5, 0)), from(1))).isEqualTo(1);
        assertThat(ovf.pick(List.of(server(1, 2), server(2, 5).withConns(6, 0)), from(1))).isEqualTo(0);
        assertThat(ovf.pick(List.of(server(1, 2).withConns(3, 0), server(2, 5).withConns(6, 0)), from(1))).isEqualTo(-1);
    }

    @Test
    void shIsStickyPerSourceAndSpreadsByWeight() {
        Scheduler sh = Scheduler.create(SchedulerKind.SH, Set.of());
        List<Server> s = List.of(server(1, 1), server(2, 1));
        Map<InetAddress, Integer> first = new HashMap<>();
        for (int i = 0; i < 500; i++) first.put(from(i).source(), sh.pick(s, from(i)));
        for (int i = 0; i < 500; i++) assertThat(sh.pick(s, from(from(i).source(), 1234))).isEqualTo(first.get(from(i).source()));
        // Weighted bucket fill 3:1 → 192 and 64 of the 256 buckets; sources spread close to that.
        int[] c = counts(Scheduler.create(SchedulerKind.SH, Set.of()), List.of(server(1, 3), server(2, 1)), 4000);
        assertThat(c[0] / 4000.0).isCloseTo(0.75, within(0.05));
    }

    @Test
    void shWithoutFallbackFailsOnADrainedBucketWithFallbackMovesOn() {
        List<Server> s = List.of(server(1, 1), server(2, 0));
        Scheduler strict = Scheduler.create(SchedulerKind.SH, Set.of());
        Scheduler fb = Scheduler.create(SchedulerKind.SH, Set.of(SchedulerFlag.FALLBACK));
        int failed = 0;
        for (int i = 0; i < 200; i++) {
            if (strict.pick(s, from(i)) == -1) failed++;
            assertThat(fb.pick(s, from(i))).isEqualTo(0);
        }
        assertThat(failed).isBetween(60, 140);
    }

    @Test
    void shPortHashesTheSourcePortToo() {
        Scheduler sh = Scheduler.create(SchedulerKind.SH, Set.of(SchedulerFlag.PORT));
        List<Server> s = List.of(server(1, 1), server(2, 1));
        InetAddress one = parse("198.18.100.1");
        int[] c = new int[2];
        for (int port = 1024; port < 3024; port++) c[sh.pick(s, from(one, port))]++;
        assertThat(c[0]).isBetween(800, 1200);
    }

    @Test
    void dhMapsOneDestinationToOneServer() {
        Scheduler dh = Scheduler.create(SchedulerKind.DH, Set.of());
        List<Server> s = List.of(server(1, 1), server(2, 1), server(3, 1));
        int first = dh.pick(s, from(0));
        for (int i = 0; i < 100; i++) assertThat(dh.pick(s, from(i))).isEqualTo(first);
        int[] c = new int[3];
        for (int d = 0; d < 768; d++) c[dh.pick(s, new Request(parse("198.18.100.1"), 1, parse("198.18.5." + (d % 256)), 80))]++;
        for (int x : c) assertThat(x).isBetween(150, 350);
    }

    @Test
    void maglevSpreadsByWeightAndMovesFewSourcesWhenAServerGoes() {
        List<Server> three = List.of(server(1, 1), server(2, 1), server(3, 2));
        int[] table = HashSchedulers.Maglev.populate(three);
        int[] slots = new int[3];
        for (int x : table) slots[x]++;
        // Turns 1:1:2 → slot shares 1/4, 1/4, 1/2 of 4093 (to within a turn).
        assertThat(slots[0]).isBetween(1020, 1026);
        assertThat(slots[2]).isBetween(2043, 2050);

        Scheduler mh = Scheduler.create(SchedulerKind.MH, Set.of());
        int n = 3000;
        int[] before = new int[n];
        for (int i = 0; i < n; i++) before[i] = mh.pick(three, from(i));
        List<Server> two = List.of(server(1, 1), server(3, 2)); // server 2 removed
        int moved = 0, onRemoved = 0;
        for (int i = 0; i < n; i++) {
            RealServer.Key was = three.get(before[i]).key();
            RealServer.Key now = two.get(mh.pick(two, from(i))).key();
            if (was.equals(three.get(1).key())) onRemoved++;
            else if (!was.equals(now)) moved++;
        }
        // Only the removed server's sources move (Maglev's minimal disruption), give or take a few percent.
        assertThat(onRemoved / (double) n).isCloseTo(0.25, within(0.05));
        assertThat(moved / (double) n).isLessThan(0.05);
    }

    @Test
    void maglevFallbackSkipsADrainedServer() {
        List<Server> s = List.of(server(1, 1), server(2, 0));
        Scheduler mh = Scheduler.create(SchedulerKind.MH, Set.of(SchedulerFlag.FALLBACK));
        for (int i = 0; i < 100; i++) assertThat(mh.pick(s, from(i))).isEqualTo(0);
    }

    @Test
    void lblcSticksPerDestinationUntilOverloaded() {
        Scheduler lblc = Scheduler.create(SchedulerKind.LBLC, Set.of());
        List<Server> s = List.of(server(1, 2), server(2, 2));
        assertThat(lblc.pick(s, from(1))).isEqualTo(0);
        List<Server> busy = List.of(server(1, 2).withConns(1, 0), server(2, 2));
        assertThat(lblc.pick(busy, from(2))).isEqualTo(0); // same destination: sticky although wlc would pick 1
        List<Server> overloaded = List.of(server(1, 2).withConns(3, 0), server(2, 2));
        assertThat(lblc.pick(overloaded, from(3))).isEqualTo(1);
        Scheduler lblcr = Scheduler.create(SchedulerKind.LBLCR, Set.of());
        assertThat(lblcr.pick(s, from(1))).isEqualTo(0);
        assertThat(lblcr.pick(overloaded, from(1))).isEqualTo(1); // set grows
        assertThat(lblcr.pick(List.of(server(1, 2), server(2, 2).withConns(1, 0)), from(1))).isEqualTo(0);
    }
}
