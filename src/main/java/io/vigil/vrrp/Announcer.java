package io.vigil.vrrp;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * Port: gratuitous ARP (IPv4: request broadcast from the interface MAC, sender = target = the address, target MAC
 * ff:ff:ff:ff:ff:ff, as keepalived frames it) and unsolicited neighbour advertisements with the Override flag (IPv6).
 */
public interface Announcer {
    /** Sends {@code count} announcements for each address, back to back. */
    void announce(String interfaceName, List<InetAddress> addresses, int count) throws IOException;

    /**
     * As {@link #announce(String, List, int)}, with a pause between two messages ({@code vrrp_garp_interval},
     * {@code vrrp_gna_interval}); a paced burst may finish after this returns, in order.
     */
    default void announce(String interfaceName, List<InetAddress> addresses, int count, long garpIntervalMicros, long naIntervalMicros)
            throws IOException {
        announce(interfaceName, addresses, count);
    }

    /** Opens what {@link #announce} will need on this interface, so the first takeover does not pay for it. */
    default void prepare(String interfaceName) throws IOException {
    }

    /**
     * Exercises the announce path without touching the network (loopback only), so the JIT has compiled it before
     * the first takeover. Any thread, concurrently with {@link #announce}.
     */
    default void warmUp() {
    }
}
