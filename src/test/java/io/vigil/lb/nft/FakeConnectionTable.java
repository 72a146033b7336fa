package io.vigil.lb.nft;

import io.vigil.netlink.ConntrackEntry;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** An in-memory conntrack table: entries added by the test, or a failure to simulate an unreadable table. */
final class FakeConnectionTable implements ConnectionTable {
    final List<ConntrackEntry> entries = new ArrayList<>();
    RuntimeException failure;
    int reads;
    boolean closed;
    ConntrackPressure.Usage usage;

    @Override
    public ConntrackPressure.Usage usage() {
        return usage;
    }

    @Override
    public List<ConntrackEntry> entries() {
        reads++;
        if (failure != null) throw failure;
        return List.copyOf(entries);
    }

    @Override
    public void close() {
        closed = true;
    }

    /** A DNATed entry: client → vip:vport, answered by server:sport. */
    static ConntrackEntry dnat(int proto, String client, int cport, String vip, int vport, String server, int sport, int tcpState) {
        InetAddress c = InetAddress.ofLiteral(client), v = InetAddress.ofLiteral(vip), s = InetAddress.ofLiteral(server);
        return new ConntrackEntry(proto, new ConntrackEntry.Tuple(c, v, cport, vport), new ConntrackEntry.Tuple(s, c, sport, cport),
                ConntrackEntry.IPS_CONFIRMED | ConntrackEntry.IPS_DST_NAT, tcpState, 0);
    }

    static ConntrackEntry tcp(String client, int cport, String vip, int vport, String server, int sport, int tcpState) {
        return dnat(ConntrackEntry.IPPROTO_TCP, client, cport, vip, vport, server, sport, tcpState);
    }
}
