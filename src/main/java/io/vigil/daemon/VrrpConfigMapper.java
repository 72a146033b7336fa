package io.vigil.daemon;

import io.vigil.config.KeepalivedConfig;
import io.vigil.config.Script;
import io.vigil.config.Vrrp;
import io.vigil.config.VrrpInstance;
import io.vigil.config.VrrpScript;
import io.vigil.config.VrrpSyncGroup;
import io.vigil.config.TrackFile;
import io.vigil.config.VirtualIp;
import io.vigil.netlink.Rtnl;
import io.vigil.vrrp.AddressFamily;
import io.vigil.vrrp.AuthSettings;
import io.vigil.vrrp.GarpSettings;
import io.vigil.vrrp.InstanceOptions;
import io.vigil.vrrp.NotifySettings;
import io.vigil.vrrp.SyncGroupSettings;
import io.vigil.vrrp.TrackedBfd;
import io.vigil.vrrp.TrackedFile;
import io.vigil.vrrp.TrackedInterface;
import io.vigil.vrrp.TrackedScript;
import io.vigil.vrrp.VirtualAddress;
import io.vigil.vrrp.VirtualRoute;
import io.vigil.vrrp.VirtualRule;
import io.vigil.vrrp.VrrpInstanceSettings;
import io.vigil.vrrp.Vmac;
import io.vigil.vrrp.AddressVmac;
import io.vigil.vrrp.VrrpState;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Maps the configuration's VRRP instances and sync groups onto the VRRP runtime's settings (pure but for the
 * interface-address lookup, which the caller supplies: an instance sends from {@code mcast_src_ip} /
 * {@code unicast_src_ip}, else from its interface's primary IPv4 address or IPv6 link-local address).
 */
public final class VrrpConfigMapper {
    private VrrpConfigMapper() {}

    /** Looks up an interface's source address for a family; null when it has none. */
    public interface InterfaceAddresses extends BiFunction<String, AddressFamily, InetAddress> {}

    public static List<VrrpInstanceSettings> instances(KeepalivedConfig config, InterfaceAddresses addresses) {
        List<VrrpInstanceSettings> out = new ArrayList<>();
        java.util.Set<String> vmacNames = new java.util.HashSet<>();
        for (VrrpInstance i : config.vrrpInstances()) i.vmac().flatMap(Vrrp.Vmac::name).ifPresent(vmacNames::add);
        for (VrrpInstance i : config.vrrpInstances()) out.add(instance(config, i, addresses, vmacNames));
        return out;
    }

    /**
     * keepalived's VMAC: the name given, else PREFIX.VRID not used by another instance (vrrp.c's create_vmac_name); the
     * MAC given (five octets: the VRID appended), else the RFC's. {@code taken} collects the names in use.
     */
    static Vmac vmac(Vrrp.Vmac v, int vrid, AddressFamily family, String prefix, java.util.Set<String> taken) {
        String name = v.name().orElseGet(() -> Vmac.defaultName(prefix, vrid, family, taken::contains));
        taken.add(name);
        String mac = v.mac().map(m -> v.macPlusVrid() ? m.substring(0, 15) + String.format("%02x", vrid) : m)
                .orElseGet(() -> Vmac.virtualRouterMac(vrid, family));
        return new Vmac(name, mac, v.xmitBase());
    }

    public static List<SyncGroupSettings> syncGroups(KeepalivedConfig config) {
        return config.syncGroups().stream()
                .map(g -> new SyncGroupSettings(g.name(), g.members(), notify(g.notifyScripts(), fifo(config))
                        .withSmtpAlert(g.smtpAlert(), config.globalDefs().smtpAlert().noEmailFaults()))).toList();
    }

    /** keepalived's defaults for a peer without min_ttl/max_ttl: 0..255. */
    private static InstanceOptions options(KeepalivedConfig config, VrrpInstance i) {
        Vrrp.Options o = i.options();
        List<InstanceOptions.PeerTtl> ttls = i.unicastPeers().stream()
                .filter(p -> p.minTtl().isPresent() || p.maxTtl().isPresent())
                .map(p -> new InstanceOptions.PeerTtl(p.address(), p.minTtl().orElse(0), p.maxTtl().orElse(255))).toList();
        String fault = o.unicastFaultNoPeer() && i.unicastPeers().isEmpty() ? "Cannot use unicast without any peers (unicast_fault_no_peer)" : null;
        // A multicast instance's group: mcast_dst_ip, else vrrp_mcast_group4/6; a unicast one keeps the global IPv4 group,
        // which its old_unicast_checksum pseudo-header names (keepalived's global_data->vrrp_mcast_group4).
        InetAddress group = i.unicastPeers().isEmpty()
                ? o.mcastDstIp().orElse(i.isIpv6() ? config.globalDefs().vrrpMcastGroup6() : config.globalDefs().vrrpMcastGroup4())
                : config.globalDefs().vrrpMcastGroup4();
        return new InstanceOptions(o.lowerPrioNoAdvert(), o.higherPrioSendAdvert(), o.unicastTtl().orElse(-1), ttls, fault, o.downTimerAdverts(),
                o.skipCheckAdvAddr(), group, InstanceOptions.UnicastChecksum.valueOf(o.unicastChecksum().name()), i.dontTrackPrimary(),
                0, o.garpExtraIf().map(Vrrp.GarpExtraIf::all).orElse(false));
    }

    /**
     * keepalived's use_vmac_addr (vrrp_complete_instance): an address on another interface, or of the other family, goes
     * on a VMAC of its own on that interface, one per interface and family, named from vmac_addr_prefix (else
     * vmac_prefix); its MAC is the one use_vmac gave, else the family's virtual router MAC. Rewrites the addresses'
     * devices to those VMACs.
     */
    private static List<AddressVmac> addressVmacs(VrrpInstance i, String ifname, AddressFamily family, List<VirtualAddress> vips,
                                                  List<VirtualAddress> excluded, java.util.Set<String> taken) {
        Map<String, AddressVmac> byBase = new java.util.LinkedHashMap<>();
        String prefix = i.options().vmacAddrPrefix().orElse(i.options().vmacPrefix());
        for (List<VirtualAddress> l : List.of(vips, excluded)) {
            for (int k = 0; k < l.size(); k++) {
                VirtualAddress v = l.get(k);
                boolean same = family.matches(v.address());
                boolean own = i.vmac().isPresent() ? v.device() != null : (v.device() != null && !v.device().equals(ifname)) || !same;
                if (!own) continue;
                String base = v.device() != null ? v.device() : ifname;
                AddressFamily f = AddressFamily.of(v.address());
                AddressVmac av = byBase.computeIfAbsent(base + "/" + f, key -> {
                    String name = Vmac.defaultName(prefix, i.virtualRouterId(), f, taken::contains);
                    taken.add(name);
                    String mac = i.vmac().flatMap(Vrrp.Vmac::mac).map(m -> i.vmac().get().macPlusVrid()
                            ? m.substring(0, 15) + String.format("%02x", i.virtualRouterId()) : m).orElseGet(() -> Vmac.virtualRouterMac(i.virtualRouterId(), f));
                    return new AddressVmac(new Vmac(name, mac, false), base, f);
                });
                l.set(k, new VirtualAddress(v.address(), v.prefixLength(), av.vmac().name(), v.label(), v.scope(), v.broadcast()));
            }
        }
        return List.copyOf(byBase.values());
    }

    /**
     * keepalived (vrrp_complete_instance): garp_extra_if acts only when an address is on a VMAC of its own
     * (use_vmac_addr), or, with 'all', on any other interface than the instance's VIP interface.
     */
    private static InstanceOptions withGarpExtraIf(InstanceOptions o, VrrpInstance i, List<AddressVmac> addressVmacs, List<VirtualAddress> vips,
                                                   List<VirtualAddress> excluded) {
        Vrrp.GarpExtraIf x = i.options().garpExtraIf().orElse(null);
        if (x == null || x.interval().isZero()) return o;
        java.util.Set<String> vmacNames = new java.util.HashSet<>();
        addressVmacs.forEach(v -> vmacNames.add(v.vmac().name()));
        boolean extraIf = false;
        for (List<VirtualAddress> l : List.of(vips, excluded))
            for (VirtualAddress v : l) if (v.device() != null && !vmacNames.contains(v.device())) extraIf = true;
        if (addressVmacs.isEmpty() && !(x.all() && extraIf)) return o;
        return new InstanceOptions(o.lowerPrioNoAdvert(), o.higherPrioSendAdvert(), o.unicastTtl(), o.peerTtls(), o.configFault(), o.downTimerAdverts(),
                o.skipCheckAdvAddr(), o.multicastGroup(), o.unicastChecksum(), o.dontTrackPrimary(), x.interval().toMillis(), x.all());
    }

    static VrrpInstanceSettings instance(KeepalivedConfig config, VrrpInstance i, InterfaceAddresses addresses, java.util.Set<String> vmacNames) {
        String ifname = i.interfaceName().or(() -> config.globalDefs().defaultInterface())
                .orElseThrow(() -> new IllegalArgumentException(i.name() + ": no interface"));
        AddressFamily family = i.isIpv6() ? AddressFamily.IPV6 : AddressFamily.IPV4;
        java.util.Optional<InetAddress> configured = i.unicastPeers().isEmpty() ? i.mcastSrcIp() : i.unicastSrcIp().or(i::mcastSrcIp);
        boolean dynamic = config.globalDefs().dynamicInterfaces().enabled();
        InetAddress source = configured.orElseGet(() -> addresses.apply(ifname, family));
        // dynamic_interfaces: no address yet (or no interface) is FAULT until one comes, not an error (keepalived)
        if (source == null && dynamic) source = family.unspecified();
        if (source == null) throw new IllegalArgumentException(i.name() + ": interface " + ifname + " has no " + family + " address to send from");
        int centis = (int) (i.advertInterval().toMillis() / 10);
        VrrpInstanceSettings.Builder b = VrrpInstanceSettings.builder(i.name(), i.virtualRouterId(), ifname, source)
                .version(i.isIpv6() ? 3 : i.version())
                .unicastPeers(i.unicastPeers().stream().map(Vrrp.UnicastPeer::address).toList())
                .priority(i.priority())
                .advertIntervalCentis(centis)
                .preempt(!i.nopreempt())
                .preemptDelayMillis(i.preemptDelay().toMillis())
                .initialState(i.initialState() == Vrrp.State.MASTER ? VrrpState.MASTER : VrrpState.BACKUP)
                .auth(auth(i.authentication()))
                .notifications(notify(i.notifyScripts(), fifo(config), priorityChanges(config, i)).withSmtpAlert(i.smtpAlert(), config.globalDefs().smtpAlert().noEmailFaults()))
                .garp(garp(i.garp(), config.globalDefs()))
                .checkUnicastSource(i.options().checkUnicastSrc())
                .sourceFromInterface(dynamic && configured.isEmpty())
                .options(options(config, i));
        i.vmac().ifPresent(v -> b.vmac(vmac(v, i.virtualRouterId(), family, i.options().vmacPrefix(), vmacNames)));
        List<VirtualAddress> vips = new ArrayList<>(), excluded = new ArrayList<>();
        i.virtualIps().forEach(v -> vips.add(onVmac(address(v), i, ifname, family)));
        i.excludedVirtualIps().forEach(v -> excluded.add(onVmac(address(v), i, ifname, family)));
        List<AddressVmac> addressVmacs = i.options().useVmacAddr() ? addressVmacs(i, ifname, family, vips, excluded, vmacNames) : List.of();
        addressVmacs.forEach(b::addressVmac);
        vips.forEach(b::vip);
        excluded.forEach(b::excludedVip);
        b.options(withGarpExtraIf(options(config, i), i, addressVmacs, vips, excluded));
        i.virtualRoutes().forEach(r -> b.route(route(r)));
        i.virtualRules().forEach(r -> b.rule(rule(r)));
        Vrrp.Tracking tracking = withGroupTracking(config, i);
        for (Vrrp.TrackRef t : tracking.interfaces()) {
            Vrrp.Weight w = t.weight().orElse(new Vrrp.Weight(0, false));
            b.trackInterface(new TrackedInterface(t.name(), w.value(), w.reverse()));
        }
        for (Vrrp.TrackRef t : tracking.scripts()) {
            VrrpScript s = config.vrrpScripts().get(t.name());
            if (s == null) continue; // a script keepalived drops (no script line): the reader already warned
            Vrrp.Weight w = t.weight().orElse(s.weight());
            int weight = w.reverse() ? -w.value() : w.value();
            b.trackScript(new TrackedScript(s.name(), CommandWords.split(s.script().command()), s.interval().toMillis(),
                    s.timeout().toMillis(), weight, s.rise(), s.fall(), s.initFail()));
        }
        for (Vrrp.TrackRef t : tracking.files()) {
            TrackFile f = config.trackFiles().get(t.name());
            if (f == null) continue;
            Vrrp.Weight w = t.weight().orElse(f.weight());
            b.trackFile(new TrackedFile(f.name(), f.file(), w.reverse() ? -w.value() : w.value()));
        }
        for (Vrrp.TrackRef t : tracking.processes()) {
            io.vigil.config.TrackProcess p = config.trackProcesses().get(t.name());
            if (p == null) continue;
            Vrrp.Weight w = t.weight().orElse(p.weight());
            b.trackProcess(new io.vigil.vrrp.TrackedProcess(p.name(), w.reverse() ? -w.value() : w.value(), w.reverse()));
        }
        for (Vrrp.TrackRef t : tracking.bfds()) {
            io.vigil.config.BfdInstance bfd = config.bfdInstances().get(t.name());
            if (bfd == null) continue;
            Vrrp.Weight w = t.weight().orElse(bfd.weight());
            b.trackBfd(new TrackedBfd(bfd.name(), w.value(), w.reverse()));
        }
        return b.build();
    }

    /** The vrrp_track_process definitions some instance (or its sync group) tracks. */
    public static List<io.vigil.vrrp.ProcessTrackSettings> trackedProcesses(KeepalivedConfig config) {
        java.util.Set<String> used = new java.util.HashSet<>();
        for (VrrpInstance i : config.vrrpInstances()) withGroupTracking(config, i).processes().forEach(r -> used.add(r.name()));
        List<io.vigil.vrrp.ProcessTrackSettings> out = new ArrayList<>();
        for (io.vigil.config.TrackProcess p : config.trackProcesses().values()) {
            if (!used.contains(p.name())) continue;
            out.add(new io.vigil.vrrp.ProcessTrackSettings(p.name(), p.path(), p.params(),
                    io.vigil.vrrp.ProcessTrackSettings.ParamMatch.valueOf(p.paramMatch().name()), p.fullCommand(), p.quorum(), p.quorumMax(),
                    p.terminateDelay().toMillis(), p.forkDelay().toMillis()));
        }
        return out;
    }

    /** keepalived applies a sync group's tracking to every member. */
    private static Vrrp.Tracking withGroupTracking(KeepalivedConfig config, VrrpInstance i) {
        Optional<VrrpSyncGroup> group = config.syncGroups().stream().filter(g -> g.members().contains(i.name())).findFirst();
        if (group.isEmpty()) return i.tracking();
        Vrrp.Tracking own = i.tracking(), g = group.get().tracking();
        return new Vrrp.Tracking(concat(own.interfaces(), g.interfaces()), concat(own.scripts(), g.scripts()), concat(own.files(), g.files()),
                concat(own.processes(), g.processes()),
                concat(own.bfds(), g.bfds()));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static AuthSettings auth(Optional<Vrrp.Authentication> auth) {
        return auth.map(a -> a.type() == Vrrp.AuthType.PASS ? AuthSettings.pass(a.password()) : AuthSettings.ah(a.password()))
                .orElse(AuthSettings.NONE);
    }

    private static String fifo(KeepalivedConfig config) {
        return config.globalDefs().notifyFifos().vrrpPath().orElse(null);
    }

    static NotifySettings notify(Vrrp.Notify n) {
        return notify(n, null);
    }

    static NotifySettings notify(Vrrp.Notify n, String fifoPath) {
        return notify(n, fifoPath, false);
    }

    static NotifySettings notify(Vrrp.Notify n, String fifoPath, boolean priorityChanges) {
        return new NotifySettings(argv(n.master()), argv(n.backup()), argv(n.fault()), argv(n.stop()), argv(n.any()), fifoPath,
                NotifySettings.NONE.timeoutMillis(), n.deleted().isPresent(),
                argv(n.deleted().filter(d -> !d.command().isEmpty())), priorityChanges).withMasterRxLowerPri(argv(n.masterRxLowerPri()));
    }

    /** notify_priority_changes: the instance's own, else its sync group's, else global vrrp_notify_priority_changes. */
    static boolean priorityChanges(KeepalivedConfig config, VrrpInstance i) {
        return i.notifyScripts().priorityChanges()
                .or(() -> config.syncGroups().stream().filter(g -> g.members().contains(i.name())).findFirst()
                        .flatMap(g -> g.notifyScripts().priorityChanges()))
                .orElse(config.globalDefs().notifyFifos().priorityChanges());
    }

    private static List<String> argv(Optional<Script> s) {
        return s.map(x -> CommandWords.split(x.command())).orElse(null);
    }

    static GarpSettings garp(Vrrp.Garp g, io.vigil.config.GlobalDefs global) {
        return new GarpSettings(g.masterRepeat(), g.masterDelay().toMillis(), g.masterRefresh().toMillis(), g.masterRefreshRepeat(),
                g.lowerPrioRepeat(), g.lowerPrioDelay().toMillis(), global.vrrpGarpInterval().toNanos() / 1000,
                global.vrrpGnaInterval().toNanos() / 1000);
    }

    /**
     * keepalived (vrrp_complete_instance): with use_vmac, an address of the instance's family whose {@code dev} is the
     * instance's own interface goes on the VMAC like one without {@code dev}; one of the other family without
     * {@code dev} goes on the interface itself (the VMAC of an IPv4 instance has no IPv6).
     */
    private static VirtualAddress onVmac(VirtualAddress v, VrrpInstance i, String ifname, AddressFamily family) {
        if (i.vmac().isEmpty()) return v;
        boolean same = family.matches(v.address());
        if (same && ifname.equals(v.device())) return new VirtualAddress(v.address(), v.prefixLength(), null, v.label(), v.scope(), v.broadcast());
        if (!same && v.device() == null) return new VirtualAddress(v.address(), v.prefixLength(), ifname, v.label(), v.scope(), v.broadcast());
        return v;
    }

    static VirtualAddress address(VirtualIp v) {
        return new VirtualAddress(v.address().address(), v.address().prefixLength(), v.device().orElse(null), v.label().orElse(null),
                v.scope().orElse(null), v.broadcast().orElse(null));
    }

    static VirtualRoute route(io.vigil.config.VirtualRoute r) {
        int table = r.table().map(Rtnl::tableByName).orElse(VirtualRoute.TABLE_MAIN);
        return new VirtualRoute(r.destination().prefixLength() == 0 ? null : r.destination().address(), r.destination().prefixLength(),
                r.via().orElse(null), r.device().orElse(null), r.source().orElse(null), table, r.metric().orElse(-1),
                r.scope().orElse(null), r.type().orElse("unicast"));
    }

    static VirtualRule rule(io.vigil.config.VirtualRule r) {
        int table = r.table().map(Rtnl::tableByName).orElse(VirtualRoute.TABLE_MAIN);
        long fwmark = -1, fwmask = -1;
        if (r.fwmark().isPresent()) {
            String[] parts = r.fwmark().get().split("/");
            fwmark = Long.decode(parts[0]);
            if (parts.length > 1) fwmask = Long.decode(parts[1]);
        }
        return new VirtualRule(r.from().map(p -> p.address()).orElse(null), r.from().map(p -> p.prefixLength()).orElse(0),
                r.to().map(p -> p.address()).orElse(null), r.to().map(p -> p.prefixLength()).orElse(0), table,
                r.preference().orElse(-1), fwmark, fwmask, r.inputInterface().orElse(null), r.outputInterface().orElse(null));
    }
}
