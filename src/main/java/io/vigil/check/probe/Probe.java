package io.vigil.check.probe;

import io.vigil.check.CheckerSettings;
import io.vigil.check.ProbeResult;
import io.vigil.check.RealServerSettings;
import io.vigil.sys.ScriptRunner;

/**
 * One kind of health probe, bound to one real server. {@link #check()} blocks (on a virtual thread) for at most
 * the checker's timeout and never throws: every failure is a {@link ProbeResult.Down} with its reason.
 */
public sealed interface Probe permits TcpProbe, HttpProbe, MiscProbe, SmtpProbe, DnsProbe, UdpProbe, PingProbe, FileProbe, GrpcProbe {
    ProbeResult check();

    /** Builds the probe for checker {@code c} of real server {@code rs}. */
    static Probe of(CheckerSettings c, RealServerSettings rs, ScriptRunner scripts) {
        boolean marked = switch (c) {
            case CheckerSettings.Http h -> h.connect().fwmark() != 0;
            case CheckerSettings.Dns d -> d.connect().fwmark() != 0;
            case CheckerSettings.Udp u -> u.connect().fwmark() != 0;
            case CheckerSettings.Grpc g -> g.connect().fwmark() != 0;
            case CheckerSettings.Smtp s -> s.hosts().stream().anyMatch(h -> h.fwmark() != 0);
            default -> false;
        };
        if (marked) org.slf4j.LoggerFactory.getLogger(Probe.class)
                .warn("{} of {}: fwmark is applied to TCP_CHECK only; this checker's packets are not marked", c.kind(), rs.key());
        return switch (c) {
            case CheckerSettings.Tcp t -> new TcpProbe(t, rs.key());
            case CheckerSettings.Http h -> new HttpProbe(h, rs.key());
            case CheckerSettings.Misc m -> new MiscProbe(m, scripts);
            case CheckerSettings.Smtp s -> new SmtpProbe(s, rs.key());
            case CheckerSettings.Dns d -> new DnsProbe(d, rs.key());
            case CheckerSettings.Udp u -> new UdpProbe(u, rs.key());
            case CheckerSettings.Ping p -> new PingProbe(p, rs.key());
            case CheckerSettings.File f -> new FileProbe(f, rs.weight());
            case CheckerSettings.Grpc g -> new GrpcProbe(g, rs.key());
            case CheckerSettings.Bfd b -> throw new IllegalArgumentException("BFD_CHECK runs no probe: its BFD session's events drive it");
        };
    }
}
