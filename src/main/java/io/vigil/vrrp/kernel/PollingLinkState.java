package io.vigil.vrrp.kernel;

import io.vigil.sys.LinkBeat;
import io.vigil.vrrp.LinkStateSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * keepalived's linkbeat: the interfaces named in {@code polled} (linkbeat_use_polling, linkbeat_interfaces) have their
 * link state read from the driver every second ({@link LinkBeat}), and netlink's link events for them are ignored;
 * every other watched interface is left to netlink. {@code polled} is live: a reload changes what it holds.
 */
public final class PollingLinkState implements LinkStateSource {
    private static final Logger LOG = LoggerFactory.getLogger(PollingLinkState.class);
    /** keepalived's POLLING_DELAY. */
    static final long POLL_MILLIS = 1000;

    private final NetlinkLinkState netlink = new NetlinkLinkState();
    private final Set<String> polled;
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    /** The state last reported by polling, per interface. */
    private final Map<String, Boolean> lastPolled = new ConcurrentHashMap<>();
    private volatile Sink sink;
    private LinkBeat beat;
    private Thread poller;
    private volatile boolean closed;

    public PollingLinkState(Set<String> polled) {
        this.polled = polled;
    }

    @Override
    public synchronized void watch(Collection<String> interfaceNames, Sink newSink) throws IOException {
        if (sink == null) sink = newSink;
        watched.addAll(interfaceNames);
        Sink s = sink;
        netlink.watch(interfaceNames, (name, up) -> {
            if (!polled.contains(name)) s.linkChanged(name, up);
        });
        if (poller == null) poller = Thread.ofPlatform().daemon().name("vrrp-linkbeat").start(this::pollLoop);
        // The polled ones' state now, as netlink's watch reports its own (it reported theirs too, from netlink: corrected here).
        for (String name : interfaceNames) if (polled.contains(name)) poll(name, true);
    }

    @Override
    public void watchAddresses(Collection<String> interfaceNames, AddressSink sink) throws IOException {
        netlink.watchAddresses(interfaceNames, sink); // addresses come from netlink, polled links or not
    }

    private void pollLoop() {
        boolean said = false;
        while (!closed) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            for (String name : watched) {
                if (!polled.contains(name)) {
                    lastPolled.remove(name);
                    continue;
                }
                if (!said) {
                    LOG.info("Using ETHTOOL/ioctl NIC polling for the link state of {}", polled);
                    said = true;
                }
                poll(name, false);
            }
        }
    }

    private synchronized LinkBeat beat() {
        if (beat == null && !closed) beat = LinkBeat.open(); // only once some interface is polled
        return beat;
    }

    private void poll(String name, boolean always) {
        boolean up;
        try {
            LinkBeat b = beat();
            if (b == null) return;
            up = b.up(name);
        } catch (RuntimeException e) {
            if (closed) return;
            LOG.warn("linkbeat on {}: {}", name, e.getMessage());
            return;
        }
        Boolean before = lastPolled.put(name, up);
        if (before != null && before != up) LOG.info("Linkbeat reports {} {}", name, up ? "up" : "down");
        if (always || before == null || before != up) sink.linkChanged(name, up);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (poller != null) poller.interrupt();
        netlink.close();
        if (beat != null) beat.close();
    }
}
