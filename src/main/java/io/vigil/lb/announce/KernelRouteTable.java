package io.vigil.lb.announce;

import io.vigil.netlink.Route;
import io.vigil.netlink.Rtnl;
import io.vigil.sys.Rtnetlink;

/**
 * Announced routes as blackhole host routes through rtnetlink ({@code ip route replace blackhole VIP/32 table N
 * proto P [metric M]}). Blackhole because the table is only read by the routing daemon, never by forwarding here (no
 * rule points to it), and a blackhole needs no interface or next hop that could go away under it.
 */
public final class KernelRouteTable implements RouteTable, AutoCloseable {
    private final Rtnetlink rtnl;

    public KernelRouteTable(Rtnetlink rtnl) {
        this.rtnl = rtnl;
    }

    public static KernelRouteTable open() {
        return new KernelRouteTable(Rtnetlink.open());
    }

    static Route route(HostRoute r) {
        Route route = Route.to(r.address(), Rtnl.maxPrefix(Rtnl.familyOf(r.address()))).table(r.table()).type(Rtnl.RTN_BLACKHOLE)
                .protocol(r.protocol());
        return r.metric().isPresent() ? route.metric(r.metric().getAsInt()) : route;
    }

    @Override
    public void add(HostRoute r) {
        rtnl.replaceRoute(route(r));
    }

    @Override
    public void remove(HostRoute r) {
        rtnl.deleteRouteIfPresent(route(r));
    }

    @Override
    public void close() {
        rtnl.close();
    }
}
