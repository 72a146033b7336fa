package io.vigil.lb.nft;

import io.vigil.net.Json;
import io.vigil.lb.DesiredState;
import io.vigil.lb.Forwarding;
import io.vigil.lb.Persistence;
import io.vigil.lb.Protocol;
import io.vigil.lb.RealServer;
import io.vigil.lb.SchedulerFlag;
import io.vigil.lb.SchedulerKind;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.VirtualService;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.vigil.net.IpLiteral.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** The JSON batches, checked as data (the lab test feeds them to the real nft). */
class NftRulesetTest {
    static final ServiceKey WEB = new ServiceKey.Ip(Protocol.TCP, parse("198.18.1.10"), 80);
    static final RealServer A = RealServer.nat(parse("198.18.2.11"), 80, 3);
    static final RealServer B = RealServer.nat(parse("198.18.2.12"), 80, 1);

    static List<Object> batch(VirtualService s, NftRuleset.Existing e) {
        return NftRuleset.batch("ip", List.of(s), e);
    }

    /** Rules of one chain, as their expression lists. */
    @SuppressWarnings("unchecked")
    static List<List<Object>> rules(List<Object> batch, String chain) {
        List<List<Object>> out = new ArrayList<>();
        for (Object o : batch) {
            Map<String, Object> add = (Map<String, Object>) ((Map<String, Object>) o).get("add");
            if (add != null && add.get("rule") instanceof Map<?, ?> r && chain.equals(r.get("chain"))) out.add((List<Object>) r.get("expr"));
        }
        return out;
    }

    @Test
    void wrrBecomesANumgenVmapInIpvsOrder() {
        List<Object> b = batch(VirtualService.of(WEB, SchedulerKind.WRR, List.of(A, B)), NftRuleset.Existing.NONE);
        String json = Json.write(rules(b, "svc_tcp_198_18_1_10_80"));
        // IPVS wrr 3:1 → a a a b; consecutive runs become ranges.
        assertThat(json).contains("{\"numgen\":{\"mode\":\"inc\",\"mod\":4,\"offset\":0}}")
                .contains("[{\"range\":[0,2]},{\"goto\":{\"target\":\"rs_tcp_198_18_1_10_80__198_18_2_11_80\"}}]")
                .contains("[3,{\"goto\":{\"target\":\"rs_tcp_198_18_1_10_80__198_18_2_12_80\"}}]");
        assertThat(Json.write(rules(b, "rs_tcp_198_18_1_10_80__198_18_2_11_80")))
                .isEqualTo("[[{\"counter\":\"conn_tcp_198_18_1_10_80__198_18_2_11_80\"},"
                        + "{\"match\":{\"op\":\"==\",\"left\":{\"meta\":{\"key\":\"l4proto\"}},\"right\":\"tcp\"}},"
                        + "{\"dnat\":{\"addr\":\"198.18.2.11\",\"port\":80}}]]");
        assertThat(Json.write(rules(b, "services"))).isEqualTo("[[{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"ip\",\"field\":\"daddr\"}},\"right\":\"198.18.1.10\"}},"
                + "{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"tcp\",\"field\":\"dport\"}},\"right\":80}},"
                + "{\"goto\":{\"target\":\"svc_tcp_198_18_1_10_80\"}}]]");
    }

    @Test
    void drainedServerLeavesTheSchedulerButKeepsItsChainForOpenConnectionsCounters() {
        List<Object> b = batch(VirtualService.of(WEB, SchedulerKind.RR, List.of(A.withWeight(0), B)), NftRuleset.Existing.NONE);
        String svc = Json.write(rules(b, "svc_tcp_198_18_1_10_80"));
        assertThat(svc).contains("\"mod\":1").doesNotContain("goto\":{\"target\":\"rs_tcp_198_18_1_10_80__198_18_2_11_80");
        assertThat(rules(b, "rs_tcp_198_18_1_10_80__198_18_2_11_80")).hasSize(1);
    }

    @Test
    void noAvailableServerRejectsLikeIpvs() {
        List<Object> b = batch(VirtualService.of(WEB, SchedulerKind.RR, List.of(A.withWeight(0))), NftRuleset.Existing.NONE);
        assertThat(Json.write(rules(b, "svc_tcp_198_18_1_10_80"))).isEqualTo("[[{\"reject\":{\"type\":\"icmp\",\"expr\":\"port-unreachable\"}}]]");
    }

