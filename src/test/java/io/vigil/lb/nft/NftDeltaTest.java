package io.vigil.lb.nft;

import io.vigil.net.Json;
import io.vigil.lb.DesiredState;
import io.vigil.lb.Persistence;
import io.vigil.lb.Plan;
import io.vigil.lb.Protocol;
import io.vigil.lb.RealServer;
import io.vigil.lb.Reconciler;
import io.vigil.lb.SchedulerKind;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.VirtualService;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.vigil.net.IpLiteral.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** The in-place batch for a verdict, as data (NftDeltaLabTest feeds it to the real nft and compares the table). */
class NftDeltaTest {
    static final ServiceKey WEB = new ServiceKey.Ip(Protocol.TCP, parse("198.18.1.10"), 80);
    static final ServiceKey API = new ServiceKey.Ip(Protocol.TCP, parse("198.18.1.10"), 443);
    static final ServiceKey MARKED = new ServiceKey.Fwmark(7, false);
    static final RealServer A = RealServer.nat(parse("198.18.2.11"), 80, 1);
    static final RealServer B = RealServer.nat(parse("198.18.2.12"), 80, 1);
    static final RealServer C = RealServer.nat(parse("198.18.2.13"), 80, 1);
    static final String SVC_WEB = "svc_tcp_198_18_1_10_80";

    static DesiredState state(VirtualService... s) {
        return new DesiredState(List.of(s));
    }

    static Optional<List<Object>> delta(DesiredState from, DesiredState to) {
        return NftDelta.batch("ip", Reconciler.plan(from, to));
    }

    static VirtualService web(RealServer... rs) {
        return VirtualService.of(WEB, SchedulerKind.WRR, List.of(rs));
    }

    static VirtualService api(RealServer... rs) {
        return new VirtualService(API, SchedulerKind.RR, Set.of(), new Persistence(300, 32), false, List.of(rs));
    }

    /** Each command as "op kind name" (rules as "add rule CHAIN"). */
    @SuppressWarnings("unchecked")
    static List<String> summary(List<Object> cmds) {
        List<String> out = new ArrayList<>();
        for (Object o : cmds) {
            Map.Entry<String, Object> op = ((Map<String, Object>) o).entrySet().iterator().next();
            Map.Entry<String, Object> what = ((Map<String, Object>) op.getValue()).entrySet().iterator().next();
            Map<String, Object> body = (Map<String, Object>) what.getValue();
            out.add(op.getKey() + " " + what.getKey() + " " + (what.getKey().equals("rule") ? body.get("chain") : body.get("name")));
        }
        return out;
    }

    @Test
    void aWeightChangeRefillsOnlyItsServicesChain() {
        List<Object> cmds = delta(state(web(A, B), api(A)), state(web(A, B.withWeight(0)), api(A))).orElseThrow();
        assertThat(summary(cmds)).containsExactly("flush chain " + SVC_WEB, "add rule " + SVC_WEB, "add rule " + SVC_WEB);
        // the same rules as the whole-table batch writes into that chain
        List<Object> whole = NftRuleset.batch("ip", List.of(web(A, B.withWeight(0)), api(A)), NftRuleset.Existing.NONE);
        assertThat(NftRulesetTest.rules(cmds, SVC_WEB)).isEqualTo(NftRulesetTest.rules(whole, SVC_WEB));
    }

    @Test
    void aRemovedServerLosesItsObjectsAfterTheReferencesToThem() {
        List<Object> cmds = delta(state(web(A, B)), state(web(A))).orElseThrow();
        String rs = "rs_tcp_198_18_1_10_80__198_18_2_12_80";
        assertThat(summary(cmds)).containsExactly("flush chain " + SVC_WEB,
                "delete element cnt_in", "delete element cnt_out", "flush chain " + rs, "delete chain " + rs,
                "delete counter conn_tcp_198_18_1_10_80__198_18_2_12_80", "delete counter in_tcp_198_18_1_10_80__198_18_2_12_80",
                "delete counter out_tcp_198_18_1_10_80__198_18_2_12_80", "add rule " + SVC_WEB, "add rule " + SVC_WEB);
        assertThat(Json.write(cmds.get(1))).isEqualTo("{\"delete\":{\"element\":{\"family\":\"ip\",\"table\":\"vigil\",\"name\":\"cnt_in\","
                + "\"elem\":[{\"concat\":[\"198.18.1.10\",\"198.18.2.12\",80]}]}}}");
    }

