package io.vigil.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Small value records shared by the VRRP part of the model. */
public final class Vrrp {
    private Vrrp() {
    }

    public enum State { MASTER, BACKUP }

    public enum AuthType { PASS, AH }

    /** {@code authentication { auth_type PASS|AH  auth_pass SECRET }}; the password is at most 8 bytes. */
    public record Authentication(AuthType type, String password) {
        @Override
        public String toString() { // never the password
            return "Authentication[type=" + type + "]";
        }
    }

    /** A weight with keepalived's optional {@code reverse} (the weight applies when the tracked thing is up). */
    public record Weight(int value, boolean reverse) {
        @Override
        public String toString() {
            return value + (reverse ? " reverse" : "");
        }
    }

    /**
     * An entry of track_interface / track_script / track_file: the tracked name and an optional weight
     * (unset: the tracked object's own weight, or fault on failure for interfaces).
     */
    public record TrackRef(String name, Optional<Weight> weight, SourcePos pos) {
        public String format() {
            return name + weight.map(w -> " weight " + w).orElse("");
        }
    }

    /** {@code unicast_peer { IP [min_ttl N] [max_ttl N] }}. */
    public record UnicastPeer(InetAddress address, Optional<Integer> minTtl, Optional<Integer> maxTtl) {
        public String format() {
            return Addresses.format(address) + minTtl.map(t -> " min_ttl " + t).orElse("") + maxTtl.map(t -> " max_ttl " + t).orElse("");
        }
    }

    /**
     * {@code use_vmac [NAME] [MAC]} with {@code vmac_xmit_base}: a private macvlan on the instance's interface carries
     * the VIPs with the virtual router MAC (RFC 3768/5798: 00:00:5e:00:01:VRID, 00:00:5e:00:02:VRID for IPv6).
     *
     * @param name        the interface name given, else keepalived's {@code PREFIX.VRID} chosen at start
     * @param mac         a MAC given instead of the RFC one ({@code aa:bb:cc:dd:ee:ff}); with five octets (or a
     *                    trailing ':') keepalived appends the VRID, said by {@code macPlusVrid}
     * @param macPlusVrid the given MAC had five octets: its sixth is the VRID
     * @param xmitBase    {@code vmac_xmit_base}: adverts go from (and are received on) the base interface
     */
    public record Vmac(Optional<String> name, Optional<String> mac, boolean macPlusVrid, boolean xmitBase) {
        public String format() {
            return ("use_vmac" + name.map(n -> " " + n).orElse("") + mac.map(m -> " " + (macPlusVrid ? m.substring(0, 14) : m)).orElse("")
                    + (xmitBase ? " vmac_xmit_base" : ""));
        }
    }

    /**
     * {@code garp_extra_if [all] SECONDS} (global {@code vrrp_garp_extra_if}): as MASTER, one gratuitous ARP/NA every
     * interval on each VMAC other than the instance's own, or with {@code all} on each interface other than the
     * instance's that carries one of its addresses (its own VMAC too with vmac_xmit_base).
     */
    public record GarpExtraIf(boolean all, Duration interval) { }

    /** Gratuitous ARP / unsolicited NA timing after becoming master, and on lower-priority adverts. */
    public record Garp(Duration masterDelay, int masterRepeat, Duration lowerPrioDelay, int lowerPrioRepeat,
                       Duration masterRefresh, int masterRefreshRepeat) { }

