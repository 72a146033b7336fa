package io.vigil.netlink;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * An interface address as rtnetlink carries it: what {@code ip addr add ADDR/PREFIX dev IF [label L] [scope S]
 * [brd B] [nodad]} sets, and what an address dump or event reports.
 *
 * @param ifIndex       interface index
 * @param address       the local address (IFA_LOCAL for IPv4, IFA_ADDRESS for IPv6)
 * @param prefixLength  0..32 or 0..128
 * @param scope         {@link Rtnl#RT_SCOPE_UNIVERSE} and friends
 * @param flags         IFA_F_* (NODAD, SECONDARY, TENTATIVE, ...)
 * @param label         IPv4 label (e.g. {@code eth0:vip}), or null
 * @param broadcast     IPv4 broadcast, or null
 */
public record IfAddress(int ifIndex, InetAddress address, int prefixLength, int scope, int flags, String label,
                        InetAddress broadcast) {
    public IfAddress {
        if (address == null) throw new IllegalArgumentException("address is required");
        if (prefixLength < 0 || prefixLength > Rtnl.maxPrefix(Rtnl.familyOf(address)))
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range for " + address.getHostAddress());
        if (label != null && label.length() > 15) throw new IllegalArgumentException("label longer than 15 characters: " + label);
        if (label != null && address instanceof Inet6Address) throw new IllegalArgumentException("IPv6 addresses have no label");
    }

    /** A plain universe-scope address; IPv6 ones get NODAD, as keepalived adds VIPs. */
    public static IfAddress of(int ifIndex, InetAddress address, int prefixLength) {
        int flags = address instanceof Inet6Address ? Rtnl.IFA_F_NODAD : 0;
        return new IfAddress(ifIndex, address, prefixLength, Rtnl.RT_SCOPE_UNIVERSE, flags, null, null);
    }

    public int family() {
        return Rtnl.familyOf(address);
    }

    public IfAddress withLabel(String l) {
        return new IfAddress(ifIndex, address, prefixLength, scope, flags, l, broadcast);
    }

    public IfAddress withScope(int s) {
        return new IfAddress(ifIndex, address, prefixLength, s, flags, label, broadcast);
    }

    public IfAddress withBroadcast(InetAddress b) {
        return new IfAddress(ifIndex, address, prefixLength, scope, flags, label, b);
    }

    public IfAddress withFlags(int f) {
        return new IfAddress(ifIndex, address, prefixLength, scope, f, label, broadcast);
    }

    public boolean tentative() {
        return (flags & Rtnl.IFA_F_TENTATIVE) != 0;
    }

    /** Same interface, address and prefix: the identity the kernel deletes by. */
    public boolean sameAs(IfAddress o) {
        return ifIndex == o.ifIndex && address.equals(o.address) && prefixLength == o.prefixLength;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength + " if " + ifIndex + (label != null ? " label " + label : "")
                + (scope != 0 ? " scope " + scope : "") + (broadcast != null ? " brd " + broadcast.getHostAddress() : "")
                + (flags != 0 ? " flags 0x" + Integer.toHexString(flags) : "");
    }
}