    @Test
    void persistenceUsesOneTimedSetPerServerAndTheMask() {
        VirtualService s = new VirtualService(WEB, SchedulerKind.RR, Set.of(), new Persistence(300, 24), false, List.of(A, B));
        List<Object> b = batch(s, NftRuleset.Existing.NONE);
        String all = Json.write(b);
        assertThat(all).contains("{\"add\":{\"set\":{\"family\":\"ip\",\"table\":\"vigil\",\"name\":\"p_tcp_198_18_1_10_80__198_18_2_11_80_300_24\",\"type\":\"ipv4_addr\",\"flags\":[\"timeout\"],\"timeout\":300}}}");
        assertThat(Json.write(rules(b, "svc_tcp_198_18_1_10_80").getFirst())).isEqualTo(
                "[{\"match\":{\"op\":\"==\",\"left\":{\"&\":[{\"payload\":{\"protocol\":\"ip\",\"field\":\"saddr\"}},\"255.255.255.0\"]},\"right\":\"@p_tcp_198_18_1_10_80__198_18_2_11_80_300_24\"}},"
                        + "{\"goto\":{\"target\":\"rs_tcp_198_18_1_10_80__198_18_2_11_80\"}}]");
    }

    @Test
    void shHashesSourceAndPortWithFlagsAndFallbackFillsDrainedBuckets() {
        VirtualService s = new VirtualService(WEB, SchedulerKind.SH, Set.of(SchedulerFlag.PORT, SchedulerFlag.FALLBACK), Persistence.NONE, false, List.of(A, B.withWeight(0)));
        String svc = Json.write(rules(batch(s, NftRuleset.Existing.NONE), "svc_tcp_198_18_1_10_80"));
        assertThat(svc).contains("{\"jhash\":{\"mod\":256,\"seed\":0,\"expr\":{\"concat\":[{\"payload\":{\"protocol\":\"ip\",\"field\":\"saddr\"}},{\"payload\":{\"protocol\":\"tcp\",\"field\":\"sport\"}}]}}}")
                .contains("[{\"range\":[0,255]},{\"goto\":{\"target\":\"rs_tcp_198_18_1_10_80__198_18_2_11_80\"}}]");
    }

    @Test
    void aRebuildFlushesOurChainsAndDeletesWhatIsGoneButNothingElse() {
        NftRuleset.Existing e = new NftRuleset.Existing(true, Set.of("prerouting", "services", "svc_old", "rs_old"), Set.of("p_old"), Set.of("conn_old"));
        String all = Json.write(batch(VirtualService.of(WEB, SchedulerKind.RR, List.of(A)), e));
        assertThat(all).contains("{\"flush\":{\"chain\":{\"family\":\"ip\",\"table\":\"vigil\",\"name\":\"svc_old\"}}}")
                .contains("{\"delete\":{\"chain\":{\"family\":\"ip\",\"table\":\"vigil\",\"name\":\"svc_old\"}}}")
                .contains("{\"delete\":{\"set\":{\"family\":\"ip\",\"table\":\"vigil\",\"name\":\"p_old\"}}}")
                .contains("{\"delete\":{\"counter\":{\"family\":\"ip\",\"table\":\"vigil\",\"name\":\"conn_old\"}}}")
                .doesNotContain("{\"delete\":{\"chain\":{\"family\":\"ip\",\"table\":\"vigil\",\"name\":\"prerouting\"}}}");
        assertThat(all.indexOf("\"delete\"")).isGreaterThan(all.lastIndexOf("\"flush\""));
        assertThat(NftRuleset.batch("ip", List.of(), e)).containsExactly(Json.obj("delete", Json.obj("table", Json.obj("family", "ip", "name", "vigil"))));
        assertThat(NftRuleset.batch("ip", List.of(), NftRuleset.Existing.NONE)).isEmpty();
    }

