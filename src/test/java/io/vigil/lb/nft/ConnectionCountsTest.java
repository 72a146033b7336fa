package io.vigil.lb.nft;

import io.vigil.lb.Protocol;
import io.vigil.lb.RealServer;
import io.vigil.lb.SchedulerKind;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.VirtualService;
import io.vigil.netlink.ConntrackEntry;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import static io.vigil.net.IpLiteral.parse;
import static io.vigil.lb.nft.ConnectionCounts.Conns;
import static io.vigil.lb.nft.FakeConnectionTable.dnat;
import static io.vigil.lb.nft.FakeConnectionTable.tcp;
import static io.vigil.netlink.ConntrackEntry.IPPROTO_UDP;
import static io.vigil.netlink.ConntrackEntry.NO_TCP_STATE;
import static io.vigil.netlink.ConntrackEntry.TCP_CLOSE;
import static io.vigil.netlink.ConntrackEntry.TCP_ESTABLISHED;
import static io.vigil.netlink.ConntrackEntry.TCP_FIN_WAIT;
import static io.vigil.netlink.ConntrackEntry.TCP_SYN_RECV;
import static io.vigil.netlink.ConntrackEntry.TCP_TIME_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

class ConnectionCountsTest {
    static final String VIP = "198.18.1.10", RS1 = "198.18.2.11", RS2 = "198.18.2.12", CLIENT = "198.18.0.5";
    static final ServiceKey WEB = new ServiceKey.Ip(Protocol.TCP, parse(VIP), 80);
    static final ServiceKey DNS = new ServiceKey.Ip(Protocol.UDP, parse(VIP), 53);
    static final RealServer A = RealServer.nat(parse(RS1), 8080, 1), B = RealServer.nat(parse(RS2), 8080, 1);

    static Map<RealServer.Key, Conns> web(List<VirtualService> services, List<ConntrackEntry> entries) {
        return ConnectionCounts.count(services, entries).get(WEB);
    }

    @Test
    void establishedIsActiveAndEveryOtherTcpStateInactive() {
        List<VirtualService> services = List.of(VirtualService.of(WEB, SchedulerKind.RR, List.of(A, B)));
        List<ConntrackEntry> entries = List.of(
                tcp(CLIENT, 40000, VIP, 80, RS1, 8080, TCP_ESTABLISHED),
                tcp(CLIENT, 40001, VIP, 80, RS1, 8080, TCP_ESTABLISHED),
                tcp(CLIENT, 40002, VIP, 80, RS1, 8080, TCP_TIME_WAIT),
                tcp(CLIENT, 40003, VIP, 80, RS2, 8080, TCP_SYN_RECV),
                tcp(CLIENT, 40004, VIP, 80, RS2, 8080, TCP_FIN_WAIT),
                tcp(CLIENT, 40005, VIP, 80, RS2, 8080, TCP_CLOSE),
                tcp(CLIENT, 40006, VIP, 80, RS2, 8080, TCP_ESTABLISHED));
        assertThat(web(services, entries)).containsExactlyInAnyOrderEntriesOf(Map.of(
                A.key(), new Conns(2, 1), B.key(), new Conns(1, 3)));
    }

    @Test
    void udpEntriesAreInactiveAsInIpvs() {
        VirtualService dns = VirtualService.of(DNS, SchedulerKind.RR, List.of(RealServer.nat(parse(RS1), 5353, 1)));
        var counts = ConnectionCounts.count(List.of(dns), List.of(
                dnat(IPPROTO_UDP, CLIENT, 5000, VIP, 53, RS1, 5353, NO_TCP_STATE),
                dnat(IPPROTO_UDP, CLIENT, 5001, VIP, 53, RS1, 5353, NO_TCP_STATE)));
        assertThat(counts.get(DNS)).containsExactlyEntriesOf(Map.of(new RealServer.Key(parse(RS1), 5353), new Conns(0, 2)));
    }

