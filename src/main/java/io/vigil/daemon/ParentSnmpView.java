package io.vigil.daemon;

import io.vigil.config.GlobalDefs;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.RealServer;
import io.vigil.config.Script;
import io.vigil.config.VirtualIp;
import io.vigil.config.VirtualServer;
import io.vigil.config.Vrrp;
import io.vigil.config.VrrpInstance;
import io.vigil.config.VrrpSyncGroup;
import io.vigil.net.IpLiteral;
import io.vigil.observe.ClusterPicture;
import io.vigil.observe.ObsEvent;
import io.vigil.snmp.SnmpView;
import io.vigil.snmp.SnmpView.Forwarding;
import io.vigil.snmp.SnmpView.Global;
import io.vigil.snmp.SnmpView.Instance;
import io.vigil.snmp.SnmpView.Protocol;
import io.vigil.snmp.SnmpView.ServiceType;
import io.vigil.snmp.SnmpView.Snapshot;
import io.vigil.snmp.SnmpView.State;
import io.vigil.snmp.SnmpView.SyncGroup;
import io.vigil.snmp.SnmpView.VirtualAddress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The SNMP view as the parent knows it: the configuration it validated, the VRRP states the VRRP child reports (STATE
 * lines: each one is a notification, so none may be coalesced away), the interfaces of its own namespace, and for the
 * rest the parent's {@link ClusterPicture}: effective priorities and the master's address (the VRRP child's events and
 * counters), real-server health, weights and quorum (the checker child's).
 */
final class ParentSnmpView {
    private final LongSupplier nowCentis;
    private KeepalivedConfig config;
    private final Map<String, State> states = new HashMap<>();
    private final Map<String, Long> masterTransitions = new HashMap<>();
    private final Map<String, Long> lastChangeCentis = new HashMap<>();
    /** A sync group follows the member that changed last, as keepalived's groups move together. */
    private final Map<String, State> groupStates = new HashMap<>();
    private final Supplier<ClusterPicture.Snapshot> picture;
    private ClusterPicture.Snapshot seen;
    private Snapshot cached;
    private long cachedAtCentis;

    /** @param nowCentis centiseconds since the agent started (TimeTicks) */
    ParentSnmpView(KeepalivedConfig config, Supplier<ClusterPicture.Snapshot> picture, LongSupplier nowCentis) {
        this.config = config;
        this.picture = picture;
        this.nowCentis = nowCentis;
    }

    synchronized void instanceState(String instance, String state) {
        State s = State.parse(state);
        State was = states.put(instance, s);
        if (was == s) return;
        if (s == State.MASTER) masterTransitions.merge(instance, 1L, Long::sum);
        lastChangeCentis.put(instance, nowCentis.getAsLong());
        // at shutdown keepalived stops every instance, then the groups: a group's STOP comes once all instances stopped;
        // a group whose members were all removed by a reload is DELETED with the last of them
        config.instance(instance).flatMap(VrrpInstance::syncGroup).ifPresent(g -> {
            boolean ready = switch (s) {
                case STOP -> config.vrrpInstances().stream().allMatch(i -> states.get(i.name()) == State.STOP);
                case DELETED -> config.syncGroups().stream().filter(sg -> sg.name().equals(g)).flatMap(sg -> sg.members().stream())
                        .allMatch(m -> states.get(m) == State.DELETED);
                default -> true;
            };
            if (ready) groupStates.put(g, s);
        });
        if (s == State.STOP && config.vrrpInstances().stream().allMatch(i -> states.get(i.name()) == State.STOP)) {
            config.syncGroups().forEach(sg -> groupStates.put(sg.name(), State.STOP));
        }
        cached = null;
    }

    /** The picture changed: the next snapshot reads it again. */
    synchronized void pictureChanged() {
        cached = null;
    }

    synchronized void configure(KeepalivedConfig next) {
        config = next;
        cached = null;
    }

    /** Rebuilt after every event, and every 5 s for the interfaces (index, MAC, addresses may change). */
    SnmpView view() {
        return this::snapshot;
    }

    synchronized Snapshot snapshot() {
        long now = nowCentis.getAsLong();
        if (cached == null || now - cachedAtCentis > 500) {
            cached = build();
            cachedAtCentis = now;
        }
        return cached;
    }

    private Snapshot build() {
        seen = picture.get();
        GlobalDefs g = config.globalDefs();
        Global global = new Global(Main.VERSION, g.routerId().orElseGet(ParentSnmpView::hostName), g.snmp().traps(), g.dynamicInterfaces().enabled(), g.vrrpOptions().linkbeatUsePolling());
        List<Instance> instances = config.vrrpInstances().stream().map(this::instance).toList();
        List<SyncGroup> groups = config.syncGroups().stream().map(this::group).toList();
        List<SnmpView.VirtualServer> services = config.virtualServers().stream().map(this::virtualServer).toList();
        return new Snapshot(global, instances, groups, services);
    }

    private Instance instance(VrrpInstance in) {
        GlobalDefs g = config.globalDefs();
        String ifName = in.interfaceName().or(g::defaultInterface).orElse("");
        Optional<NetworkInterface> nif = nic(ifName);
        List<VirtualAddress> addresses = new ArrayList<>();
        for (VirtualIp v : in.virtualIps()) addresses.add(address(v, ifName, true));
        for (VirtualIp v : in.excludedVirtualIps()) addresses.add(address(v, ifName, false));
        boolean v6 = in.isIpv6();
        int authType = in.authentication().map(a -> a.type() == Vrrp.AuthType.PASS ? 1 : 2).orElse(0);
        Vrrp.Notify n = in.notifyScripts();
        boolean notifyExec = n.master().isPresent() || n.backup().isPresent() || n.fault().isPresent() || n.stop().isPresent()
                || n.any().isPresent() || n.deleted().filter(s -> !s.command().isEmpty()).isPresent();
        State state = states.getOrDefault(in.name(), State.INIT);
        ClusterPicture.InstanceView seenHere = seen.instances().stream().filter(i -> i.name().equals(in.name())).findFirst().orElse(null);
        return new Instance(in.name(), in.virtualRouterId(), v6 ? 3 : in.version(), v6, state,
                in.initialState() == Vrrp.State.MASTER ? State.MASTER : State.BACKUP, in.priority(), effectivePriority(seenHere, in.priority()), ifName,
                nif.map(NetworkInterface::getIndex).orElse(0), nif.map(ParentSnmpView::mac).orElse(new byte[0]),
                nif.flatMap(i -> primary(i, v6, virtualAddresses())), (int) (in.advertInterval().toMillis() / 10), !in.nopreempt(),
                (int) in.preemptDelay().toSeconds(), authType, in.syncGroup(), (int) in.garp().masterDelay().toSeconds(),
                // accept mode as resolved from accept/no_accept/strict mode (off: the nftables VIP firewall drops VIP traffic)
                in.smtpAlert(), notifyExec, !in.tracking().interfaces().isEmpty(), in.accept(),
                n.deleted().isPresent(),
                v6 ? g.vrrpMcastGroup6() : g.vrrpMcastGroup4(),
                g.lvsSyncDaemon().filter(d -> d.vrrpInstance().equals(in.name())).isPresent(), addresses,
                masterTransitions.getOrDefault(in.name(), 0L), lastChangeCentis.getOrDefault(in.name(), 0L),
                state == State.MASTER ? Optional.empty() : masterAddress(seenHere));
    }

    /** The newest the VRRP child said: its counters, a transition or a priority change; the base priority before any. */
    static int effectivePriority(ClusterPicture.InstanceView seen, int base) {
        if (seen == null) return base;
        long at = Long.MIN_VALUE;
        int priority = base;
        if (seen.counters() != null) {
            at = seen.counters().atMillis();
            priority = seen.counters().effectivePriority();
        }
        for (ObsEvent e : seen.history()) {
            if (e instanceof ObsEvent.PriorityChange p && p.atMillis() >= at) {
                at = p.atMillis();
                priority = p.to();
            } else if (e instanceof ObsEvent.VrrpTransition t && t.atMillis() >= at) {
                at = t.atMillis();
                priority = t.priority();
            }
        }
        return priority;
    }

    /** Where the master's adverts come from, as the VRRP child last counted them while BACKUP. */
    private static Optional<InetAddress> masterAddress(ClusterPicture.InstanceView seen) {
        if (seen == null || seen.counters() == null || !seen.counters().state().equals("BACKUP")) return Optional.empty();
        String a = seen.counters().masterAddress();
        return a == null ? Optional.empty() : Optional.ofNullable(IpLiteral.parseOrNull(a));
    }

    private static VirtualAddress address(VirtualIp v, String instanceIf, boolean advertised) {
        String ifName = v.device().orElse(instanceIf);
        return new VirtualAddress(v.address().address(), v.address().prefixLength(), ifName, nic(ifName).map(NetworkInterface::getIndex).orElse(0), advertised);
    }

    private SyncGroup group(VrrpSyncGroup sg) {
        return new SyncGroup(sg.name(), groupStates.getOrDefault(sg.name(), State.INIT), sg.members(), sg.smtpAlert(),
                sg.notifyScripts().any().isPresent() || sg.notifyScripts().master().isPresent() || sg.notifyScripts().backup().isPresent()
                        || sg.notifyScripts().fault().isPresent() || sg.notifyScripts().stop().isPresent(), false);
    }

    private SnmpView.VirtualServer virtualServer(VirtualServer vs) {
        ServiceType type = switch (vs.address()) {
            case VirtualServer.IpPort ip -> ServiceType.IP;
            case VirtualServer.Fwmark fw -> ServiceType.FWMARK;
            case VirtualServer.Group gr -> ServiceType.GROUP;
        };
        Optional<InetAddress> address = vs.address() instanceof VirtualServer.IpPort ip ? Optional.of(ip.ip()) : Optional.empty();
        int port = vs.address() instanceof VirtualServer.IpPort ip ? ip.port().orElse(0) : 0;
        List<SnmpView.RealServer> reals = new ArrayList<>();
        String vsKey = CheckerConfigMapper.key(vs).toString();
        for (RealServer rs : vs.realServers()) {
            String rsKey = CheckerConfigMapper.key(vs, rs).toString();
            ClusterPicture.RealServerView h = seen.realServers().stream()
                    .filter(r -> r.virtualServer().equals(vsKey) && r.realServer().equals(rsKey)).findFirst().orElse(null);
            // before the first verdict keepalived counts a server alive unless alpha makes it start down
            String health = h == null ? "unknown" : h.health();
            boolean alive = health.equals("unknown") ? !vs.alpha() : health.equals("up");
            int weight = h != null && h.counters() != null ? h.counters().weight() : rs.weight();
            reals.add(new SnmpView.RealServer(rs.address(), CheckerConfigMapper.realServerPort(vs, rs), false, alive,
                    weight, rs.upperThreshold().orElse(0), rs.lowerThreshold().orElse(0), rs.inhibitOnFailure(),
                    rs.notifyUp().map(Script::command), rs.notifyDown().map(Script::command), forwarding(rs.method()), rs.snmpName()));
        }
        boolean quorumMet = seen.virtualServices().stream().filter(v -> v.virtualServer().equals(vsKey)).findFirst()
                .map(ObsEvent.VirtualServiceCounters::quorumUp).orElse(true);
        vs.sorryServer().ifPresent(s -> reals.add(new SnmpView.RealServer(s.ip(), s.port().orElse(port), true, !quorumMet, 1, 0, 0,
                s.inhibit(), Optional.empty(), Optional.empty(), forwarding(s.method().orElse(vs.method())), Optional.empty())));
        return new SnmpView.VirtualServer(type, vs.address() instanceof VirtualServer.Group gr ? Optional.of(gr.name()) : Optional.empty(),
                vs.address() instanceof VirtualServer.Fwmark fw ? fw.mark() : 0, address, port, Protocol.valueOf(vs.protocol().name()),
                vs.scheduler().name(), forwarding(vs.method()), vs.virtualhost(), vs.persistenceTimeout().map(d -> d.toSeconds()).orElse(0L),
                (int) vs.delayLoop().toSeconds(), vs.haSuspend(), vs.alpha(), vs.omega(), vs.quorum(), quorumMet, vs.hysteresis(),
                vs.quorumUp().map(Script::command), vs.quorumDown().map(Script::command), vs.inhibitOnFailure(), vs.onePacket(),
                vs.snmpName(), reals);
    }

    private static Forwarding forwarding(VirtualServer.Method m) {
        return Forwarding.valueOf(m.name());
    }

    private static Optional<NetworkInterface> nic(String name) {
        if (name.isEmpty()) return Optional.empty();
        try {
            return Optional.ofNullable(NetworkInterface.getByName(name));
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    private static byte[] mac(NetworkInterface nif) {
        try {
            byte[] m = nif.getHardwareAddress();
            return m == null ? new byte[0] : m;
        } catch (SocketException e) {
            return new byte[0];
        }
    }

    private java.util.Set<InetAddress> virtualAddresses() {
        java.util.Set<InetAddress> out = new java.util.HashSet<>();
        for (VrrpInstance in : config.vrrpInstances()) {
            in.virtualIps().forEach(v -> out.add(v.address().address()));
            in.excludedVirtualIps().forEach(v -> out.add(v.address().address()));
        }
        return out;
    }

    /**
     * The interface's own address of the family (not a VIP), the lowest one as the kernel's primary usually is; for
     * IPv6 the link-local address, which adverts are sent from.
     */
    private static Optional<InetAddress> primary(NetworkInterface nif, boolean v6, java.util.Set<InetAddress> vips) {
        InetAddress linkLocal = null;
        InetAddress lowest = null;
        for (InterfaceAddress a : nif.getInterfaceAddresses()) {
            InetAddress ip = a.getAddress();
            if (!v6 && ip instanceof Inet4Address && !vips.contains(ip)
                    && (lowest == null || java.util.Arrays.compareUnsigned(ip.getAddress(), lowest.getAddress()) < 0)) lowest = ip;
            if (v6 && ip instanceof Inet6Address) {
                if (ip.isLinkLocalAddress()) linkLocal = ip;
            }
        }
        return Optional.ofNullable(v6 ? linkLocal : lowest);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
