package io.vigil.netlink.genl;

/**
 * Connection timeouts ({@code ipvsadm --set tcp tcpfin udp}; keepalived's {@code lvs_timeouts}). In a
 * SET_CONFIG request 0 leaves a value unchanged.
 */
public record IpvsTimeouts(int tcpSeconds, int tcpFinSeconds, int udpSeconds) {
    public IpvsTimeouts {
        if (tcpSeconds < 0 || tcpFinSeconds < 0 || udpSeconds < 0) throw new IllegalArgumentException("timeouts must be >= 0");
    }
}
