package io.vigil.daemon;

import io.vigil.lb.Counters;
import io.vigil.lb.Protocol;
import io.vigil.lb.RealServer;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.ServiceStats;
import io.vigil.net.IpLiteral;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The proxy child's counters on their way to the checker child: every number and key comes back as it went. */
class DesiredStateTextTest {
    @Test
    void statsRoundTripWithLargeCountersIpv6AndFwmark() {
        ServiceKey web = new ServiceKey.Ip(Protocol.TCP, IpLiteral.parse("198.18.1.2"), 80);
        ServiceKey v6 = new ServiceKey.Ip(Protocol.UDP, IpLiteral.parse("2001:db8::2"), 53);
        ServiceKey mark = new ServiceKey.Fwmark(7, false);
        Map<RealServer.Key, Counters> servers = new LinkedHashMap<>();
        servers.put(new RealServer.Key(IpLiteral.parse("198.18.1.103"), 80), new Counters(1, 2, 3, 4, 5, 6, 5_000_000_000_000L));
        servers.put(new RealServer.Key(IpLiteral.parse("198.18.1.104"), 8080), Counters.ZERO);
        Map<ServiceKey, ServiceStats> stats = new LinkedHashMap<>();
        stats.put(web, new ServiceStats(web, new Counters(1, 2, 3, 4, 5, 6, 5_000_000_000_000L), servers));
        stats.put(v6, new ServiceStats(v6, Counters.ZERO, Map.of(new RealServer.Key(IpLiteral.parse("2001:db8::10"), 53),
                new Counters(0, 0, 9, 9, 9, 900, 1800))));
        stats.put(mark, new ServiceStats(mark, Counters.ZERO, Map.of()));
        assertThat(DesiredStateText.decodeStats(DesiredStateText.encodeStats(stats))).isEqualTo(stats);
        assertThat(DesiredStateText.decodeStats(DesiredStateText.encodeStats(Map.of()))).isEmpty();
    }

    @Test
    void desiredStateRoundTripKeepsThePersistenceEngine() {
        ServiceKey sip = new ServiceKey.Ip(Protocol.UDP, IpLiteral.parse("198.18.1.2"), 5060);
        io.vigil.lb.DesiredState state = new io.vigil.lb.DesiredState(java.util.List.of(
                new io.vigil.lb.VirtualService(sip, io.vigil.lb.SchedulerKind.RR, java.util.Set.of(), new io.vigil.lb.Persistence(90, 24, "sip"), false,
                        java.util.List.of(RealServer.nat(IpLiteral.parse("198.18.1.103"), 5060, 1)))));
        String text = DesiredStateText.encode(state);
        assertThat(text).contains("\"pe\":\"sip\"");
        assertThat(DesiredStateText.decode(text)).isEqualTo(state);
    }

    @Test
    void countersOfTheWrongShapeAreRefused() {
        assertThatThrownBy(() -> DesiredStateText.decodeStats("{\"stats\":[{\"key\":{\"fwmark\":1,\"ipv6\":false},\"total\":[1,2],\"servers\":[]}]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("7 numbers");
    }
}
