package io.vigil.lb.ipvs;

import io.vigil.lb.Forwarding;
import io.vigil.lb.Persistence;
import io.vigil.lb.Protocol;
import io.vigil.lb.RealServer;
import io.vigil.lb.SchedulerFlag;
import io.vigil.lb.SchedulerKind;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.Tunnel;
import io.vigil.lb.VirtualService;
import io.vigil.netlink.genl.Ipvs;
import io.vigil.netlink.genl.IpvsService;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class IpvsMappingTest {
    static InetAddress ip(String s) {
        return InetAddress.ofLiteral(s);
    }

    @Test
    void directRoutingAndTunnelServersTakeTheServicePortAsKeepalivedDoes() {
        VirtualService v = VirtualService.of(new ServiceKey.Ip(Protocol.TCP, ip("198.18.30.2"), 443), SchedulerKind.SH, List.of(
                RealServer.of(ip("198.18.31.4"), 8443, 2, Forwarding.DR),
                RealServer.of(ip("198.18.31.5"), 8443, 2, Forwarding.TUN),
                RealServer.nat(ip("198.18.31.6"), 8443, 2)));
        assertThat(IpvsMapping.normalize(v).servers()).extracting(RealServer::port).containsExactly(443, 443, 8443);
        VirtualService fw = VirtualService.of(new ServiceKey.Fwmark(3, false), SchedulerKind.RR,
                List.of(RealServer.of(ip("198.18.31.4"), 8443, 2, Forwarding.DR)));
        assertThat(IpvsMapping.normalize(fw).servers().getFirst().port()).isEqualTo(8443);
    }

    @Test
    void normalizedServicesSurviveTheRoundTripThroughKernelRecords() {
        VirtualService v = new VirtualService(new ServiceKey.Ip(Protocol.UDP, ip("2001:2::1"), 53), SchedulerKind.MH,
                Set.of(SchedulerFlag.PORT), new Persistence(0, 48), true, List.of(
                new RealServer(ip("2001:2::2"), 53, 4, Forwarding.NAT, new Tunnel(Tunnel.Type.GRE, 0, Tunnel.Checksum.CSUM), 9, 1),
                new RealServer(ip("198.18.1.1"), 53, 1, Forwarding.TUN, new Tunnel(Tunnel.Type.GUE, 7000, Tunnel.Checksum.REMCSUM), 0, 0)));
        VirtualService n = IpvsMapping.normalize(v);
        assertThat(n.persistence()).isEqualTo(Persistence.NONE);
        assertThat(n.servers().getFirst().tunnel()).isEqualTo(Tunnel.NONE_IPIP);
        IpvsService s = IpvsMapping.service(n);
        assertThat(s.af()).isEqualTo(Ipvs.AF_INET6);
        assertThat(s.netmask()).isEqualTo(128);
        assertThat(s.flags()).isEqualTo(Ipvs.SVC_F_ONEPACKET | Ipvs.SVC_F_SCHED2);
        VirtualService back = IpvsMapping.virtualService(s, n.servers().stream().map(IpvsMapping::dest).toList());
        assertThat(back).isEqualTo(n);
    }

    @Test
    void ipv4GranularityIsANetmask() {
        VirtualService v = new VirtualService(new ServiceKey.Ip(Protocol.TCP, ip("198.18.0.1"), 80), SchedulerKind.WLC, Set.of(),
                new Persistence(600, 20), false, List.of());
        IpvsService s = IpvsMapping.service(v);
        assertThat(s.netmask()).isEqualTo(0xfffff000);
        assertThat(s.timeoutSeconds()).isEqualTo(600);
        assertThat(IpvsMapping.virtualService(s, List.of())).isEqualTo(v);
    }

    @Test
    void persistenceEngineTravelsWithPersistenceOnlyAndComesBackFromTheKernelRecord() {
        VirtualService sip = new VirtualService(new ServiceKey.Ip(Protocol.UDP, ip("198.18.0.1"), 5060), SchedulerKind.RR, Set.of(),
                new Persistence(120, 32, "sip"), false, List.of());
        IpvsService s = IpvsMapping.service(sip);
        assertThat(s.peName()).isEqualTo("sip");
        assertThat(s.flags() & Ipvs.SVC_F_PERSISTENT).isNotZero();
        assertThat(IpvsMapping.virtualService(s, List.of())).isEqualTo(sip);
        // as keepalived: no timeout, no persistence, so no engine is sent, and normalizing drops it
        VirtualService noTimeout = new VirtualService(sip.key(), SchedulerKind.RR, Set.of(), new Persistence(0, 32, "sip"), false, List.of());
        assertThat(IpvsMapping.service(noTimeout).peName()).isNull();
        assertThat(IpvsMapping.normalize(noTimeout).persistence()).isEqualTo(Persistence.NONE);
        assertThat(IpvsMapping.service(new VirtualService(sip.key(), SchedulerKind.RR, Set.of(), new Persistence(120, 32), false, List.of())).peName())
                .isNull();
    }
}
