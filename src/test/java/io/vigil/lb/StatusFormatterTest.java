package io.vigil.lb;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.vigil.net.IpLiteral.parse;
import static org.assertj.core.api.Assertions.assertThat;

class StatusFormatterTest {
    @Test
    void printsLikeIpvsadmLn() {
        ServiceKey web = new ServiceKey.Ip(Protocol.TCP, parse("198.18.1.10"), 80);
        RealServer rs1 = RealServer.of(parse("198.18.2.1"), 80, 3, Forwarding.DR);
        RealServer rs2 = RealServer.nat(parse("198.18.2.2"), 80, 0);
        VirtualService s1 = new VirtualService(web, SchedulerKind.WLC, Set.of(), new Persistence(50, 32), false, List.of(rs1, rs2));
        ServiceKey dns = new ServiceKey.Ip(Protocol.UDP, parse("2001:2::10"), 53);
        VirtualService s2 = new VirtualService(dns, SchedulerKind.SH, Set.of(SchedulerFlag.FALLBACK, SchedulerFlag.PORT), new Persistence(300, 64), true, List.of());
        VirtualService s3 = new VirtualService(new ServiceKey.Fwmark(7, false), SchedulerKind.RR, Set.of(), new Persistence(60, 24, "sip"), false, List.of());
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
                UDP  [2001:2::10]:53 sh (sh-fallback,sh-port) persistent 300 mask 64 ops
                FWM  7 rr persistent 60 mask 255.255.255.0 pe sip
                """);
    }

    /** ipvsadm writes IPv6 through inet_ntop (compressed, lowercase) in brackets, and an IPv6 mask as a bare prefix length. */
    @Test
    void ipv6AddressesAndMasksAsIpvsadmPrintsThem() {
        ServiceKey web6 = new ServiceKey.Ip(Protocol.TCP, parse("2001:2:0:0:0:0:0:10"), 443);
        RealServer a = RealServer.nat(parse("2001:2::1:11"), 443, 1);
        RealServer b = RealServer.nat(parse("2001:0db8:0:0:1:0:0:1"), 8443, 2);
        VirtualService s = new VirtualService(web6, SchedulerKind.RR, Set.of(), new Persistence(60, 48), false, List.of(a, b));
        VirtualService full = new VirtualService(new ServiceKey.Ip(Protocol.UDP, parse("fe80::1"), 53), SchedulerKind.RR, Set.of(),
                new Persistence(30, 128), false, List.of());
        VirtualService fwm6 = VirtualService.of(new ServiceKey.Fwmark(9, true), SchedulerKind.WRR, List.of());
        Map<ServiceKey, ServiceStats> stats = Map.of(web6, new ServiceStats(web6, Counters.ZERO,
                Map.of(a.key(), new Counters(2, 5, 9, 0, 0, 0, 0))));
        assertThat(StatusFormatter.format(DataPlaneKind.NFTABLES, new DesiredState(List.of(s, full, fwm6)), stats)).isEqualTo("""
                Vigil data plane: nftables
                Prot LocalAddress:Port Scheduler Flags
                  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
                TCP  [2001:2::10]:443 rr persistent 60 mask 48
                  -> [2001:2::1:11]:443           Masq    1      2          5        \s
                  -> [2001:db8::1:0:0:1]:8443     Masq    2      0          0        \s
                UDP  [fe80::1]:53 rr persistent 30
                FWM  9 IPv6 wrr
                """);
    }

    @Test
    void ipv6TextIsInetNtops() {
        assertThat(Addresses.text(parse("0:0:0:0:0:0:0:0"))).isEqualTo("::");
        assertThat(Addresses.text(parse("0:0:0:0:0:0:0:1"))).isEqualTo("::1");
        assertThat(Addresses.text(parse("2001:db8:0:1:0:0:0:1"))).isEqualTo("2001:db8:0:1::1");
        assertThat(Addresses.text(parse("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(Addresses.text(parse("2001:db8:1:1:1:1:0:1"))).isEqualTo("2001:db8:1:1:1:1:0:1");
        assertThat(Addresses.text(parse("fe80:0:0:0:0:0:0:0"))).isEqualTo("fe80::");
        assertThat(Addresses.text(parse("198.18.0.1"))).isEqualTo("198.18.0.1");
    }
}