    /** Forwarded packets are counted by one map lookup per direction, not one rule per server of every service. */
    @Test
    void countingIsTwoMapLookupsWithRulesOnlyForWhatAKeyCannotName() {
        ServiceKey mail = new ServiceKey.Ip(Protocol.TCP, parse("198.18.1.10"), 25);
        ServiceKey fwm = new ServiceKey.Fwmark(7, false);
        RealServer anyPort = RealServer.nat(parse("198.18.2.13"), 0, 1);
        List<Object> b = NftRuleset.batch("ip", List.of(VirtualService.of(WEB, SchedulerKind.RR, List.of(A, B)),
                VirtualService.of(mail, SchedulerKind.RR, List.of(RealServer.nat(parse("198.18.2.11"), 25, 1))),
                VirtualService.of(fwm, SchedulerKind.RR, List.of(anyPort))), NftRuleset.Existing.NONE);
        String all = Json.write(b);
        assertThat(all).contains("{\"add\":{\"map\":{\"family\":\"ip\",\"table\":\"vigil\",\"name\":\"cnt_in\",\"type\":[\"ipv4_addr\",\"ipv4_addr\",\"inet_service\"],\"map\":\"counter\"}}}")
                .contains("[{\"concat\":[\"198.18.1.10\",\"198.18.2.11\",80]},\"in_tcp_198_18_1_10_80__198_18_2_11_80\"]")
                .contains("[{\"concat\":[\"198.18.1.10\",\"198.18.2.12\",80]},\"out_tcp_198_18_1_10_80__198_18_2_12_80\"]")
                .contains("[{\"concat\":[\"198.18.1.10\",\"198.18.2.11\",25]},\"in_tcp_198_18_1_10_25__198_18_2_11_25\"]");
        // Elements come after the counters they name, rules after the maps.
        assertThat(all.indexOf("\"element\"")).isGreaterThan(all.indexOf("{\"counter\":{\"family\":\"ip\",\"table\":\"vigil\",\"name\":\"out_tcp_198_18_1_10_25"));
        List<List<Object>> counting = rules(b, "counting");
        // Two map rules plus in/out rules for the fwmark service's port-0 server only.
        assertThat(counting).hasSize(4);
        assertThat(Json.write(counting)).contains("{\"counter\":{\"map\":{\"key\":{\"concat\":[{\"ct\":{\"key\":\"ip daddr\",\"dir\":\"original\"}},"
                        + "{\"payload\":{\"protocol\":\"ip\",\"field\":\"daddr\"}},{\"payload\":{\"protocol\":\"th\",\"field\":\"dport\"}}]},\"data\":\"@cnt_in\"}}}")
                .contains("\"data\":\"@cnt_out\"").contains("{\"counter\":\"in_fwm_7__198_18_2_13_0\"}");
        // Re-applying over an existing table refills the maps: flushed before anything is deleted.
        NftRuleset.Existing e = new NftRuleset.Existing(true, Set.of("counting"), Set.of("cnt_in", "cnt_out"), Set.of("in_old"));
        String again = Json.write(NftRuleset.batch("ip", List.of(VirtualService.of(WEB, SchedulerKind.RR, List.of(A))), e));
        assertThat(again).contains("{\"flush\":{\"map\":{\"family\":\"ip\",\"table\":\"vigil\",\"name\":\"cnt_in\"}}}")
                .doesNotContain("{\"delete\":{\"set\":{\"family\":\"ip\",\"table\":\"vigil\",\"name\":\"cnt_in\"}}}");
        assertThat(again.indexOf("{\"flush\":{\"map\"")).isLessThan(again.indexOf("{\"delete\":{\"counter\""));
    }

    @Test
    void refusesWhatNftablesCannotDo() {
        VirtualService s = new VirtualService(new ServiceKey.Ip(Protocol.UDP, parse("198.18.1.10"), 53), SchedulerKind.LC, Set.of(), new Persistence(60, 32, "sip"), true,
                List.of(RealServer.of(parse("198.18.2.11"), 53, 1, Forwarding.DR)));
        assertThat(NftRuleset.unsupported(List.of(s))).hasSize(4)
                .anySatisfy(m -> assertThat(m).isEqualTo("virtual_server UDP 198.18.1.10:53: persistence_engine sip is an IPVS persistence engine; nftables has none"))
                .anySatisfy(m -> assertThat(m).contains("scheduler lc needs live connection counts"))
                .anySatisfy(m -> assertThat(m).contains("ops"))
                .anySatisfy(m -> assertThat(m).contains("lb_kind DR needs IPVS"));
    }

