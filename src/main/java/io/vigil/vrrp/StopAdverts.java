package io.vigil.vrrp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every master's priority-0 advert, built on the VRRP thread after each of its adverts, so that a stop sends them
 * from whichever thread learns of the stop first (the parent's STOP line, a signal) before anything else: no hop to
 * the VRRP thread, no state machine, no encoding on the failover path. Once an instance's priority-0 advert has left,
 * no advert of it follows (the VRRP thread's own shutdown advert included): every send goes through this one lock,
 * so the backups never hear priority 100 after priority 0.
 */
final class StopAdverts {
    private static final Logger log = LoggerFactory.getLogger(VrrpService.class);

    private final AdvertChannel channel;
    /** Instance -> its priority-0 advert as it would leave now; only MASTERs have one. */
    private final Map<String, List<OutboundAdvert>> ready = new LinkedHashMap<>();
    /** Instances whose priority-0 advert this class has sent. */
    private final Set<String> sent = new HashSet<>();

    StopAdverts(AdvertChannel channel) {
        this.channel = channel;
    }

    /** VRRP thread: sends one datagram of an instance's advert; false (not sent) after its priority-0 advert left. */
    synchronized boolean send(String instance, int priority, OutboundAdvert datagram) throws IOException {
        if (sent.contains(instance)) return false;
        if (priority == 0) ready.remove(instance); // leaving MASTER (FAULT): the core sends its own
        channel.send(datagram);
        return true;
    }

    /** VRRP thread: {@code instance} is MASTER and its priority-0 advert would now be {@code datagrams}. */
    synchronized void ready(String instance, List<OutboundAdvert> datagrams) {
        if (!sent.contains(instance)) ready.put(instance, datagrams);
    }

    /** VRRP thread: {@code instance} is not (or no longer) MASTER. */
    synchronized void notMaster(String instance) {
        ready.remove(instance);
    }

    /**
     * Any thread: sends every master's priority-0 advert now; the VRRP thread's later adverts for them are dropped. An
     * instance whose send failed is left to the VRRP thread's own shutdown, which tries again.
     */
    synchronized void sendAll() {
        for (Map.Entry<String, List<OutboundAdvert>> e : ready.entrySet()) {
            boolean all = true;
            for (OutboundAdvert d : e.getValue()) {
                try {
                    channel.send(d);
                } catch (IOException ex) {
                    all = false;
                    log.warn("({}) cannot send priority-0 advert to {}: {}", e.getKey(), d.destination().getHostAddress(), ex.getMessage());
                }
            }
            if (all) sent.add(e.getKey());
        }
        ready.clear();
    }
}
