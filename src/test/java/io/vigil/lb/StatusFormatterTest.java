package io.vigil.lb;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.vigil.lb.Addresses.literal;
import static org.assertj.core.api.Assertions.assertThat;

class StatusFormatterTest {
    @Test
    void printsLikeIpvsadmLn() {
        ServiceKey web = new ServiceKey.Ip(Protocol.TCP, literal("198.18.1.10"), 80);
        RealServer rs1 = RealServer.of(literal("198.18.2.1"), 80, 3, Forwarding.DR);
        RealServer rs2 = RealServer.nat(literal("198.18.2.2"), 80, 0);
        VirtualService s1 = new VirtualService(web, SchedulerKind.WLC, Set.of(), new Persistence(50, 32), false, List.of(rs1, rs2));
        ServiceKey dns = new ServiceKey.Ip(Protocol.UDP, literal("2001:2::10"), 53);
        VirtualService s2 = new VirtualService(dns, SchedulerKind.SH, Set.of(SchedulerFlag.FALLBACK, SchedulerFlag.PORT), new Persistence(300, 64), true, List.of());
        VirtualService s3 = new VirtualService(new ServiceKey.Fwmark(7, false), SchedulerKind.RR, Set.of(), new Persistence(60, 24), false, List.of());
        Map<ServiceKey, ServiceStats> stats = Map.of(web, new ServiceStats(web, Counters.ZERO,
                Map.of(rs1.key(), new Counters(12, 3, 100, 0, 0, 0, 0))));
        String out = StatusFormatter.format(DataPlaneKind.PROXY, new DesiredState(List.of(s1, s2, s3)), stats);
        assertThat(out).isEqualTo("""
                Vigil data plane: proxy
                Prot LocalAddress:Port Scheduler Flags
                  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
                TCP  198.18.1.10:80 wlc persistent 50
                  -> 198.18.2.1:80                Route   3      12         3        \s
                  -> 198.18.2.2:80                Masq    0      0          0        \s
                UDP  [2001:2:0:0:0:0:0:10]:53 sh (sh-fallback,sh-port) persistent 300 mask /64 ops
                FWM  7 rr persistent 60 mask 255.255.255.0
                """);
    }
}
