package io.vigil.vrrp.kernel;

import io.vigil.netlink.Link;
import io.vigil.netlink.NetlinkEvent;
import io.vigil.sys.NetlinkWatcher;
import io.vigil.vrrp.LinkStateSource;

import java.io.IOException;
import java.util.Collection;
import java.util.Set;

/** Link state from the netlink reflector: the watched interfaces' up/down changes, and their state at start. */
public final class NetlinkLinkState implements LinkStateSource {
    private NetlinkWatcher watcher;
    /** Watched names; a second watch() (a reload) adds to them, with the sink of the first. */
    private final Set<String> names = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile Sink sink;

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

    private void startWatcher() throws IOException {
        try {
            watcher = NetlinkWatcher.start(event -> {
                switch (event) {
                    case NetlinkEvent.LinkUp e -> report(names, sink, e.link(), true);
                    case NetlinkEvent.LinkDown e -> report(names, sink, e.link(), false);
                    case NetlinkEvent.LinkRemoved e -> report(names, sink, e.link(), false);
                    default -> { }
                }
            });
        } catch (RuntimeException e) {
            throw new IOException("cannot watch links: " + e.getMessage(), e);
        }
    }

    private static void report(Set<String> names, Sink sink, Link link, boolean up) {
        if (names.contains(link.name())) sink.linkChanged(link.name(), up);
    }

    @Override
    public synchronized void close() {
        if (watcher != null) watcher.close();
    }
}
