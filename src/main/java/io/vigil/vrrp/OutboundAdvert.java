package io.vigil.vrrp;

import java.net.InetAddress;

/**
 * One datagram to send: IPv4 with the IP header built by us (send with IP_HDRINCL, byte-identical to keepalived);
 * IPv6 the VRRP message only (checksum already computed) and the hop limit it must leave with (255 unless
 * {@code unicast_ttl}).
 */
public record OutboundAdvert(String interfaceName, AddressFamily family, InetAddress source, InetAddress destination, byte[] bytes,
                             boolean includesIpHeader, int hopLimit) {
    /** Multicast, or unicast without {@code unicast_ttl}: TTL / hop limit 255. */
    public OutboundAdvert(String interfaceName, AddressFamily family, InetAddress source, InetAddress destination, byte[] bytes,
                          boolean includesIpHeader) {
        this(interfaceName, family, source, destination, bytes, includesIpHeader, Ipv4Header.VRRP_TTL);
    }
}
