package io.vigil.daemon;

import io.vigil.config.KeepalivedConfig;
import io.vigil.netlink.IfAddress;
import io.vigil.netlink.Rtnl;
import io.vigil.sys.Rtnetlink;
import io.vigil.sys.Sysctl;
import io.vigil.vrrp.AddressFamily;
import io.vigil.vrrp.SyncGroupSettings;
import io.vigil.vrrp.VrrpInstanceSettings;
import io.vigil.vrrp.VrrpReloadPlan;
import io.vigil.vrrp.VrrpService;
import io.vigil.vrrp.VrrpState;
import io.vigil.vrrp.ThreadTuner;
import io.vigil.vrrp.kernel.KernelPorts;
import io.vigil.vrrp.kernel.KernelThreadTuner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The VRRP child: the VRRP runtime on the kernel's raw sockets, rtnetlink and AF_PACKET, from keepalived.conf. */
public final class VrrpSubsystem implements Subsystem {
    private static final Logger LOG = LoggerFactory.getLogger(VrrpSubsystem.class);

    private Context context;
    private volatile List<VrrpInstanceSettings> instances;
    private volatile List<SyncGroupSettings> groups;
    private volatile VrrpService service;
    private final AlertMail mail = new AlertMail();
    private io.vigil.vrrp.kernel.ProcessMonitor processes;
    private List<io.vigil.vrrp.ProcessTrackSettings> trackedProcesses = List.of();

