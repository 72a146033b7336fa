package io.vigil.sys;

import io.vigil.netlink.AddressCodec;
import io.vigil.netlink.IfAddress;
import io.vigil.netlink.Link;
import io.vigil.netlink.LinkCodec;
import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.NetlinkMessage;
import io.vigil.netlink.Route;
import io.vigil.netlink.RouteCodec;
import io.vigil.netlink.Rtnl;
import io.vigil.netlink.Rule;

import java.util.List;
import java.util.Optional;

/**
 * rtnetlink operations on the kernel of the namespace this was opened in: interface addresses (VIPs), links,
 * routes, rules and macvlan interfaces. Each call is one synchronous request answered by an ACK or an errno
 * ({@link NetlinkException}). Thread-safe; one socket per instance.
 */
public final class Rtnetlink implements AutoCloseable {
    private final NetlinkSocket socket;

    private Rtnetlink(NetlinkSocket socket) {
        this.socket = socket;
    }

    public static Rtnetlink open() {
        return new Rtnetlink(NetlinkSocket.open(Rtnl.NETLINK_ROUTE));
    }

    public NetlinkSocket socket() {
        return socket;
    }

    // ---- addresses ----

    /** Adds an address ({@code ip addr add}); fails with EEXIST when it is already there. */
    public void addAddress(IfAddress a) {
        socket.ack(AddressCodec.add(a, false));
    }

    /** Adds an address or updates it in place; true when it was not there before. */
    public boolean ensureAddress(IfAddress a) {
        try {
            addAddress(a);
            return true;
        } catch (NetlinkException e) {
            if (!e.alreadyExists()) throw e;
            return false;
        }
    }

    /** Deletes an address ({@code ip addr del}); fails when it is not there. */
    public void deleteAddress(IfAddress a) {
        socket.ack(AddressCodec.delete(a));
    }

    /** Deletes an address if present; true when something was deleted. */
    public boolean deleteAddressIfPresent(IfAddress a) {
        try {
            deleteAddress(a);
            return true;
        } catch (NetlinkException e) {
            if (!e.notFound()) throw e;
            return false;
        }
    }

    /** Every address of a family (Rtnl.AF_INET, AF_INET6, or AF_UNSPEC for both). */
    public List<IfAddress> addresses(int family) {
        return socket.request(AddressCodec.dump(family)).stream()
                .filter(m -> m.type() == Rtnl.RTM_NEWADDR).map(AddressCodec::decode).toList();
    }

    public List<IfAddress> addresses(int family, int ifIndex) {
        return addresses(family).stream().filter(a -> a.ifIndex() == ifIndex).toList();
    }

    /** The interface's IPv6 link-local address (the source of IPv6 adverts), if it has one that is not tentative. */
    public Optional<java.net.InetAddress> linkLocalAddress(int ifIndex) {
        return addresses(Rtnl.AF_INET6, ifIndex).stream().filter(a -> a.address().isLinkLocalAddress() && !a.tentative())
                .map(IfAddress::address).findFirst();
    }

    // ---- links ----

    public List<Link> links() {
        return socket.request(LinkCodec.dump()).stream()
                .filter(m -> m.type() == Rtnl.RTM_NEWLINK).map(LinkCodec::decode).toList();
    }

    public Optional<Link> link(String name) {
        return single(LinkCodec.get(name));
    }

    public Optional<Link> link(int index) {
        return single(LinkCodec.get(index));
    }

    /** The MACVLAN_MODE_* of macvlan {@code name}, or 0 (not a macvlan, or absent). */
    public int macvlanMode(String name) {
        try {
            return socket.request(LinkCodec.get(name)).stream().filter(m -> m.type() == Rtnl.RTM_NEWLINK)
                    .mapToInt(LinkCodec::macvlanMode).findFirst().orElse(0);
        } catch (NetlinkException e) {
            if (e.notFound()) return 0;
            throw e;
        }
    }

    private Optional<Link> single(byte[] request) {
        try {
            List<NetlinkMessage> r = socket.request(request);
            return r.stream().filter(m -> m.type() == Rtnl.RTM_NEWLINK).map(LinkCodec::decode).findFirst();
        } catch (NetlinkException e) {
            if (e.notFound()) return Optional.empty();
            throw e;
        }
    }

    /** The index of an interface, failing clearly when it does not exist. */
    public int indexOf(String name) {
        return link(name).orElseThrow(() -> new NetlinkException("no such interface: " + name, NetlinkException.ENODEV)).index();
    }

    public void setLinkUp(int index, boolean up) {
        socket.ack(LinkCodec.setUp(index, up));
    }

    /**
     * Creates a macvlan interface on {@code parentIndex} (keepalived's {@code use_vmac}: MAC
     * {@link Link#vrrpVirtualMac}, mode private by default) and returns its index; it is left down.
     */
    public int createMacvlan(String name, int parentIndex, String mac, int macvlanMode) {
        socket.ack(LinkCodec.newMacvlan(name, parentIndex, mac, macvlanMode));
        return indexOf(name);
    }

    public void deleteLink(int index) {
        socket.ack(LinkCodec.delete(index));
    }

    // ---- routes ----

    /** Adds a route ({@code ip route add}); EEXIST when an identical one is there. */
    public void addRoute(Route r) {
        socket.ack(RouteCodec.addRoute(r));
    }

    /** Adds or replaces a route ({@code ip route replace}). */
    public void replaceRoute(Route r) {
        socket.ack(RouteCodec.replaceRoute(r));
    }

    public void deleteRoute(Route r) {
        socket.ack(RouteCodec.deleteRoute(r));
    }

    /** Deletes a route if present; true when something was deleted. */
    public boolean deleteRouteIfPresent(Route r) {
        try {
            deleteRoute(r);
            return true;
        } catch (NetlinkException e) {
            if (!e.notFound()) throw e;
            return false;
        }
    }

    /** Every route of a family in every table (including local and cache-less kernel routes). */
    public List<Route> routes(int family) {
        return socket.request(RouteCodec.dumpRoutes(family)).stream()
                .filter(m -> m.type() == Rtnl.RTM_NEWROUTE).map(RouteCodec::decodeRoute).toList();
    }

    public List<Route> routes(int family, int table) {
        return routes(family).stream().filter(r -> r.table() == table).toList();
    }

    // ---- rules ----

    public void addRule(Rule r) {
        socket.ack(RouteCodec.addRule(r));
    }

    public void deleteRule(Rule r) {
        socket.ack(RouteCodec.deleteRule(r));
    }

    public boolean deleteRuleIfPresent(Rule r) {
        try {
            deleteRule(r);
            return true;
        } catch (NetlinkException e) {
            if (!e.notFound()) throw e;
            return false;
        }
    }

    public List<Rule> rules(int family) {
        return socket.request(RouteCodec.dumpRules(family)).stream()
                .filter(m -> m.type() == Rtnl.RTM_NEWRULE).map(RouteCodec::decodeRule).toList();
    }

    @Override
    public void close() {
        socket.close();
    }
}
