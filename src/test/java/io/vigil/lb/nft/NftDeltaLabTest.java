package io.vigil.lb.nft;

import io.vigil.net.Json;
import io.vigil.lab.Lab;
import io.vigil.lb.DesiredState;
import io.vigil.lb.Persistence;
import io.vigil.lb.Protocol;
import io.vigil.lb.RealServer;
import io.vigil.lb.SchedulerKind;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.VirtualService;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.vigil.net.IpLiteral.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verdicts applied in place by the real nft, in a namespace: after each one the table holds exactly what the
 * whole-table batch writes for the same state in a second namespace (compared object by object, rules in order),
 * and it took one nft call, without reading the table back. A change the in-place batch cannot make rewrites the
 * table as before.
 */
class NftDeltaLabTest {
    static final ServiceKey WEB = new ServiceKey.Ip(Protocol.TCP, parse("198.18.1.10"), 80);
    static final ServiceKey API = new ServiceKey.Ip(Protocol.TCP, parse("198.18.1.10"), 443);
    static final ServiceKey MARKED = new ServiceKey.Fwmark(7, false);

    /** Counts the calls to the real nft. */
    static final class CountingRunner implements NftRunner {
        final NftRunner real;
        int applies, lists;

        CountingRunner(NftRunner real) {
            this.real = real;
        }

        @Override
        public Result apply(String jsonBatch) {
            applies++;
            return real.apply(jsonBatch);
        }

        @Override
        public Result listTable(String family) {
            lists++;
            return real.listTable(family);
        }
    }

    static RealServer rs(int last, int weight) {
        return rs(last, 80, weight);
    }

    static RealServer rs(int last, int port, int weight) {
        return RealServer.nat(parse("198.18.2." + last), port, weight);
    }

    static List<RealServer> servers(int from, int to, int port, int weight) {
        List<RealServer> out = new ArrayList<>();
        for (int i = from; i <= to; i++) out.add(rs(i, port, weight));
        return out;
    }

    /** The table as comparable data: chains, sets, maps (elements sorted), counters (values dropped), rules per chain in order. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> canonical(NftRunner nft) {
        NftRunner.Result r = nft.listTable("ip");
        assertThat(r.ok()).as(r.output()).isTrue();
        Map<String, Object> out = new TreeMap<>();
        for (Object o : (List<Object>) ((Map<String, Object>) Json.parse(r.output())).get("nftables")) {
            Map<String, Object> m = (Map<String, Object>) o;
            for (String kind : List.of("chain", "set", "map", "counter", "rule")) {
                if (!(m.get(kind) instanceof Map<?, ?> body)) continue;
                Map<String, Object> b = new TreeMap<>((Map<String, Object>) body);
                b.remove("handle");
                b.remove("packets");
                b.remove("bytes");
                if (kind.equals("rule")) {
                    ((List<Object>) out.computeIfAbsent("rules " + b.get("chain"), k -> new ArrayList<>())).add(Json.write(b.get("expr")));
                } else {
                    if (b.get("elem") instanceof List<?> elems) b.put("elem", elems.stream().map(Json::write).sorted().toList());
                    out.put(kind + " " + b.get("name"), Json.write(b));
                }
            }
        }
        return out;
    }

    @Test
    void verdictsInPlaceLeaveTheTableTheWholeBatchWrites() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nft")), "SKIPPED: nftables (nft) is not installed");
        try (Lab lab = Lab.create("nd")) {
            Lab.Host a = lab.host("a", "198.18.0.31/24"), b = lab.host("b", "198.18.0.32/24");
            CountingRunner inPlace = new CountingRunner(NftRunner.command(List.of("ip", "netns", "exec", a.ns())));
            NftRunner wholeRunner = NftRunner.command(List.of("ip", "netns", "exec", b.ns()));
            Assumptions.assumeTrue(NftDataPlane.usable(inPlace), "SKIPPED: nftables not usable here");
            try (NftDataPlane delta = new NftDataPlane(inPlace, new FakeConnectionTable());
                 NftDataPlane whole = new NftDataPlane(wholeRunner, new FakeConnectionTable())) {
                VirtualService web = VirtualService.of(WEB, SchedulerKind.WRR, servers(11, 30, 80, 1));
                VirtualService api = new VirtualService(API, SchedulerKind.SH, Set.of(), new Persistence(300, 24), false, servers(11, 20, 8443, 2));
                VirtualService marked = VirtualService.of(MARKED, SchedulerKind.RR, servers(41, 43, 80, 1));
                List<DesiredState> steps = List.of(
                        new DesiredState(List.of(web, api, marked)),                                       // start: whole table
                        new DesiredState(List.of(web.withWeight(rs(12, 0).key(), 0), api, marked)),        // a server fails (inhibit)
                        new DesiredState(List.of(web.without(rs(12, 0).key()), api, marked)),              // ... and leaves
                        new DesiredState(List.of(web, api, marked)),                                       // ... and comes back
                        new DesiredState(List.of(web, api.without(rs(15, 8443, 0).key()), marked)),              // persistence: set goes
                        new DesiredState(List.of(web, api, marked.withWeight(rs(42, 0).key(), 0))),        // fwmark: chain only
                        new DesiredState(List.of(web, api, marked.without(rs(42, 0).key()))));             // fwmark removal: whole
                List<Boolean> inPlaceExpected = List.of(false, true, true, true, true, true, false);
                for (int i = 0; i < steps.size(); i++) {
                    int appliesBefore = inPlace.applies, listsBefore = inPlace.lists;
                    DesiredState s = steps.get(i);
                    if (i == 0) delta.reconcile(s);
                    else delta.reconcile(s, Set.of(WEB, API, MARKED));
                    whole.reconcile(s);
                    assertThat(delta.current()).isEqualTo(s);
                    if (inPlaceExpected.get(i)) {
                        assertThat(inPlace.applies - appliesBefore).as("step %d: one nft call", i).isEqualTo(1);
                        assertThat(inPlace.lists - listsBefore).as("step %d: nothing read back", i).isZero();
                    } else {
                        assertThat(inPlace.lists - listsBefore).as("step %d: the whole table, read back first", i).isPositive();
                    }
                    assertThat(canonical(inPlace)).as("step %d", i).isEqualTo(canonical(wholeRunner));
                }
            }
        }
    }
}
