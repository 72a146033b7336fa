package io.vigil.sys;

import io.vigil.netlink.IfAddress;
import io.vigil.netlink.InterfaceStateTracker;
import io.vigil.netlink.Link;
import io.vigil.netlink.NetlinkEvent;
import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.NetlinkMessage;
import io.vigil.netlink.Rtnl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The netlink reflector: subscribes to RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR and RTNLGRP_IPV6_IFADDR, keeps the
 * current links and addresses, and delivers typed {@link NetlinkEvent}s to a listener on its own thread
 * (one at a time, in kernel order). When the kernel reports lost notifications (ENOBUFS) it re-dumps and
 * delivers exactly the differences, so a listener never misses a state change.
 *
 * <p>Opened in the namespace of the calling thread (see {@link NetNs}). The initial state, read right after
 * subscribing, is available from {@link #links()} / {@link #addresses()} and is not replayed as events.
 */
public final class NetlinkWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NetlinkWatcher.class);
    private static final int POLL_MILLIS = 1000;

    private final NetlinkSocket events;
    private final Rtnetlink requests;
    private final Consumer<NetlinkEvent> listener;
    private final InterfaceStateTracker tracker = new InterfaceStateTracker();
    private final Thread thread;
    private volatile Map<Integer, Link> linkSnapshot;
    private volatile List<IfAddress> addressSnapshot;
    private volatile long resyncs;

    private NetlinkWatcher(Consumer<NetlinkEvent> listener) {
        this.listener = listener;
        this.events = NetlinkSocket.open(Rtnl.NETLINK_ROUTE);
        try {
            events.subscribe(Rtnl.RTNLGRP_LINK);
            events.subscribe(Rtnl.RTNLGRP_IPV4_IFADDR);
            events.subscribe(Rtnl.RTNLGRP_IPV6_IFADDR);
            this.requests = Rtnetlink.open();
        } catch (RuntimeException e) {
            events.close();
            throw e;
        }
        // Subscribed first, then dumped: nothing between the two is lost (at worst seen twice, which is idempotent).
        tracker.seed(requests.links(), requests.addresses(Rtnl.AF_UNSPEC));
        publish();
        this.thread = Thread.ofPlatform().daemon().name("netlink-watcher").unstarted(this::loop);
    }

    /** Starts watching the current namespace; {@code listener} is called on the watcher's thread. */
    public static NetlinkWatcher start(Consumer<NetlinkEvent> listener) {
        NetlinkWatcher w = new NetlinkWatcher(listener);
        w.thread.start();
        return w;
    }

    private void loop() {
        while (true) {
            List<NetlinkMessage> batch;
            try {
                batch = events.receive(POLL_MILLIS);
            } catch (NetlinkException e) {
                if (e.errno() == NetlinkException.ENOBUFS) {
                    resync();
                    continue;
                }
                if (events.receive(0) == null) return; // closed meanwhile
                log.warn("netlink watcher: {}", e.getMessage());
                continue;
            }
            if (batch == null) return;
            for (NetlinkMessage m : batch) {
                List<NetlinkEvent> out;
                try {
                    out = tracker.apply(m);
                } catch (RuntimeException e) {
                    // The decoders only throw NetlinkException (DecoderRobustnessTest); anything else must not
                    // end the reflector either.
                    log.warn("netlink watcher: dropped malformed message type {}: {}", m.type(), e.toString());
                    continue;
                }
                if (!out.isEmpty()) publish();
                deliver(out);
            }
        }
    }

    private void resync() {
        resyncs++;
        log.warn("netlink watcher: kernel dropped notifications (ENOBUFS); re-reading links and addresses");
        try {
            List<NetlinkEvent> out = tracker.resync(requests.links(), requests.addresses(Rtnl.AF_UNSPEC));
            publish();
            deliver(out);
        } catch (NetlinkException e) {
            log.warn("netlink watcher: resync failed: {}", e.getMessage());
        }
    }

    private void deliver(List<NetlinkEvent> out) {
        for (NetlinkEvent e : out) {
            try {
                listener.accept(e);
            } catch (RuntimeException ex) {
                log.error("netlink event listener failed on {}", e, ex);
            }
        }
    }

    private void publish() {
        linkSnapshot = tracker.links();
        addressSnapshot = tracker.addresses();
    }

    /** The links as last seen, by index. */
    public Map<Integer, Link> links() {
        return linkSnapshot;
    }

    /** The addresses as last seen. */
    public List<IfAddress> addresses() {
        return addressSnapshot;
    }

    /** How many times lost notifications forced a re-read. */
    public long resyncCount() {
        return resyncs;
    }

    /** Stops the thread (after the event being delivered, if any) and closes the sockets. */
    @Override
    public void close() {
        events.close();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        requests.close();
    }
}
