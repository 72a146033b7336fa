package io.vigil.vrrp;

import java.net.InetAddress;

/**
 * One datagram as the advert channel received it.
 *
 * @param bytes            IPv4: the whole datagram from the IP header on (raw IPv4 sockets include it); IPv6: the
 *                         VRRP message only
 * @param family           the socket's address family
 * @param source           the sender's address (IPv6: from the socket address)
 * @param destination      the destination address (IPv6: from IPV6_PKTINFO; null if unknown, taken as ff02::12)
 * @param hopLimit         IPv6 hop limit from IPV6_HOPLIMIT ancillary data (ignored for IPv4: the header has the TTL)
 * @param interfaceIndex   the receiving interface
 */
public record InboundAdvert(byte[] bytes, AddressFamily family, InetAddress source, InetAddress destination, int hopLimit,
                            int interfaceIndex) {
}
