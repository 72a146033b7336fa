package io.vigil.vrrp;

import java.net.InetAddress;

/**
 * One datagram to send: IPv4 with the IP header built by us (send with IP_HDRINCL, byte-identical to keepalived);
 * IPv6 the VRRP message only (hop limit 255 set on the socket, checksum already computed).
 */
public record OutboundAdvert(String interfaceName, AddressFamily family, InetAddress source, InetAddress destination, byte[] bytes,
                             boolean includesIpHeader) {
}