    @Test
    void fakeRunnerSeesOneBatchPerApplyAndStatsComeFromCounters() {
        List<String> batches = new ArrayList<>();
        NftRunner fake = new NftRunner() {
            public Result apply(String json) {
                batches.add(json);
                return new Result(0, "");
            }

            public Result listTable(String family) {
                if (!family.equals("ip") || batches.isEmpty()) return new Result(1, "Error: No such file or directory");
                return new Result(0, "{\"nftables\":[{\"metainfo\":{\"version\":\"1.0.6\"}},{\"table\":{\"family\":\"ip\",\"name\":\"vigil\"}},"
                        + "{\"counter\":{\"family\":\"ip\",\"name\":\"conn_tcp_198_18_1_10_80__198_18_2_11_80\",\"table\":\"vigil\",\"packets\":7,\"bytes\":420}},"
                        + "{\"counter\":{\"family\":\"ip\",\"name\":\"in_tcp_198_18_1_10_80__198_18_2_11_80\",\"table\":\"vigil\",\"packets\":30,\"bytes\":3000}},"
                        + "{\"counter\":{\"family\":\"ip\",\"name\":\"out_tcp_198_18_1_10_80__198_18_2_11_80\",\"table\":\"vigil\",\"packets\":20,\"bytes\":9000}}]}");
            }
        };
        FakeConnectionTable conntrack = new FakeConnectionTable();
        NftDataPlane dp = new NftDataPlane(fake, conntrack);
        DesiredState d = new DesiredState(List.of(VirtualService.of(WEB, SchedulerKind.RR, List.of(A))));
        dp.reconcile(d);
        assertThat(batches).hasSize(1);
        assertThat(dp.reconcile(d).isEmpty()).isTrue();
        assertThat(batches).hasSize(1);
        var c = dp.stats().get(WEB).server(A.key());
        assertThat(c.conns()).isEqualTo(7);
        assertThat(c.packetsIn()).isEqualTo(30);
        assertThat(c.bytesOut()).isEqualTo(9000);
        assertThat(c.activeConns()).isZero();
        assertThat(c.inactiveConns()).isZero();

        // Active/inactive from the conntrack table: established = active, the rest inactive, other DNAT ignored.
        conntrack.entries.add(FakeConnectionTable.tcp("198.18.0.5", 40000, "198.18.1.10", 80, "198.18.2.11", 80, io.vigil.netlink.ConntrackEntry.TCP_ESTABLISHED));
        conntrack.entries.add(FakeConnectionTable.tcp("198.18.0.5", 40001, "198.18.1.10", 80, "198.18.2.11", 80, io.vigil.netlink.ConntrackEntry.TCP_TIME_WAIT));
        conntrack.entries.add(FakeConnectionTable.tcp("198.18.0.5", 40002, "198.18.1.77", 80, "198.18.2.11", 80, io.vigil.netlink.ConntrackEntry.TCP_ESTABLISHED));
        var st = dp.stats().get(WEB);
        assertThat(st.server(A.key()).activeConns()).isEqualTo(1);
        assertThat(st.server(A.key()).inactiveConns()).isEqualTo(1);
        assertThat(st.total().activeConns()).isEqualTo(1);
        assertThat(io.vigil.lb.StatusFormatter.format(dp.kind(), dp.current(), dp.stats()))
                .contains("  -> 198.18.2.11:80               Masq    3      1          1         ");

        // An unreadable table costs the counts, not the stats.
        conntrack.failure = new io.vigil.netlink.NetlinkException("netlink request refused: Operation not permitted", 1);
        assertThat(dp.stats().get(WEB).server(A.key()).activeConns()).isZero();
        assertThat(dp.stats().get(WEB).server(A.key()).conns()).isEqualTo(7);
        dp.close();
        assertThat(conntrack.closed).isTrue();
        assertThat(batches.getLast()).isEqualTo("{\"nftables\":[{\"delete\":{\"table\":{\"family\":\"ip\",\"name\":\"vigil\"}}}]}");
    }

    @Test
    void ipv6ServicesGoToTheIp6Table() {
        ServiceKey v6 = new ServiceKey.Ip(Protocol.TCP, parse("2001:2::10"), 443);
        VirtualService s = new VirtualService(v6, SchedulerKind.RR, Set.of(), new Persistence(60, 64), false,
                List.of(RealServer.nat(parse("2001:2::1:11"), 443, 1)));
        assertThat(NftRuleset.family(v6)).isEqualTo("ip6");
        String all = Json.write(NftRuleset.batch("ip6", List.of(s), NftRuleset.Existing.NONE));
        assertThat(all).contains("{\"add\":{\"table\":{\"family\":\"ip6\",\"name\":\"vigil\"}}}")
                .contains("\"type\":\"ipv6_addr\"")
                .contains("{\"&\":[{\"payload\":{\"protocol\":\"ip6\",\"field\":\"saddr\"}},\"ffff:ffff:ffff:ffff:0:0:0:0\"]}")
                .contains("{\"payload\":{\"protocol\":\"ip6\",\"field\":\"daddr\"}},\"right\":\"2001:2:0:0:0:0:0:10\"")
                .contains("{\"dnat\":{\"addr\":\"2001:2:0:0:0:0:1:11\",\"port\":443}}");
    }

    @Test
    void jsonRoundTrips() {
        String text = "{\"a\":[1,-2,3.5,true,false,null,\"x\\\"y\\n\\u0041\"],\"b\":{}}";
        Object v = Json.parse(text);
        assertThat(Json.write(v)).isEqualTo("{\"a\":[1,-2,3.5,true,false,null,\"x\\\"y\\nA\"],\"b\":{}}");
    }
}
