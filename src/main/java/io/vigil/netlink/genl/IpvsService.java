package io.vigil.netlink.genl;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * An IPVS virtual service as the kernel holds it. Either {@code protocol + address + port} or {@code fwmark}
 * (non-zero) identifies it, with {@code af}.
 *
 * @param af             {@link Ipvs#AF_INET} or {@link Ipvs#AF_INET6}
 * @param protocol       IP protocol number (6 TCP, 17 UDP, 132 SCTP); 0 for fwmark services
 * @param address        virtual address, null for fwmark services
 * @param fwmark         firewall mark, 0 for address services
 * @param scheduler      scheduler name as the kernel knows it ("wlc", "mh", ...)
 * @param flags          {@code IP_VS_SVC_F_*}
 * @param timeoutSeconds persistence timeout
 * @param netmask        persistence granularity: for IPv4 the mask's bits ({@code 0xffffff00}), for IPv6 the prefix length
 * @param peName         persistence engine ("sip"), null for none
 * @param stats          counters (replies only), null in requests
 */
public record IpvsService(int af, int protocol, InetAddress address, int port, int fwmark, String scheduler, int flags,
                          int timeoutSeconds, int netmask, String peName, IpvsStats stats) {
    public IpvsService {
        if (af != Ipvs.AF_INET && af != Ipvs.AF_INET6) throw new IllegalArgumentException("address family must be AF_INET or AF_INET6: " + af);
        if (fwmark == 0 && address == null) throw new IllegalArgumentException("a service needs an address or a fwmark");
        if (address != null && (af == Ipvs.AF_INET) != (address instanceof Inet4Address))
            throw new IllegalArgumentException("address " + address.getHostAddress() + " does not match family " + af);
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (scheduler != null && scheduler.length() >= Ipvs.SCHEDNAME_MAXLEN) throw new IllegalArgumentException("scheduler name too long: " + scheduler);
        if (peName != null && peName.length() >= Ipvs.PENAME_MAXLEN) throw new IllegalArgumentException("persistence engine name too long: " + peName);
    }

    /** The identity of an address service (for delete, get, and destination commands). */
    public static IpvsService key(int protocol, InetAddress address, int port) {
        return new IpvsService(address instanceof Inet6Address ? Ipvs.AF_INET6 : Ipvs.AF_INET, protocol, address, port, 0,
                null, 0, 0, 0, null, null);
    }

    /** The identity of a fwmark service. */
    public static IpvsService fwmarkKey(int af, int fwmark) {
        return new IpvsService(af, 0, null, 0, fwmark, null, 0, 0, 0, null, null);
    }

    public boolean isFwmark() {
        return fwmark != 0;
    }

    /** This service reduced to its identity. */
    public IpvsService toKey() {
        return isFwmark() ? fwmarkKey(af, fwmark) : key(protocol, address, port);
    }

    /** True when both name the same service. */
    public boolean sameKey(IpvsService o) {
        return toKey().equals(o.toKey());
    }

    /** Default netmask when persistence has no granularity: all ones for IPv4, 128 for IPv6. */
    public static int defaultNetmask(int af) {
        return af == Ipvs.AF_INET6 ? 128 : 0xffffffff;
    }

    public IpvsService withStats(IpvsStats s) {
        return new IpvsService(af, protocol, address, port, fwmark, scheduler, flags, timeoutSeconds, netmask, peName, s);
    }
}
