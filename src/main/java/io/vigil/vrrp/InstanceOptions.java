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
 * @param garpExtraIfMillis    {@code garp_extra_if all N}: as MASTER, one GARP/NA every N ms on each interface other than
 *                             the VIP interface that carries an address (and on the VMAC with vmac_xmit_base); 0 = off
 * @param garpExtraIfAll       with {@code all}: every such interface; without it only use_vmac_addr's VMACs
 */
public record InstanceOptions(boolean lowerPrioNoAdvert, boolean higherPrioSendAdvert, int unicastTtl, List<PeerTtl> peerTtls,
                              String configFault, int downTimerAdverts, boolean skipCheckAdvAddr, long garpExtraIfMillis,
                              boolean garpExtraIfAll) {
    public static final InstanceOptions KEEPALIVED_DEFAULTS = new InstanceOptions(false, false, -1, List.of(), null, 3, false, 0, false);

    public InstanceOptions(boolean lowerPrioNoAdvert, boolean higherPrioSendAdvert, int unicastTtl, List<PeerTtl> peerTtls, String configFault,
                           int downTimerAdverts, boolean skipCheckAdvAddr) {
        this(lowerPrioNoAdvert, higherPrioSendAdvert, unicastTtl, peerTtls, configFault, downTimerAdverts, skipCheckAdvAddr, 0, false);
    }

    public InstanceOptions {
        peerTtls = List.copyOf(peerTtls);
        if (unicastTtl < -1 || unicastTtl > 255) throw new IllegalArgumentException("unicast_ttl must be 0..255");
        if (garpExtraIfMillis < 0) throw new IllegalArgumentException("garp_extra_if must not be negative");
        if (downTimerAdverts < 1 || downTimerAdverts > 100) throw new IllegalArgumentException("down_timer_adverts must be 1..100");
    }

    public InstanceOptions(boolean lowerPrioNoAdvert, boolean higherPrioSendAdvert, int unicastTtl, List<PeerTtl> peerTtls, String configFault,
                           int downTimerAdverts) {
        this(lowerPrioNoAdvert, higherPrioSendAdvert, unicastTtl, peerTtls, configFault, downTimerAdverts, false, 0, false);
    }

    public InstanceOptions(boolean lowerPrioNoAdvert, boolean higherPrioSendAdvert, int unicastTtl, List<PeerTtl> peerTtls, String configFault) {
        this(lowerPrioNoAdvert, higherPrioSendAdvert, unicastTtl, peerTtls, configFault, 3, false, 0, false);
    }

    public InstanceOptions(boolean lowerPrioNoAdvert, boolean higherPrioSendAdvert) {
        this(lowerPrioNoAdvert, higherPrioSendAdvert, -1, List.of(), null, 3, false, 0, false);
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

    /** The TTL / hop limit unicast adverts leave with. */
    public int unicastTtlOrDefault() {
        return unicastTtl < 0 ? Ipv4Header.VRRP_TTL : unicastTtl;
    }
}
