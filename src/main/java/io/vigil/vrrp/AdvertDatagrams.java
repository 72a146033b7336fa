package io.vigil.vrrp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The datagrams of one advert of an instance, one per destination (the group, or each unicast peer), byte for byte
 * what keepalived sends: IPv4 with our own header, IPv6 the VRRP message. Pure: the IP id and AH sequence number are
 * passed in by the instance that counts them.
 */
final class AdvertDatagrams {
    private AdvertDatagrams() {}

    /** The IP id after {@code ipId}: one per advert, never 0 (keepalived). */
    static int nextIpId(int ipId) {
        int next = (ipId + 1) & 0xffff;
        return next == 0 ? 1 : next;
    }

    /** The AH sequence number after {@code ahSequence} (32 bits, one per advert, shared by all unicast peers). */
    static long nextAhSequence(long ahSequence) {
        return (ahSequence + 1) & 0xffffffffL;
    }

    /** @param ahSequence used only with AH authentication */
    static List<OutboundAdvert> of(VrrpInstanceSettings s, int priority, int ipId, long ahSequence) {
        VrrpPacket packet = VrrpPacket.advert(s.version(), s.vrid(), priority, s.family(), s.advertIntervalCentis(), s.auth().type(),
                s.auth().type() == VrrpPacket.AUTH_PASS ? s.auth().keyAsLong() : 0, s.advertisedAddresses());
        Ipv4AdvertCodec.AhParams ah = s.auth().type() == VrrpPacket.AUTH_AH
                ? new Ipv4AdvertCodec.AhParams(s.auth().key(), (int) ahSequence, s.unicast()) : null;
        List<InetAddress> destinations = s.unicast() ? s.unicastPeers() : List.of(s.options().group(s.family()));
        List<OutboundAdvert> datagrams = new ArrayList<>(destinations.size());
        InetAddress src = s.sourceAddress();
        int ttl = s.unicast() ? s.options().unicastTtlOrDefault() : Ipv4Header.VRRP_TTL;
        for (InetAddress dst : destinations) {
            byte[] bytes = s.family() == AddressFamily.IPV4
                    ? Ipv4AdvertCodec.encode(packet, (Inet4Address) src, (Inet4Address) dst, ipId, s.checksumAsV2(), ah, ttl, oldChecksumGroup(s))
                    : VrrpCodec.encode(packet, src, dst, s.checksumAsV2());
            datagrams.add(new OutboundAdvert(s.advertInterface(), s.family(), src, dst, bytes, s.family() == AddressFamily.IPV4, ttl));
        }
        return datagrams;
    }

    /** With {@code old_unicast_checksum}: the group the pre-2.2 checksum's pseudo-header names as destination. */
    private static Inet4Address oldChecksumGroup(VrrpInstanceSettings s) {
        return s.unicast() && s.options().unicastChecksum() == InstanceOptions.UnicastChecksum.OLD
                ? (Inet4Address) s.options().group(AddressFamily.IPV4) : null;
    }
}
