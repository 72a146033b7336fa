package io.vigil.vrrp.kernel;

import io.vigil.netlink.IfAddress;
import io.vigil.netlink.Link;
import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.Route;
import io.vigil.netlink.Rtnl;
import io.vigil.netlink.Rule;
import io.vigil.sys.Rtnetlink;
import io.vigil.vrrp.AddressManager;
import io.vigil.vrrp.VirtualAddress;
import io.vigil.vrrp.VirtualRoute;
import io.vigil.vrrp.VirtualRule;

import java.io.IOException;
import java.net.Inet6Address;

/** VIPs, virtual routes and rules, and use_vmac macvlans through rtnetlink (the netlink reflector's write side). */
public final class RtnetlinkAddressManager implements AddressManager, AutoCloseable {
    private final Rtnetlink rtnl;

    private final KernelVmacs vmacs;

    public RtnetlinkAddressManager() {
        this.rtnl = Rtnetlink.open();
        this.vmacs = new KernelVmacs(rtnl);
    }

    /**
     * Interface indexes by name, looked up once: an RTM_GETLINK round trip and the decoding of the whole link message
     * sat on the takeover path before every VIP add. An index that went stale (interface re-created) makes the request
     * fail with ENODEV, and {@link #retryingStale} looks it up again.
     */
    private final java.util.Map<String, Integer> indexes = new java.util.concurrent.ConcurrentHashMap<>();

    private int index(String name) throws IOException {
        Integer cached = indexes.get(name);
        if (cached != null) return cached;
        int i = rtnl.indexOf(name);
        if (i <= 0) throw new IOException("no interface " + name);
        indexes.put(name, i);
        return i;
    }

    private interface NetlinkCall<T> {
        T call() throws IOException;
    }

    private <T> T retryingStale(NetlinkCall<T> call) throws IOException {
        try {
            return call.call();
        } catch (NetlinkException e) {
            if (!forgetStaleIndexes(e)) throw e;
            return call.call();
        }
    }

    /** On ENODEV, forgets the cached indexes (one may be stale) and says the request is worth one retry. */
    private boolean forgetStaleIndexes(NetlinkException e) {
        if (e.errno() != NetlinkException.ENODEV || indexes.isEmpty()) return false;
        indexes.clear();
        return true;
    }

    private IfAddress ifAddress(String interfaceName, VirtualAddress a) throws IOException {
        return ifAddress(index(a.device() != null ? a.device() : interfaceName), a);
    }

    private static IfAddress ifAddress(int index, VirtualAddress a) {
        IfAddress ifa = IfAddress.of(index, a.address(), a.prefixLength());
        if (a.label() != null) ifa = ifa.withLabel(a.label());
        if (a.scope() != null) ifa = ifa.withScope(Rtnl.scopeByName(a.scope()));
        if (a.broadcast() != null) ifa = ifa.withBroadcast(a.broadcast());
        // keepalived adds IPv6 VIPs without duplicate address detection: the backup may still hold the address.
        if (a.address() instanceof Inet6Address) ifa = ifa.withFlags(Rtnl.IFA_F_NODAD);
        return ifa;
    }

    /**
     * Runs the add path a few hundred times without changing anything: the interface look-up and message encoding,
     * then the round trip itself (send, receive, parse the acknowledgement) with requests the kernel refuses, an
     * address on an interface index that does not exist (ENODEV), over a socket of its own so it can run beside the
     * VRRP thread. Measured: the first VIP add of a cold JVM took 11-15 ms; after the encode-only warm-up ~3 ms; the
     * kernel's own work is ~0.1 ms.
     */
    @Override
    public void prepare(String interfaceName, java.util.List<VirtualAddress> addresses) throws IOException {
        try (Rtnetlink own = Rtnetlink.open()) {
            for (VirtualAddress a : addresses) {
                String dev = a.device() != null ? a.device() : interfaceName;
                int index = own.indexOf(dev);
                indexes.putIfAbsent(dev, index);
                if (io.vigil.netlink.AddressCodec.add(ifAddress(index, a), false).length == 0) throw new IllegalStateException();
            }
            for (int i = 0; i < 300; i++) {
                for (VirtualAddress a : addresses) {
                    try {
                        own.ensureAddress(ifAddress(NO_SUCH_INTERFACE, a));
                    } catch (NetlinkException expected) {
                        if (expected.errno() != NetlinkException.ENODEV) throw expected;
                    }
                    try { // the delete path too: the old master removes its VIPs on a preemption
                        own.deleteAddressIfPresent(ifAddress(NO_SUCH_INTERFACE, a));
                    } catch (NetlinkException expected) {
                        if (expected.errno() != NetlinkException.ENODEV) throw expected;
                    }
                }
            }
        } catch (NetlinkException e) {
            throw new IOException("prepare " + interfaceName + ": " + e.getMessage(), e);
        }
    }

