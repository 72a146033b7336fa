package io.vigil.lb.nft;

import io.vigil.lb.DesiredState;
import io.vigil.lb.Protocol;
import io.vigil.lb.RealServer;
import io.vigil.lb.SchedulerKind;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.VirtualService;
import io.vigil.netlink.ConntrackEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.vigil.net.IpLiteral.parse;
import static org.assertj.core.api.Assertions.assertThat;

class ConntrackPressureTest {
    private static ConntrackPressure.Usage usage(long entries) {
        return new ConntrackPressure.Usage(entries, 1000);
    }

    @Test
    void warnsOnceAMinuteWhileHighAndOnceWhenEased() {
        ConntrackPressure p = new ConntrackPressure();
        assertThat(p.observe(usage(899), 0)).isEmpty();
        assertThat(p.observe(usage(900), 1_000)).hasValueSatisfying(l -> assertThat(l)
                .startsWith("conntrack table 90% full (900 of 1,000 entries): when it is full the kernel drops new connections"));
        assertThat(p.high()).isTrue();
        // Still high: quiet for a minute, then one line with the peak since the last one.
        assertThat(p.observe(usage(1000), 2_000)).isEmpty();
        assertThat(p.observe(usage(950), 60_999)).isEmpty();
        assertThat(p.observe(usage(940), 61_000)).contains("conntrack table still 94% full (940 of 1,000 entries; at most 1,000 in the last 60 s)");
        assertThat(p.observe(usage(999), 62_000)).isEmpty();
        // Between 80 % and 90 %: no line either way (no flapping on the edge).
        assertThat(p.observe(usage(850), 63_000)).isEmpty();
        assertThat(p.high()).isTrue();
        assertThat(p.observe(usage(799), 64_000)).contains("conntrack table back to 79% full (799 of 1,000 entries)");
        assertThat(p.high()).isFalse();
        assertThat(p.observe(usage(100), 65_000)).isEmpty();
        // A new episode warns at once.
        assertThat(p.observe(usage(990), 66_000)).hasValueSatisfying(l -> assertThat(l).startsWith("conntrack table 99% full"));
    }

    @Test
    void anUnknownLimitIsNeverHigh() {
        ConntrackPressure p = new ConntrackPressure();
        assertThat(p.observe(new ConntrackPressure.Usage(5, 0), 0)).isEmpty();
        assertThat(p.high()).isFalse();
    }

    @Test
    void largeTablesAreDumpedLessOften() {
        assertThat(ConntrackPressure.dumpIntervalMillis(50_000)).isZero();
        assertThat(ConntrackPressure.dumpIntervalMillis(100_000)).isEqualTo(2_000);
        assertThat(ConntrackPressure.dumpIntervalMillis(262_144)).isEqualTo(5_242);
        assertThat(ConntrackPressure.dumpIntervalMillis(10_000_000)).isEqualTo(30_000);

        ConntrackPressure p = new ConntrackPressure();
        ConntrackPressure.Usage small = new ConntrackPressure.Usage(1_000, 262_144), big = new ConntrackPressure.Usage(200_000, 262_144);
        assertThat(p.dumpDue(small, 0)).isTrue();
        assertThat(p.dumpDue(small, 1)).isTrue();
        assertThat(p.dumpDue(null, 2)).as("size unknown").isTrue();
        assertThat(p.dumpDue(big, 3_000)).isFalse();
        assertThat(p.dumpDue(big, 4_001)).isFalse();
        assertThat(p.dumpDue(big, 4_002)).isTrue();
        assertThat(p.dumpDue(big, 5_000)).isFalse();
    }

    @Test
    void thePlaneCountsFromTheLastDumpWhileTheTableIsLarge() {
        List<String> batches = new ArrayList<>();
        NftRunner nft = new NftRunner() {
            @Override
            public Result apply(String json) {
                batches.add(json);
                return new Result(0, "");
            }

            @Override
            public Result listTable(String family) {
                return new Result(1, "Error: No such file or directory");
            }
        };
        FakeConnectionTable conntrack = new FakeConnectionTable();
        long[] now = {0};
        NftDataPlane dp = new NftDataPlane(nft, conntrack, () -> now[0]);
        ServiceKey web = new ServiceKey.Ip(Protocol.TCP, parse("198.18.1.10"), 80);
        RealServer a = RealServer.nat(parse("198.18.2.11"), 80, 1);
        dp.reconcile(new DesiredState(List.of(VirtualService.of(web, SchedulerKind.RR, List.of(a)))));
        conntrack.entries.add(FakeConnectionTable.tcp("198.18.0.5", 40000, "198.18.1.10", 80, "198.18.2.11", 80, ConntrackEntry.TCP_ESTABLISHED));
        conntrack.usage = new ConntrackPressure.Usage(250_000, 262_144); // 95 %, a 5 s dump interval

        assertThat(dp.stats().get(web).server(a.key()).activeConns()).isEqualTo(1);
        assertThat(conntrack.reads).isEqualTo(1);
        conntrack.entries.clear();
        now[0] = 4_999;
        assertThat(dp.stats().get(web).server(a.key()).activeConns()).as("the last dump stands in").isEqualTo(1);
        assertThat(conntrack.reads).isEqualTo(1);
        now[0] = 5_000;
        assertThat(dp.stats().get(web).server(a.key()).activeConns()).isZero();
        assertThat(conntrack.reads).isEqualTo(2);
        // Back to a small table: every call dumps.
        conntrack.usage = new ConntrackPressure.Usage(10, 262_144);
        now[0] = 5_001;
        dp.stats();
        now[0] = 5_002;
        dp.stats();
        assertThat(conntrack.reads).isEqualTo(4);
    }

    @Test
    void theKernelTableReportsItsSizeAndLimit() throws Exception {
        java.nio.file.Path max = java.nio.file.Path.of("/proc/sys/net/netfilter/nf_conntrack_max");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(max),
                "SKIPPED: nf_conntrack is not loaded here (no /proc/sys/net/netfilter/nf_conntrack_max)");
        ConntrackPressure.Usage u = ConnectionTable.kernel().usage();
        assertThat(u).isNotNull();
        assertThat(u.max()).isEqualTo(Long.parseLong(java.nio.file.Files.readString(max).strip())).isPositive();
        assertThat(u.entries()).isNotNegative();
        assertThat(ConnectionTable.inNamespace("any").usage()).as("another namespace's count cannot be read from here").isNull();
    }
}
