package io.vigil.vrrp;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Receive checks of RFC 3768/5798 section 7.1 for one instance, in order: TTL/hop limit, version, type, length,
 * checksum, VRID, authentication, advert interval (v2), address list, unicast source. Pure: it reads the instance's
 * settings and last AH sequence number and returns a verdict; the caller counts drops and changes no state on one.
 *
 * <p>keepalived quirks kept for interop: the TTL/hop limit is checked only without unicast peers (keepalived sends
 * IPv6 unicast adverts with hop limit 64 and never checks unicast TTLs); a v3 unicast checksum computed with the
 * multicast group as pseudo-header destination (older keepalived) is accepted too; an address list mismatch drops
 * the advert unless {@link VrrpInstanceSettings#acceptAddressListMismatch()}.
 */
public final class AdvertValidator {
    private AdvertValidator() {}

    /** The outcome of the checks. */
    public sealed interface Verdict permits Accepted, Dropped {}

    /**
     * An advert that passed.
     *
     * @param ahSequence          the AH sequence number it carried (unsigned), or -1 without AH
     * @param addressListMismatch whether its address list differs from ours (only when mismatches are accepted)
     */
    public record Accepted(VrrpPacket packet, InetAddress source, long ahSequence, boolean addressListMismatch) implements Verdict {}

    public record Dropped(DropReason reason, String detail) implements Verdict {}

    /** Validates {@code in} against {@code s}; {@code lastAhSequence} is the highest AH sequence seen (unsigned). */
    public static Verdict validate(InboundAdvert in, VrrpInstanceSettings s, long lastAhSequence) {
        return validate(in, s, lastAhSequence, false);
    }

    /**
     * As above; {@code skipAddressChecks} (keepalived's skip_check_adv_addr for an advert from the MASTER a BACKUP
     * follows) leaves out the address list and the unicast source and TTL checks.
     */
    public static Verdict validate(InboundAdvert in, VrrpInstanceSettings s, long lastAhSequence, boolean skipAddressChecks) {
        if (in.family() != s.family()) return new Dropped(DropReason.VERSION, "address family " + in.family());
        byte[] b = in.bytes();
        // TTL first (RFC order); for IPv4 it is read from the header before anything else is trusted.
        if (in.family() == AddressFamily.IPV4 && b.length < Ipv4Header.LENGTH)
            return new Dropped(DropReason.TOO_SHORT, "ip header too short: " + b.length);
        int ttl = in.family() == AddressFamily.IPV4 ? b[Ipv4Header.OFFSET_TTL] & 0xff : in.hopLimit();
        if (!s.unicast() && ttl != Ipv4Header.VRRP_TTL) return new Dropped(DropReason.TTL, "invalid ttl " + ttl + ", expected 255");
        int vrrpOffset;
        InetAddress source;
        InetAddress destination;
        Ipv4Advert ip4 = null;
        VrrpPacket p;
        try {
            if (in.family() == AddressFamily.IPV4) {
                ip4 = Ipv4AdvertCodec.decode(b);
                source = ip4.ip().source();
                destination = ip4.ip().destination();
                vrrpOffset = ip4.vrrpOffset();
                p = ip4.vrrp();
            } else {
                source = in.source();
                destination = in.destination() != null ? in.destination() : s.options().group(AddressFamily.IPV6);
                vrrpOffset = 0;
                p = VrrpCodec.decode(b, 0, b.length, AddressFamily.IPV6);
            }
        } catch (VrrpDecodeException e) {
            return new Dropped(e.reason(), e.getMessage());
        }
        if (p.version() != s.version()) return new Dropped(DropReason.VERSION, "version " + p.version() + ", expected " + s.version());
        if (p.type() != VrrpPacket.TYPE_ADVERTISEMENT) return new Dropped(DropReason.TYPE, "type " + p.type());
        if ((ip4 != null && ip4.ah() != null) != (p.version() == 2 && p.authType() == VrrpPacket.AUTH_AH))
            return new Dropped(DropReason.AUTH_TYPE, "AH header and auth type " + p.authType() + " disagree");

        // keepalived binds each multicast socket to its group: an advert to another group is not ours.
        if (!s.unicast() && destination.isMulticastAddress() && !destination.equals(s.options().group(s.family())))
            return new Dropped(DropReason.DESTINATION, "sent to " + destination.getHostAddress() + ", not to our group "
                    + s.options().group(s.family()).getHostAddress());
        int len = b.length - vrrpOffset;
        if (!checksumValid(b, vrrpOffset, len, p.version(), source, destination, s))
            return new Dropped(DropReason.CHECKSUM, "invalid VRRPv" + p.version() + " checksum");
        if (p.vrid() != s.vrid()) return new Dropped(DropReason.VRID, "VRID " + p.vrid() + ", expected " + s.vrid());

        long ahSequence = -1;
        if (p.version() == 2) {
            if (p.authType() > VrrpPacket.AUTH_AH) return new Dropped(DropReason.AUTH_TYPE, "invalid auth type " + p.authType());
            if (p.authType() != s.auth().type())
                return new Dropped(DropReason.AUTH_TYPE, "received a " + p.authType() + " auth, expecting " + s.auth().type());
            if (p.authType() == VrrpPacket.AUTH_PASS && p.authData() != s.auth().keyAsLong())
                return new Dropped(DropReason.AUTH_PASSWORD, "received an invalid passwd");
            if (p.authType() == VrrpPacket.AUTH_AH) {
                if (!Ipv4AdvertCodec.ahValid(b, s.auth().key(), s.unicast()))
                    return new Dropped(DropReason.AUTH_AH_ICV, "invalid IPSEC HMAC-MD5 value or SPI");
                ahSequence = Integer.toUnsignedLong(ip4.ah().sequence());
                if (ahSequence <= lastAhSequence)
                    return new Dropped(DropReason.AUTH_AH_SEQUENCE, "sequence number " + ahSequence + " already processed, local " + lastAhSequence);
            }
            if (p.advertIntervalCentis() != s.advertIntervalCentis())
                return new Dropped(DropReason.INTERVAL, "advertisement interval mismatch mine=" + s.advertIntervalCentis() / 100
                        + " sec rcved=" + p.advertIntervalCentis() / 100 + " sec");
        }
        if (skipAddressChecks) return new Accepted(p, source, ahSequence, false);
        boolean mismatch = !sameAddresses(p.addresses(), s.advertisedAddresses());
        if (mismatch && !s.acceptAddressListMismatch())
            return new Dropped(DropReason.ADDRESS_LIST, "address list " + p.addresses() + " differs from ours " + s.advertisedAddresses());
        if (s.checkUnicastSource() && s.unicast()) {
            if (!s.unicastPeers().contains(source))
                return new Dropped(DropReason.UNICAST_SOURCE, "unicast source address " + source.getHostAddress() + " not a unicast peer");
            // keepalived checks the peer's min_ttl/max_ttl only here, under check_unicast_src.
            InstanceOptions.PeerTtl range = s.options().ttlRange(source);
            if (range != null && ttl >= 0 && (ttl < range.minTtl() || ttl > range.maxTtl()))
                return new Dropped(DropReason.TTL, "TTL/HL " + ttl + " not in range " + range.minTtl() + " - " + range.maxTtl());
        }
        return new Accepted(p, source, ahSequence, mismatch);
    }

    /**
     * The checksum check; an IPv4 v3 unicast advert may carry keepalived's pre-2.2 form (pseudo-header destination:
     * the global multicast group), accepted unless {@code old_unicast_checksum never}, required with
     * {@code old_unicast_checksum}.
     */
    private static boolean checksumValid(byte[] b, int off, int len, int version, InetAddress source, InetAddress destination,
                                         VrrpInstanceSettings s) {
        boolean oldFormApplies = version == 3 && s.unicast() && !s.checksumAsV2() && s.family() == AddressFamily.IPV4;
        InstanceOptions.UnicastChecksum mode = s.options().unicastChecksum();
        InetAddress oldDestination = s.options().group(AddressFamily.IPV4);
        if (oldFormApplies && mode == InstanceOptions.UnicastChecksum.OLD)
            return VrrpCodec.checksumValid(b, off, len, 3, source, oldDestination, false);
        if (VrrpCodec.checksumValid(b, off, len, version, source, destination, s.checksumAsV2())) return true;
        return oldFormApplies && mode == InstanceOptions.UnicastChecksum.RFC
                && VrrpCodec.checksumValid(b, off, len, 3, source, oldDestination, false);
    }

    /** Same count and every configured address present (order free, as keepalived checks). */
    static boolean sameAddresses(List<InetAddress> received, List<InetAddress> ours) {
        if (received.size() != ours.size()) return false;
        Set<InetAddress> r = new HashSet<>(received);
        return r.containsAll(ours);
    }
}
