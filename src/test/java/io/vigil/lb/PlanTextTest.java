package io.vigil.lb;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.vigil.net.IpLiteral.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** The plan as the debug log shows it: words and addresses, not Java records. */
class PlanTextTest {
    static final ServiceKey WEB = new ServiceKey.Ip(Protocol.TCP, parse("198.18.1.10"), 80);
    static final RealServer RS1 = RealServer.nat(parse("198.18.2.1"), 80, 1);
    static final RealServer RS2 = RealServer.of(parse("198.18.2.2"), 80, 2, Forwarding.DR);

    @Test
    void aNewServiceReadsAsItsScheduleAndServers() {
        VirtualService web = new VirtualService(WEB, SchedulerKind.WRR, Set.of(), new Persistence(300, 24), false, List.of(RS1, RS2));
        Plan p = Reconciler.plan(DesiredState.EMPTY, new DesiredState(List.of(web)));
        assertThat(PlanText.of(p)).isEqualTo("add service TCP 198.18.1.10:80 (wrr, persistent 300 s /24); "
                + "add real server 198.18.2.1:80 (weight 1, NAT) to TCP 198.18.1.10:80; "
                + "add real server 198.18.2.2:80 (weight 2, DR) to TCP 198.18.1.10:80");
    }

    @Test
    void editsSayWhatMoved() {
        VirtualService before = VirtualService.of(WEB, SchedulerKind.RR, List.of(RS1, RS2));
        VirtualService after = VirtualService.of(WEB, SchedulerKind.WLC, List.of(RS1.withWeight(0)));
        Plan p = Reconciler.plan(new DesiredState(List.of(before)), new DesiredState(List.of(after)));
        assertThat(PlanText.of(p)).isEqualTo("edit service TCP 198.18.1.10:80: rr -> wlc; "
                + "edit real server 198.18.2.1:80 in TCP 198.18.1.10:80: weight 1 -> 0; "
                + "remove real server 198.18.2.2:80 from TCP 198.18.1.10:80");
        assertThat(PlanText.of(p)).doesNotContain("RealServer[", "VirtualService[", "Key[");
    }

    @Test
    void tunnelsAndThresholdsAreNamed() {
        RealServer tun = new RealServer(parse("198.18.2.3"), 80, 1, Forwarding.TUN, new Tunnel(Tunnel.Type.GUE, 6080, Tunnel.Checksum.CSUM), 100, 10);
        assertThat(PlanText.of(new Change.AddServer(WEB, tun)))
                .isEqualTo("add real server 198.18.2.3:80 (weight 1, TUN GUE port 6080 CSUM, uthreshold 100, lthreshold 10) to TCP 198.18.1.10:80");
        assertThat(PlanText.brief(new Change.AddServer(WEB, tun))).isEqualTo("adding real server 198.18.2.3:80 to TCP 198.18.1.10:80");
    }
}