    @Test
    void anAddedServerGetsWhatTheWholeBatchWouldGiveIt() {
        List<Object> cmds = delta(state(web(A), api(A)), state(web(A), api(A, C))).orElseThrow();
        String rs = "rs_tcp_198_18_1_10_443__198_18_2_13_80", svc = "svc_tcp_198_18_1_10_443";
        assertThat(summary(cmds)).containsExactly("flush chain " + svc,
                "add chain " + rs, "add counter conn_tcp_198_18_1_10_443__198_18_2_13_80", "add counter in_tcp_198_18_1_10_443__198_18_2_13_80",
                "add counter out_tcp_198_18_1_10_443__198_18_2_13_80", "add set p_tcp_198_18_1_10_443__198_18_2_13_80_300_32",
                "add element cnt_in", "add element cnt_out", "add rule " + rs, "add rule " + svc, "add rule " + svc, "add rule " + svc, "add rule " + svc);
        List<Object> whole = NftRuleset.batch("ip", List.of(web(A), api(A, C)), NftRuleset.Existing.NONE);
        assertThat(NftRulesetTest.rules(cmds, rs)).isEqualTo(NftRulesetTest.rules(whole, rs));
        assertThat(NftRulesetTest.rules(cmds, svc)).isEqualTo(NftRulesetTest.rules(whole, svc));
        assertThat(Json.write(cmds.get(6))).isEqualTo("{\"add\":{\"element\":{\"family\":\"ip\",\"table\":\"vigil\",\"name\":\"cnt_in\","
                + "\"elem\":[[{\"concat\":[\"198.18.1.10\",\"198.18.2.13\",80]},\"in_tcp_198_18_1_10_443__198_18_2_13_80\"]]}}}");
    }

    @Test
    void whatTheInPlaceBatchDoesNotEditNeedsTheWholeTable() {
        // first apply: no table yet
        assertThat(delta(DesiredState.EMPTY, state(web(A)))).isEmpty();
        // a service added, removed, or its settings changed
        assertThat(delta(state(web(A)), state(web(A), api(A)))).isEmpty();
        assertThat(delta(state(web(A), api(A)), state(web(A)))).isEmpty();
        assertThat(delta(state(web(A)), state(VirtualService.of(WEB, SchedulerKind.RR, List.of(A))))).isEmpty();
        // a server counted by a rule of its own (fwmark service: no VIP in its key)
        VirtualService marked = VirtualService.of(MARKED, SchedulerKind.RR, List.of(A));
        assertThat(delta(state(web(A), marked), state(web(A), marked.withServers(List.of(A, B))))).isEmpty();
        // ... but re-weighing it only refills its service's chain
        assertThat(delta(state(web(A), marked), state(web(A), marked.withWeight(A.key(), 0)))).isPresent();
        // a server whose counter key a server of an earlier service already has (counted by rules)
        VirtualService api80 = VirtualService.of(API, SchedulerKind.RR, List.of(A));
        assertThat(delta(state(web(B), api80), state(web(A, B), api80))).isEmpty();
    }

    @Test
    void nothingOfThisFamilyChangedIsAnEmptyBatch() {
        ServiceKey v6 = new ServiceKey.Ip(Protocol.TCP, parse("2001:db8::1"), 80);
        RealServer r6 = RealServer.nat(parse("2001:db8::11"), 80, 1);
        DesiredState from = state(web(A), VirtualService.of(v6, SchedulerKind.RR, List.of(r6)));
        DesiredState to = state(web(A), VirtualService.of(v6, SchedulerKind.RR, List.of(r6.withWeight(0))));
        assertThat(delta(from, to)).contains(List.of());
        assertThat(NftDelta.batch("ip6", Reconciler.plan(from, to)).orElseThrow()).isNotEmpty();
        Plan none = Reconciler.plan(from, from);
        assertThat(NftDelta.batch("ip", none)).contains(List.of());
    }
}
