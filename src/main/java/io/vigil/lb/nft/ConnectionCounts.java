package io.vigil.lb.nft;

import io.vigil.lb.RealServer;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.VirtualService;
import io.vigil.netlink.ConntrackEntry;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Active and inactive connection counts per real server from conntrack entries, as IPVS keeps them (pure): a TCP
 * connection is active while ESTABLISHED and inactive in any other state; UDP connections are always inactive.
 * Only Vigil's own DNAT counts: the entry was DNATed, its original destination is the service's VIP:port (any port
 * for a port-0 service) and its reply source is one of that service's real servers (address, and port unless the
 * server's port is 0). Fwmark services have no VIP to match: a DNATed entry whose reply source is one of their
 * servers and whose port was kept (they DNAT the address only) counts, unless an address service claimed it.
 */
public final class ConnectionCounts {
    private ConnectionCounts() {}

    /** Current connections of one real server. */
    public record Conns(long active, long inactive) {
        public static final Conns ZERO = new Conns(0, 0);

        Conns plus(boolean activeConn) {
            return activeConn ? new Conns(active + 1, inactive) : new Conns(active, inactive + 1);
        }
    }

    /** What IPVS balances (fwmark services too): TCP, UDP, SCTP. */
    private static final java.util.Set<Integer> TRANSPORTS = java.util.Set.of(6, 17, 132);

    private record Vip(int protocol, InetAddress address, int port) {}

    /** Counts for every server of every service (zero where nothing matched). */
    public static Map<ServiceKey, Map<RealServer.Key, Conns>> count(List<VirtualService> services, List<ConntrackEntry> entries) {
        Map<ServiceKey, Map<RealServer.Key, Conns>> out = new LinkedHashMap<>();
        Map<Vip, VirtualService> byVip = new HashMap<>();
        List<VirtualService> fwmarks = new java.util.ArrayList<>();
        for (VirtualService s : services) {
            Map<RealServer.Key, Conns> per = new LinkedHashMap<>();
            for (RealServer r : s.servers()) per.put(r.key(), Conns.ZERO);
            out.put(s.key(), per);
            switch (s.key()) {
                case ServiceKey.Ip ip -> byVip.put(new Vip(ip.protocol().ipProtocolNumber(), ip.address(), ip.port()), s);
                case ServiceKey.Fwmark fw -> fwmarks.add(s);
            }
        }
        for (ConntrackEntry e : entries) {
            if (!e.dstNat()) continue;
            ConntrackEntry.Tuple o = e.original();
            VirtualService s = byVip.get(new Vip(e.l4Protocol(), o.destination(), o.destinationPort()));
            if (s == null) s = byVip.get(new Vip(e.l4Protocol(), o.destination(), 0));
            RealServer.Key hit = s == null ? null : server(s, e, false);
            if (hit == null) {
                for (VirtualService f : fwmarks) {
                    hit = server(f, e, true);
                    if (hit != null) {
                        s = f;
                        break;
                    }
                }
            }
            if (hit == null) continue;
            out.get(s.key()).merge(hit, Conns.ZERO.plus(e.tcpEstablished()), (a, b) -> new Conns(a.active() + b.active(), a.inactive() + b.inactive()));
        }
        return out;
    }

    /** The server of {@code s} that answers this entry, or null. */
    private static RealServer.Key server(VirtualService s, ConntrackEntry e, boolean fwmark) {
        if (!TRANSPORTS.contains(e.l4Protocol())) return null;
        ConntrackEntry.Tuple reply = e.reply();
        if (fwmark && reply.sourcePort() != e.original().destinationPort()) return null;
        for (RealServer r : s.servers()) {
            if (!r.address().equals(reply.source())) continue;
            if (r.port() == 0 || r.port() == reply.sourcePort()) return r.key();
        }
        return null;
    }
}
