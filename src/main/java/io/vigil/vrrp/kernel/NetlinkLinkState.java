package io.vigil.vrrp.kernel;

import io.vigil.netlink.IfAddress;
import io.vigil.netlink.Link;
import io.vigil.netlink.Rtnl;
import io.vigil.vrrp.AddressFamily;
import io.vigil.netlink.NetlinkEvent;
import io.vigil.sys.NetlinkWatcher;
import io.vigil.vrrp.LinkStateSource;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Collection;
import java.util.Set;

/** Link state from the netlink reflector: the watched interfaces' up/down changes, and their state at start. */
public final class NetlinkLinkState implements LinkStateSource {
    private NetlinkWatcher watcher;
    /** Watched names; a second watch() (a reload) adds to them, with the sink of the first. */
    private final Set<String> names = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile Sink sink;
    /** dynamic_interfaces: interfaces whose default source address is reported, and what was last reported of each. */
    private final Set<String> addressNames = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Map<String, java.util.Optional<InetAddress>> lastAddress = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile AddressSink addressSink;

    @Override
    public synchronized void watch(Collection<String> interfaceNames, Sink newSink) throws IOException {
        names.addAll(interfaceNames);
        if (sink == null) sink = newSink;
        if (watcher == null) startWatcher();
        // The state now: an interface that is down (or missing) must not wait for a change to count.
        for (String name : interfaceNames) {
            boolean up = watcher.links().values().stream().anyMatch(l -> l.name().equals(name) && l.usable());
            sink.linkChanged(name, up);
        }
    }

    @Override
    public synchronized void watchAddresses(Collection<String> interfaceNames, AddressSink newSink) throws IOException {
        addressNames.addAll(interfaceNames);
        if (addressSink == null) addressSink = newSink;
        if (watcher == null) startWatcher();
        for (String name : interfaceNames) reportAddresses(name, true);
    }

    /** Reports {@code name}'s primary IPv4 and link-local IPv6 address when they changed (or {@code always}). */
    private void reportAddresses(String name, boolean always) {
        AddressSink s = addressSink;
        if (s == null || watcher == null || !addressNames.contains(name)) return;
        int index = watcher.links().values().stream().filter(l -> l.name().equals(name)).mapToInt(Link::index).findFirst().orElse(0);
        for (AddressFamily f : AddressFamily.values()) {
            InetAddress now = index == 0 ? null : watcher.addresses().stream()
                    .filter(a -> a.ifIndex() == index && f.matches(a.address()))
                    .filter(a -> f == AddressFamily.IPV4 ? (a.flags() & Rtnl.IFA_F_SECONDARY) == 0 : a.address().isLinkLocalAddress())
                    .map(IfAddress::address).findFirst().orElse(null);
            java.util.Optional<InetAddress> was = lastAddress.put(name + "/" + f, java.util.Optional.ofNullable(now));
            if (always || was == null || !was.equals(java.util.Optional.ofNullable(now))) s.addressChanged(name, f, now);
        }
    }

    private void startWatcher() throws IOException {
        try {
            watcher = NetlinkWatcher.start(event -> {
                switch (event) {
                    case NetlinkEvent.LinkUp e -> report(names, sink, e.link(), true);
                    case NetlinkEvent.LinkDown e -> report(names, sink, e.link(), false);
                    case NetlinkEvent.LinkRemoved e -> {
                        report(names, sink, e.link(), false);
                        reportAddresses(e.link().name(), false);
                    }
                    case NetlinkEvent.AddressAdded e -> addressOf(e.address().ifIndex());
                    case NetlinkEvent.AddressRemoved e -> addressOf(e.address().ifIndex());
                    default -> { }
                }
            });
        } catch (RuntimeException e) {
            throw new IOException("cannot watch links: " + e.getMessage(), e);
        }
    }

    private void addressOf(int ifIndex) {
        if (watcher == null) return; // the first report, at watchAddresses, follows
        Link l = watcher.links().get(ifIndex);
        if (l != null) reportAddresses(l.name(), false);
        else for (String name : addressNames) reportAddresses(name, false); // its link already gone: check them all
    }

    private static void report(Set<String> names, Sink sink, Link link, boolean up) {
        if (names.contains(link.name())) sink.linkChanged(link.name(), up);
    }

    @Override
    public synchronized void close() {
        if (watcher != null) watcher.close();
    }
}