    /** An interface index no kernel hands out (indexes are allocated upwards from 1). */
    private static final int NO_SUCH_INTERFACE = Integer.MAX_VALUE;

    @Override
    public synchronized void addAddress(String interfaceName, VirtualAddress address) throws IOException {
        // No lambda here (unlike the other calls): on the takeover path, its first call bootstraps the lambda, ~1 ms.
        try {
            try {
                rtnl.ensureAddress(ifAddress(interfaceName, address));
            } catch (NetlinkException e) {
                if (!forgetStaleIndexes(e)) throw e;
                rtnl.ensureAddress(ifAddress(interfaceName, address));
            }
        } catch (NetlinkException e) {
            throw new IOException("add " + address.cidr() + " on " + interfaceName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean removeAddress(String interfaceName, VirtualAddress address) throws IOException {
        try {
            try {
                return rtnl.deleteAddressIfPresent(ifAddress(interfaceName, address));
            } catch (NetlinkException e) {
                if (!forgetStaleIndexes(e)) throw e;
                return rtnl.deleteAddressIfPresent(ifAddress(interfaceName, address));
            }
        } catch (NetlinkException e) {
            throw new IOException("delete " + address.cidr() + " on " + interfaceName + ": " + e.getMessage(), e);
        }
    }

    private Route route(VirtualRoute r) throws IOException {
        int family = Rtnl.familyOf(r.destination() != null ? r.destination() : r.via() != null ? r.via() : r.source());
        Route route = r.destination() != null ? Route.to(r.destination(), r.prefixLength()) : Route.defaultRoute(family);
        if (r.via() != null) route = route.via(r.via());
        if (r.device() != null) route = route.dev(index(r.device()));
        if (r.source() != null) route = route.src(r.source());
        if (r.metric() >= 0) route = route.metric(r.metric());
        if (r.scope() != null) route = route.scope(Rtnl.scopeByName(r.scope()));
        route = route.table(r.table());
        return route.type(r.type() == null ? Rtnl.RTN_UNICAST : Rtnl.routeTypeByName(r.type()));
    }

    @Override
    public synchronized void addRoute(VirtualRoute r) throws IOException {
        try {
            retryingStale(() -> {
                rtnl.replaceRoute(route(r));
                return null;
            });
        } catch (NetlinkException e) {
            throw new IOException("add route " + r + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void removeRoute(VirtualRoute r) throws IOException {
        try {
            retryingStale(() -> rtnl.deleteRouteIfPresent(route(r)));
        } catch (NetlinkException e) {
            throw new IOException("delete route " + r + ": " + e.getMessage(), e);
        }
    }

    private static Rule rule(VirtualRule r) {
        int family = Rtnl.familyOf(r.from() != null ? r.from() : r.to());
        Rule rule = Rule.lookup(family, r.table());
        if (r.from() != null) rule = rule.from(r.from(), r.fromPrefixLength());
        if (r.to() != null) rule = rule.to(r.to(), r.toPrefixLength());
        if (r.priority() >= 0) rule = rule.priority(r.priority());
        if (r.fwmark() >= 0) rule = rule.fwmark((int) r.fwmark(), r.fwmask() >= 0 ? (int) r.fwmask() : null);
        if (r.inInterface() != null || r.outInterface() != null) rule = rule.interfaces(r.inInterface(), r.outInterface());
        return rule;
    }

    @Override
    public synchronized void addRule(VirtualRule r) throws IOException {
        try {
            Rule rule = rule(r);
            if (!rtnl.rules(rule.family()).contains(rule)) rtnl.addRule(rule);
        } catch (NetlinkException e) {
            if (e.getMessage() != null && e.getMessage().contains("exists")) return;
            throw new IOException("add rule " + r + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void removeRule(VirtualRule r) throws IOException {
        try {
            rtnl.deleteRuleIfPresent(rule(r));
        } catch (NetlinkException e) {
            throw new IOException("delete rule " + r + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void createVmac(io.vigil.vrrp.Vmac vmac, String parent, io.vigil.vrrp.AddressFamily family, java.net.InetAddress linkLocal)
            throws IOException {
        indexes.remove(vmac.name());
        vmacs.create(vmac, parent, family, linkLocal);
    }

    @Override
    public synchronized void deleteVmac(String name) throws IOException {
        indexes.remove(name);
        vmacs.delete(name);
    }

    @Override
    public synchronized void close() {
        rtnl.close();
    }
}
