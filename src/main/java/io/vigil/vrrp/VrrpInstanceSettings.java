package io.vigil.vrrp;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything one VRRP instance needs, resolved by the caller (the daemon maps keepalived.conf onto it; the source
 * address is the interface's primary address, or IPv6 link-local, unless {@code mcast_src_ip}/{@code unicast_src_ip}).
 *
 * @param initialState            the configured {@code state}: MASTER or BACKUP. keepalived (and Vigil) still start
 *                                in BACKUP unless the priority is 255.
 * @param preemptDelayMillis      {@code preempt_delay} (0 = none)
 * @param acceptAddressListMismatch false (keepalived): an advert whose address list differs from ours is dropped and
 *                                counted; true (RFC 3768/5798 "MAY"): logged, counted and processed
 * @param checkUnicastSource      keepalived's {@code vrrp_check_unicast_src}
 * @param options                 lower_prio_no_advert, higher_prio_send_advert
 * @param vmac                    {@code use_vmac}: the macvlan that carries the VIPs (and the adverts unless
 *                                {@code vmac_xmit_base}), created on {@code interfaceName} at start, deleted at stop; or null
 * @param addressVmacs            {@code use_vmac_addr}: the VMACs of single addresses (their {@code device} names them)
 * @param sourceFromInterface     {@code dynamic_interfaces} without a configured source: {@code sourceAddress} follows the
 *                                interface's primary address ({@link VrrpEvent.InterfaceAddress}); unspecified while it has none
 */
public record VrrpInstanceSettings(String name, int vrid, int version, AddressFamily family, String interfaceName, InetAddress sourceAddress,
                                   List<InetAddress> unicastPeers, int priority, int advertIntervalCentis, boolean preempt,
                                   long preemptDelayMillis, VrrpState initialState, AuthSettings auth,
                                   List<VirtualAddress> virtualAddresses, List<VirtualAddress> excludedAddresses,
                                   List<VirtualRoute> routes, List<VirtualRule> rules, List<TrackedInterface> trackInterfaces,
                                   List<TrackedScript> trackScripts, List<TrackedFile> trackFiles, List<TrackedProcess> trackProcesses, List<TrackedBfd> trackBfds,
                                   NotifySettings notifications,
                                   GarpSettings garp, boolean checksumAsV2, boolean acceptAddressListMismatch,
                                   boolean checkUnicastSource, Vmac vmac, List<AddressVmac> addressVmacs,
                                   InstanceOptions options, boolean sourceFromInterface) {
    public VrrpInstanceSettings {
        Objects.requireNonNull(options);
        Objects.requireNonNull(name);
        Objects.requireNonNull(family);
        Objects.requireNonNull(interfaceName);
        Objects.requireNonNull(sourceAddress, "sourceAddress");
        unicastPeers = List.copyOf(unicastPeers);
        virtualAddresses = List.copyOf(virtualAddresses);
        excludedAddresses = List.copyOf(excludedAddresses);
        routes = List.copyOf(routes);
        rules = List.copyOf(rules);
        trackInterfaces = List.copyOf(trackInterfaces);
        trackScripts = List.copyOf(trackScripts);
        trackFiles = List.copyOf(trackFiles);
        trackProcesses = List.copyOf(trackProcesses);
        trackBfds = List.copyOf(trackBfds);
        addressVmacs = List.copyOf(addressVmacs);
        if (vrid < 1 || vrid > 255) throw new IllegalArgumentException(name + ": virtual_router_id must be 1..255");
        if (priority < 1 || priority > 255) throw new IllegalArgumentException(name + ": priority must be 1..255");
        if (version != 2 && version != 3) throw new IllegalArgumentException(name + ": version must be 2 or 3");
        if (version == 2 && (advertIntervalCentis % 100 != 0 || advertIntervalCentis < 100 || advertIntervalCentis > 25500))
            throw new IllegalArgumentException(name + ": VRRPv2 advert_int must be whole seconds 1..255");
        if (version == 3 && (advertIntervalCentis < 1 || advertIntervalCentis > 4095))
            throw new IllegalArgumentException(name + ": VRRPv3 advert_int must be 0.01..40.95 s");
        if (version == 3 && auth.type() != VrrpPacket.AUTH_NONE)
            throw new IllegalArgumentException(name + ": authentication needs VRRPv2 (keepalived rejects it with v3)");
        if (auth.type() == VrrpPacket.AUTH_AH && family != AddressFamily.IPV4)
            throw new IllegalArgumentException(name + ": AH authentication needs IPv4");
        if (!family.matches(sourceAddress)) throw new IllegalArgumentException(name + ": source address family differs");
        if (initialState != VrrpState.MASTER && initialState != VrrpState.BACKUP)
            throw new IllegalArgumentException(name + ": state must be MASTER or BACKUP");
        for (VirtualAddress v : virtualAddresses)
            if (!family.matches(v.address())) throw new IllegalArgumentException(name + ": mixed address families in virtual_ipaddress");
    }

    /** The interface the VIPs and their GARPs/NAs use: the vmac if configured, else the instance's interface. */
    public String vipInterface() {
        return vmac != null ? vmac.name() : interfaceName;
    }

    /**
     * The interface adverts are sent and received on: the vmac unless {@code vmac_xmit_base}, else the instance's
     * interface. (Receiving on the vmac is not a choice: the macvlan driver hands a multicast frame whose source MAC is
     * one of its own macvlans' only to that macvlan, so a peer's adverts sent from the same virtual MAC never reach
     * the base interface.)
     */
    public String advertInterface() {
        return vmac != null && !vmac.xmitBase() ? vmac.name() : interfaceName;
    }

    /** Every VMAC the instance uses: its own (first), then those of single addresses. */
    public List<AddressVmac> allVmacs() {
        List<AddressVmac> out = new ArrayList<>();
        if (vmac != null) out.add(new AddressVmac(vmac, interfaceName, family));
        out.addAll(addressVmacs);
        return out;
    }

    public boolean unicast() {
        return !unicastPeers.isEmpty();
    }

    /** The addresses carried in adverts: the virtual addresses (excluded ones are not advertised). */
    public List<InetAddress> advertisedAddresses() {
        return virtualAddresses.stream().map(VirtualAddress::address).toList();
    }

    public long advertIntervalNanos() {
        return advertIntervalCentis * 10_000_000L;
    }

    /** The same settings sending from {@code source} (dynamic_interfaces: the interface's address changed). */
    public VrrpInstanceSettings withSourceAddress(InetAddress source) {
        return new VrrpInstanceSettings(name, vrid, version, family, interfaceName, source, unicastPeers, priority, advertIntervalCentis, preempt,
                preemptDelayMillis, initialState, auth, virtualAddresses, excludedAddresses, routes, rules, trackInterfaces, trackScripts,
                trackFiles, trackProcesses, trackBfds, notifications, garp, checksumAsV2, acceptAddressListMismatch, checkUnicastSource,
                vmac, addressVmacs, options, sourceFromInterface);
    }

    /** No address to send from yet (dynamic_interfaces, the interface missing or without an address): FAULT. */
    public boolean sourceMissing() {
        return sourceAddress.isAnyLocalAddress();
    }

    public static Builder builder(String name, int vrid, String interfaceName, InetAddress sourceAddress) {
        return new Builder(name, vrid, interfaceName, sourceAddress);
    }

    /** Builder with keepalived's defaults: v2, priority 100, advert 1 s, preempt, BACKUP, no auth. */
    public static final class Builder {
        private final String name;
        private final int vrid;
        private final String interfaceName;
        private final InetAddress sourceAddress;
        private int version = 2;
        private List<InetAddress> unicastPeers = List.of();
        private int priority = 100;
        private int advertIntervalCentis = 100;
        private boolean preempt = true;
        private long preemptDelayMillis;
        private VrrpState initialState = VrrpState.BACKUP;
        private AuthSettings auth = AuthSettings.NONE;
        private final List<VirtualAddress> vips = new ArrayList<>();
        private final List<VirtualAddress> excluded = new ArrayList<>();
        private final List<VirtualRoute> routes = new ArrayList<>();
        private final List<VirtualRule> rules = new ArrayList<>();
        private final List<TrackedInterface> trackInterfaces = new ArrayList<>();
        private final List<TrackedScript> trackScripts = new ArrayList<>();
        private final List<TrackedFile> trackFiles = new ArrayList<>();
        private final List<TrackedProcess> trackProcesses = new ArrayList<>();
        private final List<TrackedBfd> trackBfds = new ArrayList<>();
        private NotifySettings notifications = NotifySettings.NONE;
        private GarpSettings garp = GarpSettings.KEEPALIVED_DEFAULTS;
        private boolean checksumAsV2;
        private boolean acceptAddressListMismatch;
        private boolean checkUnicastSource;
        private Vmac vmac;
        private final List<AddressVmac> addressVmacs = new ArrayList<>();
        private InstanceOptions options = InstanceOptions.KEEPALIVED_DEFAULTS;
        private boolean sourceFromInterface;

        private Builder(String name, int vrid, String interfaceName, InetAddress sourceAddress) {
            this.name = name;
            this.vrid = vrid;
            this.interfaceName = interfaceName;
            this.sourceAddress = sourceAddress;
        }

        public Builder version(int v) { this.version = v; return this; }
        public Builder unicastPeers(List<InetAddress> peers) { this.unicastPeers = peers; return this; }
        public Builder priority(int p) { this.priority = p; return this; }
        public Builder advertIntervalCentis(int c) { this.advertIntervalCentis = c; return this; }
        public Builder preempt(boolean p) { this.preempt = p; return this; }
        public Builder preemptDelayMillis(long ms) { this.preemptDelayMillis = ms; return this; }
        public Builder initialState(VrrpState s) { this.initialState = s; return this; }
        public Builder auth(AuthSettings a) { this.auth = a; return this; }
        public Builder vip(VirtualAddress v) { vips.add(v); return this; }
        public Builder vip(String cidr) { vips.add(VirtualAddress.parse(cidr)); return this; }
        public Builder excludedVip(VirtualAddress v) { excluded.add(v); return this; }
        public Builder route(VirtualRoute r) { routes.add(r); return this; }
        public Builder rule(VirtualRule r) { rules.add(r); return this; }
        public Builder trackInterface(TrackedInterface t) { trackInterfaces.add(t); return this; }
        public Builder trackScript(TrackedScript t) { trackScripts.add(t); return this; }
        public Builder trackFile(TrackedFile t) { trackFiles.add(t); return this; }
        public Builder trackProcess(TrackedProcess t) { trackProcesses.add(t); return this; }
        public Builder trackBfd(TrackedBfd t) { trackBfds.add(t); return this; }
        public Builder notifications(NotifySettings n) { this.notifications = n; return this; }
        public Builder garp(GarpSettings g) { this.garp = g; return this; }
        public Builder checksumAsV2(boolean b) { this.checksumAsV2 = b; return this; }
        public Builder acceptAddressListMismatch(boolean b) { this.acceptAddressListMismatch = b; return this; }
        public Builder checkUnicastSource(boolean b) { this.checkUnicastSource = b; return this; }
        public Builder options(InstanceOptions o) { this.options = o; return this; }
        /** dynamic_interfaces: the source follows the interface's address (an unspecified one: none yet, FAULT). */
        public Builder sourceFromInterface(boolean b) { this.sourceFromInterface = b; return this; }
        /** keepalived's {@code use_vmac [NAME]} with the RFC MAC; null name means keepalived's default {@code vrrp.VRID}. */
        public Builder useVmac(String name) {
            return vmac(new Vmac(name != null ? name : "vrrp." + vrid, Vmac.virtualRouterMac(vrid, AddressFamily.of(sourceAddress)), false));
        }
        public Builder vmac(Vmac v) { this.vmac = v; return this; }
        public Builder addressVmac(AddressVmac v) { addressVmacs.add(v); return this; }

        public VrrpInstanceSettings build() {
            // keepalived: an IPv6 instance always runs VRRPv3.
            int v = AddressFamily.of(sourceAddress) == AddressFamily.IPV6 ? 3 : version;
            return new VrrpInstanceSettings(name, vrid, v, AddressFamily.of(sourceAddress), interfaceName, sourceAddress, unicastPeers,
                    priority, advertIntervalCentis, preempt, preemptDelayMillis, initialState, auth, vips, excluded, routes, rules,
                    trackInterfaces, trackScripts, trackFiles, trackProcesses, trackBfds, notifications, garp, checksumAsV2, acceptAddressListMismatch, checkUnicastSource, vmac, addressVmacs, options, sourceFromInterface);
        }
    }
}
