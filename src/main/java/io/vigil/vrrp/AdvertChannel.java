package io.vigil.vrrp;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * Port: raw VRRP sockets. The real one (io.vigil.vrrp.kernel) opens a raw IP socket for protocol 112 (and 51 for AH)
 * per interface and family, joins each multicast instance's group (224.0.0.18 / ff02::12 unless configured), sends IPv4 with IP_HDRINCL and IPv6 with hop
 * limit 255, and delivers every datagram it reads to the sink from its own reader thread.
 */
public interface AdvertChannel extends AutoCloseable {
    /**
     * One socket's worth: an interface, a family, our source address, the multicast group to join (null: unicast
     * peers only).
     */
    record Endpoint(String interfaceName, AddressFamily family, InetAddress source, InetAddress group, boolean authHeader) {
        public boolean multicast() {
            return group != null;
        }
    }

    /** Receives a datagram (called from any thread). */
    interface Sink {
        void received(String interfaceName, InboundAdvert advert);
    }

    /** Opens the endpoints; called again (a reload), it adds the ones not open yet, delivering to the same sink. */
    void open(List<Endpoint> endpoints, Sink sink) throws IOException;

    /**
     * dynamic_interfaces (before {@link #open}): an endpoint whose interface does not exist is kept for
     * {@link #openPresent} instead of failing {@link #open}. Channels without interfaces (in-memory) ignore it.
     */
    default void openMissingLater(boolean on) {
    }

    /** Opens the kept endpoints whose interface exists now; a failure is logged and the endpoint kept for next time. */
    default void openPresent() {
    }

    /**
     * After a reload: leaves every multicast group that none of {@code endpoints} (all that the configuration now
     * needs) uses, so a changed vrrp_mcast_group4/6 or mcast_dst_ip, or a removed instance, does not keep the old
     * group's traffic coming (keepalived closes such a socket). Sockets stay open.
     */
    void retain(List<Endpoint> endpoints);

    void send(OutboundAdvert advert) throws IOException;

    /** Exercises the send/receive path on loopback (nothing on the wire) for the JIT. Any thread, while open. */
    default void warmUp() {
    }

    @Override
    void close();
}