    /**
     * keepalived's per-instance options that change what goes on the wire, resolved from the instance, else from
     * global_defs ({@code vrrp_*}), else keepalived's defaults.
     *
     * @param lowerPrioNoAdvert    a MASTER that receives a lower-priority advert does not answer it with its own at once
     * @param higherPrioSendAdvert a MASTER that receives a higher-priority advert sends one of its own before giving up
     * @param checkUnicastSrc      {@code check_unicast_src} (or global {@code vrrp_check_unicast_src})
     * @param unicastTtl           {@code unicast_ttl} (instances with unicast peers only)
     * @param unicastFaultNoPeer   {@code unicast_fault_no_peer}: without unicast peers the instance stays in FAULT
     * @param promoteSecondaries   {@code promote_secondaries}: the interface's sysctl set while the instance runs
     * @param startupDelay         global_defs {@code vrrp_startup_delay} (the same for all instances)
     * @param noAccept             {@code no_accept}: while MASTER (and not the address owner) traffic to and from the
     *                             VIPs is dropped, through nftables as keepalived
     * @param firewall             global_defs {@code nftables}, {@code nftables_priority}, {@code nftables_counters}
     * @param skipCheckAdvAddr     {@code skip_check_adv_addr} (global {@code vrrp_skip_check_adv_addr})
     * @param downTimerAdverts     {@code down_timer_adverts} (global {@code vrrp_down_timer_adverts}, 3 by default and in strict mode)
     * @param mcastDstIp           {@code mcast_dst_ip} (multicast instances only)
     * @param unicastChecksum      {@code old_unicast_checksum [never]}
     * @param disableLocalIgmp     global_defs {@code disable_local_igmp}
     * @param maxAutoPriority      global_defs {@code max_auto_priority} (0: off)
     * @param minAutoPriorityDelayMicros global_defs {@code min_auto_priority_delay}
     * @param vmacPrefix           global_defs {@code vmac_prefix}: names of use_vmac interfaces chosen by Vigil ({@code vrrp} by default)
     * @param garpExtraIf          {@code garp_extra_if} (global {@code vrrp_garp_extra_if})
     * @param useVmacAddr          {@code use_vmac_addr}: an address on another interface, or of the other family, goes on a
     *                             VMAC of its own on that interface
     * @param vmacAddrPrefix       global_defs {@code vmac_addr_prefix}: names of those VMACs (else vmac_prefix)
     * @param linkbeatUsePolling   {@code linkbeat_use_polling} (top level, or the instance's): the instance's interface is polled
     * @param linkbeatInterfaces   the top-level {@code linkbeat_interfaces}: interfaces polled wherever used
     * @param upDownDelays         the top-level {@code interface_up_down_delays}, as written (before any cut)
     * @param garpGroups           the top-level {@code garp_group} blocks
     */
    public record Options(boolean lowerPrioNoAdvert, boolean higherPrioSendAdvert, boolean checkUnicastSrc, Optional<Integer> unicastTtl,
                          boolean unicastFaultNoPeer, boolean promoteSecondaries, Duration startupDelay, boolean noAccept, Firewall firewall,
                          int downTimerAdverts, boolean skipCheckAdvAddr, Optional<InetAddress> mcastDstIp, UnicastChecksum unicastChecksum,
                          boolean disableLocalIgmp, int maxAutoPriority, int minAutoPriorityDelayMicros, String vmacPrefix,
                          Optional<GarpExtraIf> garpExtraIf, boolean useVmacAddr, Optional<String> vmacAddrPrefix,
                          boolean linkbeatUsePolling, List<String> linkbeatInterfaces, List<UpDownDelay> upDownDelays,
                          List<GarpGroup> garpGroups) {
        public static final Options KEEPALIVED_DEFAULTS = new Options(false, false, false, Optional.empty(), false, false, Duration.ZERO,
                false, Firewall.DEFAULT, 3, false, Optional.empty(), UnicastChecksum.RFC, false, 0, 1_000_000, "vrrp", Optional.empty(), false,
                Optional.empty(), false, List.of(), List.of(), List.of());

        /** The same options with the linkbeat and debounce settings (read outside global_defs). */
        public Options withLinks(boolean usePolling, List<String> interfaces, List<UpDownDelay> delays, List<GarpGroup> groups) {
            return new Options(lowerPrioNoAdvert, higherPrioSendAdvert, checkUnicastSrc, unicastTtl, unicastFaultNoPeer, promoteSecondaries,
                    startupDelay, noAccept, firewall, downTimerAdverts, skipCheckAdvAddr, mcastDstIp, unicastChecksum, disableLocalIgmp,
                    maxAutoPriority, minAutoPriorityDelayMicros, vmacPrefix, garpExtraIf, useVmacAddr, vmacAddrPrefix, usePolling, List.copyOf(interfaces),
                    List.copyOf(delays), List.copyOf(groups));
        }
    }

    /** A {@code garp_group}: its intervals (empty: that kind of message is not paced on these interfaces) and interfaces. */
    public record GarpGroup(Optional<Duration> garpInterval, Optional<Duration> gnaInterval, List<String> interfaces) {}

    /** One line of {@code interface_up_down_delays}. */
    public record UpDownDelay(String interfaceName, Duration down, Duration up) {
    }

    /** The VRRPv3 IPv4 unicast checksum form: keepalived's default (RFC, old accepted), {@code never}, or the old one. */
    public enum UnicastChecksum { RFC, RFC_ONLY, OLD }

    /**
     * keepalived's VIP firewall settings: the nftables table (default {@code keepalived}), its chains' priority, counters
     * on its rules, and {@code nftables_ifindex} (link-local VIPs always matched by interface index).
     */
    public record Firewall(String table, int priority, boolean counters, boolean ifindex) {
        public static final Firewall DEFAULT = new Firewall("keepalived", -1, false, false);
    }

    /** Scripts run on state changes. */
    public record Notify(Optional<Script> master, Optional<Script> backup, Optional<Script> fault, Optional<Script> stop,
                         Optional<Script> deleted, Optional<Script> any, Optional<Script> masterRxLowerPri,
                         Optional<Boolean> priorityChanges) {
        public static final Notify NONE = new Notify(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Tracking configured on an instance or a sync group. */
    public record Tracking(List<TrackRef> interfaces, List<TrackRef> scripts, List<TrackRef> files, List<TrackRef> processes, List<TrackRef> bfds) {
        public static final Tracking NONE = new Tracking(List.of(), List.of(), List.of(), List.of(), List.of());
    }
}
