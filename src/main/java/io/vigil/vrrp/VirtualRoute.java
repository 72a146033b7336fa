package io.vigil.vrrp;

import java.net.InetAddress;

/**
 * A {@code virtual_routes} / {@code static_routes} entry.
 *
 * @param destination  the prefix (null with prefix 0: the default route)
 * @param via          gateway, or null
 * @param device       output interface, or null
 * @param source       preferred source ({@code src}), or null
 * @param table        routing table (254 = main)
 * @param metric       metric, or -1 for none
 * @param scope        scope name (global, link, host, ...), or null for the kernel's choice
 * @param type         the route type as written (unicast, local, broadcast, anycast, multicast, blackhole, unreachable,
 *                     prohibit, throw, nat, ...: {@code Rtnl.routeTypeByName})
 */
public record VirtualRoute(InetAddress destination, int prefixLength, InetAddress via, String device, InetAddress source, int table,
                           int metric, String scope, String type) {
    public static final int TABLE_MAIN = 254;

    public VirtualRoute(InetAddress destination, int prefixLength, InetAddress via, String device, InetAddress source, int table, int metric) {
        this(destination, prefixLength, via, device, source, table, metric, null, "unicast");
    }
}