    @Test
    void onlyVigilsOwnDnatCounts() {
        List<VirtualService> services = List.of(VirtualService.of(WEB, SchedulerKind.RR, List.of(A)));
        ConntrackEntry direct = new ConntrackEntry(6,   // the client talking to the server's own address: no DNAT
                new ConntrackEntry.Tuple(ip(CLIENT), ip(RS1), 40000, 8080), new ConntrackEntry.Tuple(ip(RS1), ip(CLIENT), 8080, 40000),
                ConntrackEntry.IPS_CONFIRMED, TCP_ESTABLISHED, 0);
        List<ConntrackEntry> entries = List.of(
                direct,
                tcp(CLIENT, 40001, "198.18.1.99", 80, RS1, 8080, TCP_ESTABLISHED),   // someone else's VIP, same server
                tcp(CLIENT, 40002, VIP, 81, RS1, 8080, TCP_ESTABLISHED),             // the VIP, another port
                tcp(CLIENT, 40003, VIP, 80, RS1, 9999, TCP_ESTABLISHED),             // the server's address, another port
                tcp(CLIENT, 40004, VIP, 80, "198.18.2.99", 8080, TCP_ESTABLISHED),   // not one of our servers
                dnat(IPPROTO_UDP, CLIENT, 40005, VIP, 80, RS1, 8080, NO_TCP_STATE),  // UDP to a TCP service
                tcp(CLIENT, 40006, VIP, 80, RS1, 8080, TCP_ESTABLISHED));            // ours
        assertThat(web(services, entries)).containsExactlyEntriesOf(Map.of(A.key(), new Conns(1, 0)));
    }

    @Test
    void serversWithoutConnectionsReadZeroAndPortZeroMatchesAnyPort() {
        ServiceKey all = new ServiceKey.Ip(Protocol.TCP, parse(VIP), 0);
        RealServer keepPort = RealServer.nat(parse(RS1), 0, 1), idle = RealServer.nat(parse(RS2), 0, 1);
        var counts = ConnectionCounts.count(List.of(VirtualService.of(all, SchedulerKind.RR, List.of(keepPort, idle))), List.of(
                tcp(CLIENT, 40000, VIP, 22, RS1, 22, TCP_ESTABLISHED),
                tcp(CLIENT, 40001, VIP, 443, RS1, 443, TCP_TIME_WAIT)));
        assertThat(counts.get(all)).containsExactlyInAnyOrderEntriesOf(Map.of(keepPort.key(), new Conns(1, 1), idle.key(), Conns.ZERO));
    }

    @Test
    void fwmarkServicesCountDnatToTheirServersWithThePortKept() {
        ServiceKey fwm = new ServiceKey.Fwmark(7, false);
        RealServer f = RealServer.nat(parse(RS2), 0, 1);
        List<VirtualService> services = List.of(VirtualService.of(WEB, SchedulerKind.RR, List.of(A)), VirtualService.of(fwm, SchedulerKind.RR, List.of(f)));
        var counts = ConnectionCounts.count(services, List.of(
                tcp(CLIENT, 40000, "198.18.1.20", 443, RS2, 443, TCP_ESTABLISHED),   // marked traffic, address-only DNAT
                tcp(CLIENT, 40001, "198.18.1.20", 443, RS2, 8443, TCP_ESTABLISHED),  // port rewritten: not a fwmark service's
                tcp(CLIENT, 40002, VIP, 80, RS1, 8080, TCP_ESTABLISHED)));           // the address service's
        assertThat(counts.get(fwm)).containsExactlyEntriesOf(Map.of(f.key(), new Conns(1, 0)));
        assertThat(counts.get(WEB)).containsExactlyEntriesOf(Map.of(A.key(), new Conns(1, 0)));
    }

    @Test
    void ipv6EntriesMatchIpv6Services() {
        ServiceKey v6 = new ServiceKey.Ip(Protocol.TCP, parse("2001:2::10"), 443);
        RealServer r = RealServer.nat(parse("2001:2::1:11"), 8443, 1);
        var counts = ConnectionCounts.count(List.of(VirtualService.of(v6, SchedulerKind.RR, List.of(r))), List.of(
                tcp("2001:2::5", 40000, "2001:2:0:0:0:0:0:10", 443, "2001:2::1:11", 8443, TCP_ESTABLISHED)));
        assertThat(counts.get(v6)).containsExactlyEntriesOf(Map.of(r.key(), new Conns(1, 0)));
    }

    static InetAddress ip(String s) {
        return InetAddress.ofLiteral(s);
    }
}