    /**
     * An interface's primary IPv4 address, or its IPv6 link-local address: where adverts come from by default.
     * IPv4 asks rtnetlink, as keepalived does: the first address that is not secondary, in the kernel's order (oldest
     * primary first). {@link NetworkInterface} lists the newest first and hides the secondary flag, so a VIP left on the
     * interface by a killed VRRP child became the advert source, and peers holding that VIP dropped the adverts as
     * martians (a local source address).
     */
    static InetAddress interfaceAddress(String name, AddressFamily family) {
        if (family == AddressFamily.IPV4) {
            try (Rtnetlink rtnl = Rtnetlink.open()) {
                int index = rtnl.indexOf(name);
                if (index <= 0) return null;
                return rtnl.addresses(Rtnl.AF_INET, index).stream()
                        .filter(a -> (a.flags() & Rtnl.IFA_F_SECONDARY) == 0)
                        .map(IfAddress::address).findFirst().orElse(null);
            } catch (RuntimeException e) {
                LOG.warn("cannot read the addresses of {}: {}", name, e.toString());
                return null;
            }
        }
        try {
            NetworkInterface nif = NetworkInterface.getByName(name);
            if (nif == null) return null;
            for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
                InetAddress a = ia.getAddress();
                if (family == AddressFamily.IPV4 && a instanceof Inet4Address) return a;
                if (family == AddressFamily.IPV6 && a instanceof Inet6Address && a.isLinkLocalAddress()) {
                    return InetAddress.getByAddress(a.getAddress()); // without the %scope suffix
                }
            }
            return null;
        } catch (SocketException | java.net.UnknownHostException e) {
            return null;
        }
    }

    private void build(KeepalivedConfig config) {
        routerId = config.globalDefs().routerId().orElseGet(VrrpSubsystem::hostName);
        logUnknownVrids = config.globalDefs().logUnknownVrids();
        dynamicInterfaces = config.globalDefs().dynamicInterfaces();
        firewall.configure(config);
        startupDelayMillis = config.globalDefs().vrrpOptions().startupDelay().toMillis();
        promoteSecondaries = promoteSecondaries(config);
        setPolledLinks(config);
        disableLocalIgmp = config.globalDefs().vrrpOptions().disableLocalIgmp();
        maxAutoPriority = config.globalDefs().vrrpOptions().maxAutoPriority();
        minAutoPriorityDelayMicros = config.globalDefs().vrrpOptions().minAutoPriorityDelayMicros();
        rtPriority = config.globalDefs().vrrpScheduling().rtPriority().orElse(0);
        instances = VrrpConfigMapper.instances(config, VrrpSubsystem::interfaceAddress);
        groups = VrrpConfigMapper.syncGroups(config);
        var scheduling = config.globalDefs().vrrpScheduling();
        threadTuner = scheduling.nice().isEmpty() && scheduling.rtPriority().isEmpty() ? ThreadTuner.NONE
                : new KernelThreadTuner(scheduling.nice().orElse(null), scheduling.rtPriority().orElse(null));
    }

    private ThreadTuner threadTuner = ThreadTuner.NONE;
    private final java.util.Set<String> polledLinks = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, long[]> linkDelays = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, io.vigil.vrrp.kernel.GarpAnnouncer.GarpPace> garpGroups = new java.util.concurrent.ConcurrentHashMap<>();
    private StaticEntries.Entries statics = StaticEntries.Entries.NONE;
    /** Opened only when there are static entries. */
    private io.vigil.vrrp.kernel.RtnetlinkAddressManager staticManager;
    /** router_id, keepalived's default the host name: shown in the data dump as keepalived shows it. */
    private String routerId = "";
    private boolean logUnknownVrids;
    /** dynamic_interfaces: the service takes it when it starts. */
    private io.vigil.config.GlobalDefs.DynamicInterfaces dynamicInterfaces = io.vigil.config.GlobalDefs.DynamicInterfaces.off;
    /** no_accept: keepalived's nftables VIP firewall (made only when an instance needs it). */
    private final VipFirewall firewall = new VipFirewall(io.vigil.lb.nft.NftRunner.command(List.of()));
    /** use_vmac: the VMACs' IGMP/MLD reports leave from their base interfaces (keepalived's nftables rules for VMACs). */
    private final VmacReports vmacReports = new VmacReports(io.vigil.lb.nft.NftRunner.command(List.of()));
    private long startupDelayMillis;
    /** disable_local_igmp, as read at start (a reload does not change it, as keepalived). */
    private boolean disableLocalIgmp;
    /** max_auto_priority (0: off), min_auto_priority_delay, and vrrp_rt_priority the raises start from. */
    private int maxAutoPriority, minAutoPriorityDelayMicros, rtPriority;
    private final LocalIgmpReports localIgmp = new LocalIgmpReports();
    /** Interfaces of instances with promote_secondaries, and those whose sysctl Vigil turned on (put back at close). */
    private List<String> promoteSecondaries = List.of();
    private final List<String> promotedByUs = new java.util.ArrayList<>();
    private io.vigil.bfd.kernel.BfdService bfd;
    /** bfd_instances whose events go to the checker child too (BFD_CHECK), through the parent. */
    private volatile java.util.Set<String> checkerSessions = java.util.Set.of();

    private static java.util.Set<String> checkerSessions(KeepalivedConfig config) {
        return config.bfdInstances().values().stream().filter(io.vigil.config.BfdInstance::toChecker)
                .map(io.vigil.config.BfdInstance::name).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** A BFD session's event, on the BFD thread: to VRRP (track_bfd), and to the parent for the checkers (BFD_CHECK). */
    private void bfdChanged(String session, boolean up) {
        service.bfdChanged(session, up);
        if (checkerSessions.contains(session)) context.sink().bfdState(session, up);
    }

    /**
     * Every checker session's state to the parent, as keepalived's BFD process sends every state at its start and at a
     * reload: Down at start (so a BFD_CHECK server is out until its session is Up), the current one after a reload.
     */
    private void reportBfdStates() {
        if (bfd == null || checkerSessions.isEmpty()) return;
        bfd.eachState((session, up) -> {
            if (checkerSessions.contains(session)) context.sink().bfdState(session, up);
        });
    }

    /**
     * BFD runs in this process on its own platform thread (see docs/architecture.md, "BFD"): its events reach the VRRP
     * thread as {@code track_bfd} events. Started after the VRRP service, so no event is posted before it runs.
     */
    private void startBfd(KeepalivedConfig config) {
        checkerSessions = checkerSessions(config);
        bfd = BfdRunner.start(config, BfdConfigMapper.sessions(config), this::bfdChanged, config.globalDefs().tuning().vrrp().noSwap());
    }

    private static String hostName() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
    private VrrpReporter reporter;

    private VrrpService startService(Map<String, Long> resumeAsMaster) throws java.io.IOException {
        VrrpService s = new VrrpService(instances, groups, KernelPorts.open(threadTuner, polledLinks, linkDelays, garpGroups));
        s.threadTuner(threadTuner);
        s.logUnknownVrids(logUnknownVrids);
        s.dynamicInterfaces(dynamicInterfaces.enabled());
        s.startupDelayMillis(startupDelayMillis);
        if (maxAutoPriority > 0)
            s.autoPriority(new io.vigil.vrrp.AutoPriority(maxAutoPriority, minAutoPriorityDelayMicros * 1000L,
                    rtPriority, io.vigil.vrrp.kernel.KernelThreadTuner::raiseCurrentThread));
        setPromoteSecondaries();
        if (disableLocalIgmp) localIgmp.disable();
        s.addListener(t -> context.sink().instanceState(t.instance(), t.to().name()));
        s.addListener(firewall::transitioned);
        s.alerts(m -> mail.alert(m.subjectTail(), m.body()));
        reporter = new VrrpReporter(s, context.sink(), () -> instances, () -> groups);
        s.addAdvertListener(instance -> context.sink().advertSent(instance, System.currentTimeMillis()));
        s.resumeAsMaster(resumeAsMaster);
        vmacReports.apply(instances); // before the sockets join their groups on the VMACs
        s.start(false);
        return s;
    }

    /**
     * The instances that were MASTER when the previous VRRP process died, with how long ago that process last sent an
     * advert for each: the runtime lets them take the role straight back only while no backup can have taken over
     * ({@link io.vigil.vrrp.ResumeWindow}). One without a known advert starts as on a cold start.
     */
    static Map<String, Long> resumable(Context context, List<VrrpInstanceSettings> instances, long nowEpochMillis) {
        Map<String, Long> out = new TreeMap<>();
        for (VrrpInstanceSettings s : instances) {
            if (!"MASTER".equals(context.resumedStates().get(s.name()))) continue;
            Long last = context.lastAdvertEpochMillis().get(s.name());
            if (last == null) {
                LOG.info("({}) the previous VRRP process died as MASTER but sent no advert the watchdog knows of: starting as on a cold start", s.name());
                continue;
            }
            out.put(s.name(), Math.max(0, nowEpochMillis - last));
        }
        return out;
    }

    private Process fifoReader;

    /**
     * notify_fifo / vrrp_notify_fifo as keepalived: the FIFO is created (mode 0644, owned by its user) when missing, and the reader script,
     * if one is configured, started with the FIFO's path as its argument; it is stopped with the VRRP process.
     */
    private void startNotifyFifo(KeepalivedConfig config) {
        var fifos = config.globalDefs().notifyFifos();
        java.util.Optional<String> path = fifos.vrrpPath();
        if (path.isEmpty()) return;
        fifos.vrrpFifo().or(fifos::fifo).ifPresent(NotifyFifoFiles::create);
        fifos.vrrpReader().ifPresent(script -> fifoReader = NotifyFifoFiles.startReader(script, path.get()));
    }

    @Override
    public void start(Context context) throws Exception {
        this.context = context;
        KeepalivedConfig config = CheckerSubsystem.load(context.configFile(), context.configId(), context.compat());
        UmaskSetting.apply(config);
        config.globalDefs().processNames().vrrp().ifPresent(ConfigValidation::name);
        TrackFileInit.apply(config, false);
        build(config);
        ProcessTuningSetting.apply("vrrp", config.globalDefs().tuning().vrrp());
        mail.configure(config.globalDefs());
        startNotifyFifo(config);
        statics = StaticEntries.of(config);
        if (!statics.isEmpty()) {
            staticManager = new io.vigil.vrrp.kernel.RtnetlinkAddressManager();
            StaticEntries.start(staticManager, statics);
        }
        service = startService(resumable(context, instances, System.currentTimeMillis()));
        trackProcesses(VrrpConfigMapper.trackedProcesses(config));
        startBfd(config);
        reportBfdStates();
        LOG.info("VRRP started: {} instance(s)", instances.size());
    }

    /**
     * Applies only the difference (issue #6): unchanged instances keep running untouched, see {@link VrrpReloadPlan}.
     * If the new settings cannot be applied, the running ones stay (and this throws).
     */
    @Override
    public synchronized String reload() throws Exception {
        KeepalivedConfig next = CheckerSubsystem.load(context.configFile(), context.configId(), context.compat());
        TrackFileInit.apply(next, true);
        List<VrrpInstanceSettings> nextInstances = VrrpConfigMapper.instances(next, VrrpSubsystem::interfaceAddress);
        List<SyncGroupSettings> nextGroups = VrrpConfigMapper.syncGroups(next);
        mail.configure(next.globalDefs());
        firewall.configure(next);
        promoteSecondaries = promoteSecondaries(next);
        setPromoteSecondaries();
        setPolledLinks(next);
        if (next.globalDefs().vrrpOptions().disableLocalIgmp() != disableLocalIgmp)
            LOG.info("Cannot change disable_local_igmp at a reload - please restart Vigil");
        List<VrrpInstanceSettings> both = new java.util.ArrayList<>(instances);
        both.addAll(nextInstances);
        vmacReports.apply(both); // the new VMACs covered before they join; the old ones until they are gone
        VrrpReloadPlan plan = service.reload(nextInstances, nextGroups);
        vmacReports.apply(nextInstances);
        if (next.globalDefs().notifyFifos().writeStatesOnReload()) service.writeStatesToFifo();
        trackProcesses(VrrpConfigMapper.trackedProcesses(next));
        StaticEntries.Entries nextStatics = StaticEntries.of(next);
        if (staticManager == null && !nextStatics.isEmpty()) staticManager = new io.vigil.vrrp.kernel.RtnetlinkAddressManager();
        if (staticManager != null) StaticEntries.change(staticManager, statics, nextStatics);
        statics = nextStatics;
        checkerSessions = checkerSessions(next);
        if (bfd != null) bfd.reload(BfdConfigMapper.sessions(next));
        else startBfd(next);
        reportBfdStates();
        instances = nextInstances;
        groups = nextGroups;
        return plan.unchanged() ? "VRRP unchanged (" + plan.summary() + ")" : "VRRP reloaded: " + plan.summary();
    }

    @Override
    public String status() {
        StringBuilder out = new StringBuilder("VRRP instances:\n");
        Map<String, VrrpState> states = new TreeMap<>(service.states());
        states.forEach((name, state) -> out.append(String.format("  %-16s %-7s priority %d%n", name, state, service.effectivePriority(name))));
        if (bfd != null) {
            out.append("BFD sessions:\n");
            for (var s : bfd.status())
                out.append(String.format("  %-16s %-9s remote %-9s detection %d ms%n", s.name(), s.state(), s.remoteState(), s.detectionTimeMicros() / 1000));
        }
        return out.toString();
    }

    @Override
    public String dump(boolean stats) {
        StringBuilder out = new StringBuilder("------< Global definitions >------\n")
                .append(" Router ID = ").append(routerId).append('\n')
                .append("------< VRRP Topology >------\n");
        for (VrrpInstanceSettings s : instances) {
            out.append(" VRRP Instance = ").append(s.name()).append('\n')
                    .append("   State = ").append(service.state(s.name())).append('\n')
                    .append("   Interface = ").append(s.interfaceName()).append('\n')
                    .append("   Virtual Router ID = ").append(s.vrid()).append('\n')
                    .append("   Priority = ").append(s.priority()).append(", effective ").append(service.effectivePriority(s.name())).append('\n')
                    .append("   Advert interval = ").append(s.advertIntervalCentis() * 10).append(" ms\n")
                    .append("   Virtual IP = ").append(s.advertisedAddresses()).append('\n');
            if (stats) out.append("   Dropped adverts = ").append(service.drops(s.name())).append('\n');
        }
        // Datagrams no instance claimed: a foreign VRID (keepalived ignores them silently), or too short to have one.
        if (stats) out.append(" Dropped adverts for no instance = ").append(service.unroutedDrops()).append('\n');
        return out.toString();
    }

    /**
     * vrrp_track_process: a monitor of the tracked processes feeding the service (restarted when a reload changes
     * them; its first scan reports every quorum again, which the instances take as a no-op where nothing changed).
     */
    private void trackProcesses(List<io.vigil.vrrp.ProcessTrackSettings> wanted) {
        if (wanted.equals(trackedProcesses) && (processes != null || wanted.isEmpty())) return;
        if (processes != null) processes.close();
        processes = null;
        trackedProcesses = wanted;
        if (wanted.isEmpty()) return;
        VrrpService s = service;
        processes = new io.vigil.vrrp.kernel.ProcessMonitor(wanted, s::processState, java.nio.file.Path.of("/proc"), 1000);
        processes.start(true);
    }

    /** linkbeat_use_polling (top level or per instance) and linkbeat_interfaces: the interfaces whose link state is polled. */
    private static java.util.Set<String> polledLinks(KeepalivedConfig config) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>(config.globalDefs().vrrpOptions().linkbeatInterfaces());
        for (var i : config.vrrpInstances()) if (i.options().linkbeatUsePolling()) i.interfaceName().ifPresent(out::add);
        return out;
    }

    /** Made to hold exactly {@code now}'s interfaces (the polling thread reads it live), and the same for the link delays. */
    private void setPolledLinks(KeepalivedConfig config) {
        java.util.Set<String> now = polledLinks(config);
        polledLinks.retainAll(now);
        polledLinks.addAll(now);
        Map<String, long[]> delays = linkDelays(config);
        linkDelays.keySet().retainAll(delays.keySet());
        linkDelays.putAll(delays);
        Map<String, io.vigil.vrrp.kernel.GarpAnnouncer.GarpPace> paces = garpGroups(config);
        garpGroups.keySet().retainAll(paces.keySet());
        garpGroups.putAll(paces);
    }

    /** garp_group: each interface in a group to the group's pace (the group's number, as keepalived numbers them, is its key). */
    static Map<String, io.vigil.vrrp.kernel.GarpAnnouncer.GarpPace> garpGroups(KeepalivedConfig config) {
        Map<String, io.vigil.vrrp.kernel.GarpAnnouncer.GarpPace> out = new java.util.LinkedHashMap<>();
        int n = 0;
        for (var g : config.globalDefs().vrrpOptions().garpGroups()) {
            var pace = new io.vigil.vrrp.kernel.GarpAnnouncer.GarpPace("garp_group " + ++n,
                    g.garpInterval().map(java.time.Duration::toNanos).orElse(0L), g.gnaInterval().map(java.time.Duration::toNanos).orElse(0L));
            for (String ifname : g.interfaces()) out.put(ifname, pace);
        }
        return out;
    }

    /**
     * interface_up_down_delays in nanoseconds {down, up}, each cut as keepalived cuts it for every instance on the
     * interface (not for down_timer_adverts 1): below (down_timer_adverts - 1) x advert_int, at that less advert_int/256.
     */
    static Map<String, long[]> linkDelays(KeepalivedConfig config) {
        Map<String, long[]> out = new java.util.LinkedHashMap<>();
        for (var d : config.globalDefs().vrrpOptions().upDownDelays()) {
            long down = d.down().toNanos(), up = d.up().toNanos();
            for (var i : config.vrrpInstances()) {
                if (!i.interfaceName().equals(java.util.Optional.of(d.interfaceName())) || i.options().downTimerAdverts() == 1) continue;
                long advert = i.advertInterval().toNanos(), limit = (i.options().downTimerAdverts() - 1) * advert;
                if (down >= limit) down = limit - advert / 256;
                if (up >= limit) up = limit - advert / 256;
            }
            if (down != d.down().toNanos() || up != d.up().toNanos())
                LOG.info("interface_up_down_delays of {} cut to {} us down, {} us up: an instance on it would otherwise time out first",
                        d.interfaceName(), down / 1000, up / 1000);
            out.put(d.interfaceName(), new long[] {down, up});
        }
        return out;
    }

    private static List<String> promoteSecondaries(KeepalivedConfig config) {
        return config.vrrpInstances().stream().filter(i -> i.options().promoteSecondaries())
                .map(i -> i.interfaceName().orElse("")).filter(n -> !n.isEmpty()).distinct().toList();
    }

    /** keepalived's promote_secondaries: turned on where it is off, and only those are turned off again at stop. */
    private void setPromoteSecondaries() {
        for (String ifname : promoteSecondaries) {
            String key = "net/ipv4/conf/" + ifname + "/promote_secondaries";
            try {
                if (!promotedByUs.contains(ifname) && Sysctl.read(key).equals("0")) {
                    Sysctl.write(key, "1");
                    promotedByUs.add(ifname);
                }
            } catch (java.io.UncheckedIOException e) {
                LOG.warn("promote_secondaries on {}: {}", ifname, e.getCause() != null ? e.getCause().toString() : e.toString());
            }
        }
    }

    private void resetPromoteSecondaries() {
        for (String ifname : promotedByUs) {
            try {
                Sysctl.write("net/ipv4/conf/" + ifname + "/promote_secondaries", "0");
            } catch (java.io.UncheckedIOException e) {
                LOG.warn("promote_secondaries on {} not reset: {}", ifname, e.toString());
            }
        }
        promotedByUs.clear();
    }

    /** Not synchronized: it must not wait behind a reload or a status call holding this object. */
    @Override
    public void beginStop() {
        VrrpService s = service;
        if (s != null) s.beginShutdown();
    }

    @Override
    public synchronized void close() {
        if (processes != null) processes.close();
        if (bfd != null) bfd.close();
        if (service != null) service.close();
        vmacReports.close(); // after the service: its VMACs' leave reports are redirected too
        firewall.close(); // after the service: its leaving-MASTER deletions are queued first
        resetPromoteSecondaries();
        localIgmp.restore();
        mail.close(); // after the service: its Stopping alerts are queued by then
        if (reporter != null) reporter.close(); // after the service: its STOP transitions are enqueued first
        if (staticManager != null) {
            StaticEntries.remove(staticManager, statics);
            staticManager.close();
        }
        if (fifoReader != null) { // after the service: the STOP lines are written first
            fifoReader.destroy();
            try {
                if (!fifoReader.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) fifoReader.destroyForcibly();
            } catch (InterruptedException e) {
                fifoReader.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
