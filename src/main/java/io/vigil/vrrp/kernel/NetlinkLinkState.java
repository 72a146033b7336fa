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

    @Override
    public synchronized void watch(Collection<String> interfaceNames, Sink sink) throws IOException {
        Set<String> names = Set.copyOf(interfaceNames);
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
        // The state at start: an interface that is down (or missing) now must not wait for a change to count.
        for (String name : names) {
            boolean up = watcher.links().values().stream().anyMatch(l -> l.name().equals(name) && l.usable());
            sink.linkChanged(name, up);
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
