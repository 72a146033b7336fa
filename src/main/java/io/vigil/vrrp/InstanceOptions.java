package io.vigil.vrrp;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * keepalived's per-instance options beyond the RFC's (the daemon resolves them from the instance and global_defs).
 *
 * @param lowerPrioNoAdvert    {@code lower_prio_no_advert}: a lower-priority advert is not answered at once with ours
 *                             (keepalived's default, and RFC 5798's, is to answer: "forcing new election")
 * @param higherPrioSendAdvert {@code higher_prio_send_advert}: before yielding to a higher priority, send one advert of
 *                             ours (so a peer that cannot hear us otherwise learns that we were MASTER)
 * @param unicastTtl           {@code unicast_ttl}: TTL (IPv4) or hop limit (IPv6) of unicast adverts, -1 for the default
 *                             (255)
 * @param peerTtls             {@code unicast_peer { IP min_ttl N max_ttl N }}: with {@code check_unicast_src}, a unicast
 *                             advert whose TTL/hop limit is outside its sender's range is dropped (keepalived checks the
 *                             range only there)
 * @param configFault          why the configuration keeps the instance in FAULT for good ({@code unicast_fault_no_peer}
 *                             without peers), or null
 * @param downTimerAdverts     {@code down_timer_adverts}: adverts in the master-down timer (RFC: 3)
 * @param skipCheckAdvAddr     {@code skip_check_adv_addr}: a BACKUP does not check the address list (nor the unicast
 *                             source and TTL) of adverts from the MASTER it already follows
 * @param multicastGroup       the group multicast adverts go to and are received on ({@code mcast_dst_ip}, else global
 *                             {@code vrrp_mcast_group4/6}); for a unicast IPv4 instance, the global group the pre-2.2
 *                             checksum's pseudo-header names. Null: 224.0.0.18 / ff02::12.
 * @param unicastChecksum      which form of the v3 IPv4 unicast checksum is sent and accepted ({@code old_unicast_checksum})
 * @param dontTrackPrimary     {@code dont_track_primary}: the instance's own interface going down is no fault (unless
 *                             it is also a track_interface)
 * @param garpExtraIfMillis    {@code garp_extra_if all N}: as MASTER, one GARP/NA every N ms on each interface other than
 *                             the VIP interface that carries an address (and on the VMAC with vmac_xmit_base); 0 = off
 * @param garpExtraIfAll       with {@code all}: every such interface; without it only use_vmac_addr's VMACs
 */
public record InstanceOptions(boolean lowerPrioNoAdvert, boolean higherPrioSendAdvert, int unicastTtl, List<PeerTtl> peerTtls,
                              String configFault, int downTimerAdverts, boolean skipCheckAdvAddr, InetAddress multicastGroup,
                              UnicastChecksum unicastChecksum, boolean dontTrackPrimary, long garpExtraIfMillis, boolean garpExtraIfAll) {
    public static final InstanceOptions KEEPALIVED_DEFAULTS = new InstanceOptions(false, false, -1, List.of(), null, 3, false);

    /**
     * The VRRPv3 IPv4 unicast checksum: keepalived before 2.2 computed its pseudo-header with the multicast group as
     * destination instead of the peer's address.
     */
    public enum UnicastChecksum {
        /** keepalived's default: send the RFC form; accept the old form too. */
        RFC,
        /** {@code old_unicast_checksum never}: send and accept the RFC form only. */
        RFC_ONLY,
        /** {@code old_unicast_checksum}: send and accept the old form only (peers older than keepalived 2.2). */
        OLD
    }

    public InstanceOptions(boolean lowerPrioNoAdvert, boolean higherPrioSendAdvert, int unicastTtl, List<PeerTtl> peerTtls,
                           String configFault, int downTimerAdverts, boolean skipCheckAdvAddr) {
        this(lowerPrioNoAdvert, higherPrioSendAdvert, unicastTtl, peerTtls, configFault, downTimerAdverts, skipCheckAdvAddr, null, UnicastChecksum.RFC, false, 0, false);
    }

    public InstanceOptions {
        Objects.requireNonNull(unicastChecksum);
        if (multicastGroup != null && !multicastGroup.isMulticastAddress())
            throw new IllegalArgumentException("not a multicast group: " + multicastGroup.getHostAddress());
        if (multicastGroup != null && (multicastGroup.equals(Inet.VRRP_GROUP_V4) || multicastGroup.equals(Inet.VRRP_GROUP_V6)))
            multicastGroup = null; // the RFC's: one form for equal options
        peerTtls = List.copyOf(peerTtls);
        if (unicastTtl < -1 || unicastTtl > 255) throw new IllegalArgumentException("unicast_ttl must be 0..255");
        if (garpExtraIfMillis < 0) throw new IllegalArgumentException("garp_extra_if must not be negative");
        if (downTimerAdverts < 1 || downTimerAdverts > 100) throw new IllegalArgumentException("down_timer_adverts must be 1..100");
    }

    public InstanceOptions(boolean lowerPrioNoAdvert, boolean higherPrioSendAdvert, int unicastTtl, List<PeerTtl> peerTtls, String configFault,
                           int downTimerAdverts) {
        this(lowerPrioNoAdvert, higherPrioSendAdvert, unicastTtl, peerTtls, configFault, downTimerAdverts, false);
    }

    public InstanceOptions(boolean lowerPrioNoAdvert, boolean higherPrioSendAdvert, int unicastTtl, List<PeerTtl> peerTtls, String configFault) {
        this(lowerPrioNoAdvert, higherPrioSendAdvert, unicastTtl, peerTtls, configFault, 3, false);
    }

    public InstanceOptions(boolean lowerPrioNoAdvert, boolean higherPrioSendAdvert) {
        this(lowerPrioNoAdvert, higherPrioSendAdvert, -1, List.of(), null, 3, false);
    }

    /** The TTL range a unicast peer's adverts must arrive with (keepalived's defaults 0..255). */
    public record PeerTtl(InetAddress peer, int minTtl, int maxTtl) {
        public PeerTtl {
            Objects.requireNonNull(peer);
        }
    }

    /** The range configured for {@code peer}, or null (any TTL). */
    public PeerTtl ttlRange(InetAddress peer) {
        for (PeerTtl p : peerTtls) if (p.peer().equals(peer)) return p;
        return null;
    }

    /** The group of {@code family}'s adverts: {@link #multicastGroup} when it is of that family, else the RFC's. */
    public InetAddress group(AddressFamily family) {
        return multicastGroup != null && family.matches(multicastGroup) ? multicastGroup : Inet.group(family);
    }

    /** The same options with another multicast group. */
    public InstanceOptions withMulticastGroup(InetAddress group, UnicastChecksum checksum) {
        return new InstanceOptions(lowerPrioNoAdvert, higherPrioSendAdvert, unicastTtl, peerTtls, configFault, downTimerAdverts, skipCheckAdvAddr,
                group, checksum, dontTrackPrimary, garpExtraIfMillis, garpExtraIfAll);
    }

    /** The same options with dont_track_primary set or not. */
    public InstanceOptions withDontTrackPrimary(boolean dontTrack) {
        return new InstanceOptions(lowerPrioNoAdvert, higherPrioSendAdvert, unicastTtl, peerTtls, configFault, downTimerAdverts, skipCheckAdvAddr,
                multicastGroup, unicastChecksum, dontTrack, garpExtraIfMillis, garpExtraIfAll);
    }

    /** The TTL / hop limit unicast adverts leave with. */
    public int unicastTtlOrDefault() {
        return unicastTtl < 0 ? Ipv4Header.VRRP_TTL : unicastTtl;
    }
}
