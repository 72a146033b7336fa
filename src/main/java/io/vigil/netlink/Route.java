package io.vigil.netlink;

import java.net.InetAddress;

/**
 * A route as {@code ip route add [TYPE] DST/LEN [via GW] [dev IF] [table T] [metric M] [scope S] [src A]
 * [proto P]} sets it (keepalived's {@code virtual_routes} / {@code static_routes}), or as a dump reports it.
 *
 * @param family            Rtnl.AF_INET or AF_INET6
 * @param destination       null for the default route
 * @param destinationPrefix prefix length (0 for default)
 * @param gateway           next hop, or null
 * @param outIfIndex        output interface, or 0
 * @param table             routing table id (254 = main; values above 255 are carried in RTA_TABLE)
 * @param metric            RTA_PRIORITY, or null
 * @param scope             RT_SCOPE_*, or {@link #SCOPE_AUTO} to let the encoder choose as iproute2 does
 * @param preferredSource   RTA_PREFSRC, or null
 * @param type              RTN_* ({@link Rtnl#routeTypeByName})
 * @param protocol          RTPROT_* (default {@link Rtnl#RTPROT_KEEPALIVED}, so leftovers are recognisable)
 */
public record Route(int family, InetAddress destination, int destinationPrefix, InetAddress gateway, int outIfIndex,
                    int table, Integer metric, int scope, InetAddress preferredSource, int type, int protocol) {
    /**
     * Scope chosen at encoding as iproute2 chooses it: host for local and nat, link for broadcast, anycast, multicast
     * and a gateway-less unicast route, universe otherwise. (keepalived 2.2.7 sends universe unless a scope is
     * written, which the kernel refuses for local, broadcast and anycast routes: "Invalid scope".)
     */
    public static final int SCOPE_AUTO = -1;

    public Route {
        if (destination != null && Rtnl.familyOf(destination) != family) throw new IllegalArgumentException("destination family mismatch");
        if (gateway != null && Rtnl.familyOf(gateway) != family) throw new IllegalArgumentException("gateway family mismatch");
        if (destinationPrefix < 0 || destinationPrefix > Rtnl.maxPrefix(family)) throw new IllegalArgumentException("bad prefix " + destinationPrefix);
    }

    /** A unicast route to {@code destination/prefix} in the main table (null destination = default route). */
    public static Route to(InetAddress destination, int prefix) {
        return new Route(Rtnl.familyOf(destination), destination, prefix, null, 0, Rtnl.RT_TABLE_MAIN, null, SCOPE_AUTO,
                null, Rtnl.RTN_UNICAST, Rtnl.RTPROT_KEEPALIVED);
    }

    public static Route defaultRoute(int family) {
        return new Route(family, null, 0, null, 0, Rtnl.RT_TABLE_MAIN, null, SCOPE_AUTO, null, Rtnl.RTN_UNICAST, Rtnl.RTPROT_KEEPALIVED);
    }

    public Route via(InetAddress gw) {
        return new Route(family, destination, destinationPrefix, gw, outIfIndex, table, metric, scope, preferredSource, type, protocol);
    }

    public Route dev(int ifIndex) {
        return new Route(family, destination, destinationPrefix, gateway, ifIndex, table, metric, scope, preferredSource, type, protocol);
    }

    public Route table(int t) {
        return new Route(family, destination, destinationPrefix, gateway, outIfIndex, t, metric, scope, preferredSource, type, protocol);
    }

    public Route metric(Integer m) {
        return new Route(family, destination, destinationPrefix, gateway, outIfIndex, table, m, scope, preferredSource, type, protocol);
    }

    public Route scope(int s) {
        return new Route(family, destination, destinationPrefix, gateway, outIfIndex, table, metric, s, preferredSource, type, protocol);
    }

    public Route src(InetAddress a) {
        return new Route(family, destination, destinationPrefix, gateway, outIfIndex, table, metric, scope, a, type, protocol);
    }

    public Route type(int t) {
        return new Route(family, destination, destinationPrefix, gateway, outIfIndex, table, metric, scope, preferredSource, t, protocol);
    }

    public Route protocol(int p) {
        return new Route(family, destination, destinationPrefix, gateway, outIfIndex, table, metric, scope, preferredSource, type, p);
    }

    /** The scope the encoder writes for an add: the explicit one, or iproute2's default. */
    public int effectiveScope() {
        if (scope != SCOPE_AUTO) return scope;
        if (type == Rtnl.RTN_LOCAL || type == Rtnl.RTN_NAT) return Rtnl.RT_SCOPE_HOST;
        if (type == Rtnl.RTN_BROADCAST || type == Rtnl.RTN_ANYCAST || type == Rtnl.RTN_MULTICAST) return Rtnl.RT_SCOPE_LINK;
        if (type == Rtnl.RTN_UNICAST && gateway == null) return Rtnl.RT_SCOPE_LINK;
        return Rtnl.RT_SCOPE_UNIVERSE;
    }
}
