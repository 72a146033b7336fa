package io.vigil.netlink.genl;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * An IPVS destination (real server) as the kernel holds it.
 *
 * @param forwarding      {@link Ipvs#CONN_F_MASQ}, {@link Ipvs#CONN_F_DROUTE}, {@link Ipvs#CONN_F_TUNNEL}, ... (FWD_METHOD)
 * @param addressFamily   family of {@code address} (may differ from the service's for tunnels), 0 = the service's
 * @param tunnelType      {@link Ipvs#TUNNEL_TYPE_IPIP}, GUE or GRE
 * @param tunnelPort      GUE port
 * @param tunnelFlags     {@code IP_VS_TUNNEL_ENCAP_FLAG_*}
 * @param activeConns     (replies) established connections
 * @param inactiveConns   (replies) other connections
 * @param persistentConns (replies) persistence templates
 * @param stats           (replies) counters, null in requests
 */
public record IpvsDest(InetAddress address, int port, int forwarding, int weight, int upperThreshold, int lowerThreshold,
                       int addressFamily, int tunnelType, int tunnelPort, int tunnelFlags,
                       int activeConns, int inactiveConns, int persistentConns, IpvsStats stats) {
    public IpvsDest {
        if (address == null) throw new IllegalArgumentException("destination address is required");
        if (port < 0 || port > 65535 || tunnelPort < 0 || tunnelPort > 65535) throw new IllegalArgumentException("port out of range");
        if (weight < 0) throw new IllegalArgumentException("weight must be >= 0: " + weight);
        if (addressFamily == 0) addressFamily = address instanceof Inet6Address ? Ipvs.AF_INET6 : Ipvs.AF_INET;
    }

    /** A destination to create or edit. */
    public static IpvsDest of(InetAddress address, int port, int forwarding, int weight, int upperThreshold, int lowerThreshold,
                              int tunnelType, int tunnelPort, int tunnelFlags) {
        return new IpvsDest(address, port, forwarding, weight, upperThreshold, lowerThreshold, 0, tunnelType, tunnelPort,
                tunnelFlags, 0, 0, 0, null);
    }

    /** The identity of a destination within its service (for delete). */
    public static IpvsDest key(InetAddress address, int port) {
        return of(address, port, Ipvs.CONN_F_MASQ, 0, 0, 0, 0, 0, 0);
    }

    public int forwardingMethod() {
        return forwarding & Ipvs.CONN_F_FWD_MASK;
    }
}
