package io.vigil.lb.sched;

import io.vigil.lb.RealServer;
import io.vigil.lb.SchedulerFlag;
import io.vigil.lb.SchedulerKind;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * mh for active-active directors (docs/scale-out.md): every director must send a flow to the same real server, so a
 * flow the routers move to another director keeps its server, and a pool change must move few flows.
 */
class MaglevConsistencyTest {
    private static final InetAddress VIP = address("198.18.2.100");

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** A director's view of the pool, built from text as its own configuration would be. */
    private static List<Scheduler.Server> pool(List<String> servers) {
        List<Scheduler.Server> out = new ArrayList<>();
        for (String s : servers) out.add(Scheduler.Server.of(new RealServer.Key(address(s), 80), 1));
        return out;
    }

    private static List<Scheduler.Request> flows(int n) {
        Random random = new Random(13);
        List<Scheduler.Request> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Scheduler.Request(address("198.19." + random.nextInt(256) + "." + random.nextInt(256)), 1024 + random.nextInt(64000), VIP, 80));
        }
        return out;
    }

    private static List<RealServer.Key> choices(Scheduler s, List<Scheduler.Server> pool, List<Scheduler.Request> flows) {
        List<RealServer.Key> out = new ArrayList<>();
        for (Scheduler.Request r : flows) {
            int i = s.pick(pool, r);
            out.add(i < 0 ? null : pool.get(i).key());
        }
        return out;
    }

    private static final List<String> SERVERS = List.of("198.18.0.21", "198.18.0.22", "198.18.0.23", "198.18.0.24", "198.18.0.25");

    @Test
    void twoDirectorsBuildTheSameTableAndChooseTheSameServerPerFlow() {
        List<String> reversed = new ArrayList<>(SERVERS);
        Collections.reverse(reversed);
        List<Scheduler.Server> a = pool(SERVERS);
        List<Scheduler.Server> b = pool(reversed); // another director, its pool listed in another order
        int[] ta = SchedulerTables.maglev(a), tb = SchedulerTables.maglev(b);
        for (int slot = 0; slot < ta.length; slot++) {
            assertThat(b.get(tb[slot]).key()).as("slot %d", slot).isEqualTo(a.get(ta[slot]).key());
        }
        List<Scheduler.Request> flows = flows(20_000);
        Set<SchedulerFlag> flags = Set.of(SchedulerFlag.PORT);
        assertThat(choices(Scheduler.create(SchedulerKind.MH, flags), b, flows))
                .isEqualTo(choices(Scheduler.create(SchedulerKind.MH, flags), a, flows));
        // mh-port: the source port counts, so one client's flows spread over the pool
        assertThat(Set.copyOf(choices(Scheduler.create(SchedulerKind.MH, flags), a,
                flows.stream().map(f -> new Scheduler.Request(address("198.19.0.1"), f.sourcePort(), VIP, 80)).toList()))).hasSize(5);
    }

    @Test
    void removingOneOfFiveServersMovesAboutAFifthOfTheFlows() {
        List<Scheduler.Request> flows = flows(50_000);
        List<RealServer.Key> before = choices(Scheduler.create(SchedulerKind.MH, Set.of(SchedulerFlag.PORT)), pool(SERVERS), flows);
        List<String> four = SERVERS.stream().filter(s -> !s.equals("198.18.0.23")).toList();
        List<RealServer.Key> after = choices(Scheduler.create(SchedulerKind.MH, Set.of(SchedulerFlag.PORT)), pool(four), flows);
        RealServer.Key gone = new RealServer.Key(address("198.18.0.23"), 80);
        int onGone = 0, movedOthers = 0;
        for (int i = 0; i < flows.size(); i++) {
            if (before.get(i).equals(gone)) onGone++;
            else if (!before.get(i).equals(after.get(i))) movedOthers++;
        }
        double share = (double) onGone / flows.size();
        double disruption = (double) movedOthers / (flows.size() - onGone);
        System.out.printf("mh, 5 -> 4 servers: %.1f %% of flows were on the removed one; %.2f %% of the others moved%n", share * 100, disruption * 100);
        assertThat(share).isBetween(0.17, 0.23); // its share of the table: 1/5
        assertThat(disruption).isLessThan(0.05); // Maglev: near-minimal disruption (a modulo hash would move ~80 %)
    }

    @Test
    void withFallbackAnUnavailableServerMovesOnlyItsOwnFlows() {
        List<Scheduler.Request> flows = flows(20_000);
        Set<SchedulerFlag> flags = Set.of(SchedulerFlag.PORT, SchedulerFlag.FALLBACK);
        List<Scheduler.Server> pool = pool(SERVERS);
        List<RealServer.Key> before = choices(Scheduler.create(SchedulerKind.MH, flags), pool, flows);
        List<Scheduler.Server> overloaded = new ArrayList<>(pool);
        overloaded.set(2, new Scheduler.Server(pool.get(2).key(), 1, 0, 0, true));
        List<RealServer.Key> after = choices(Scheduler.create(SchedulerKind.MH, flags), overloaded, flows);
        for (int i = 0; i < flows.size(); i++) {
            if (!before.get(i).equals(pool.get(2).key())) assertThat(after.get(i)).isEqualTo(before.get(i));
            else assertThat(after.get(i)).isNotNull().isNotEqualTo(pool.get(2).key());
        }
    }
}
