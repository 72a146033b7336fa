package io.vigil.netlink;

import java.net.InetAddress;

/**
 * One connection-tracking entry as ctnetlink reports it: both directions' tuples, the status bits, the TCP state
 * and the mark. For a DNATed connection the original tuple's destination is the address the client asked for (the
 * VIP) and the reply tuple's source is where it was sent (the real server).
 *
 * @param l4Protocol IP protocol number (6 = TCP, 17 = UDP, ...)
 * @param status     {@code IPS_*} bits ({@link #IPS_DST_NAT} etc.)
 * @param tcpState   {@code TCP_CONNTRACK_*} state, or {@link #NO_TCP_STATE} when the entry carries none
 */
public record ConntrackEntry(int l4Protocol, Tuple original, Tuple reply, int status, int tcpState, int mark) {
    public static final int IPPROTO_TCP = 6, IPPROTO_UDP = 17;
    /** {@code enum ip_conntrack_status} bits (linux/netfilter/nf_conntrack_common.h). */
    public static final int IPS_EXPECTED = 1, IPS_SEEN_REPLY = 1 << 1, IPS_ASSURED = 1 << 2, IPS_CONFIRMED = 1 << 3,
            IPS_SRC_NAT = 1 << 4, IPS_DST_NAT = 1 << 5;
    /** {@code enum tcp_conntrack} (linux/netfilter/nf_conntrack_tcp.h). */
    public static final int TCP_NONE = 0, TCP_SYN_SENT = 1, TCP_SYN_RECV = 2, TCP_ESTABLISHED = 3, TCP_FIN_WAIT = 4,
            TCP_CLOSE_WAIT = 5, TCP_LAST_ACK = 6, TCP_TIME_WAIT = 7, TCP_CLOSE = 8, TCP_SYN_SENT2 = 9;
    public static final int NO_TCP_STATE = -1;

    /** One direction: addresses and ports (ports 0 for protocols without them). */
    public record Tuple(InetAddress source, InetAddress destination, int sourcePort, int destinationPort) {}

    /** The destination was rewritten (DNAT). */
    public boolean dstNat() {
        return (status & IPS_DST_NAT) != 0;
    }

    public boolean tcpEstablished() {
        return l4Protocol == IPPROTO_TCP && tcpState == TCP_ESTABLISHED;
    }
}
