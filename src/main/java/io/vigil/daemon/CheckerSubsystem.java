package io.vigil.daemon;

import io.vigil.check.CheckerService;
import io.vigil.check.DesiredPool;
import io.vigil.check.PoolListener;
import io.vigil.check.VirtualServerKey;
import io.vigil.config.ConfigLoader;
import io.vigil.config.Diagnostic;
import io.vigil.config.GlobalDefs;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.LoadOptions;
import io.vigil.config.LoadResult;
import io.vigil.lb.DataPlane;
import io.vigil.lb.DataPlaneKind;
import io.vigil.lb.DataPlaneException;
import io.vigil.lb.DesiredState;
import io.vigil.lb.Plan;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.StatusFormatter;
import io.vigil.lb.VirtualService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The checker child: health checks of every real server (on every node, whatever its VRRP state) feeding the
 * data plane, which is brought to the desired state as a diff each time a pool changes.
 */
public final class CheckerSubsystem implements Subsystem {
    private static final Logger LOG = LoggerFactory.getLogger(CheckerSubsystem.class);

    private Context context;
    private volatile KeepalivedConfig config;
    private DataPlane dataPlane;
    /** What the data plane was last brought to without error (null: unknown, reconcile everything next time). */
    private DesiredState lastApplied;
    private volatile CheckerService checkers;
    private volatile CheckerReporter reporter;
    /** lvs_sync_daemon: follows the VRRP states the parent relays. */
    private volatile SyncDaemonControl syncDaemons;
    private final Map<VirtualServerKey, DesiredPool> pools = new ConcurrentHashMap<>();
    /** vigil_announce: host routes while pools have quorum (null while no virtual server announces). */
    private volatile io.vigil.lb.announce.RouteAnnouncer announcer;
    /** The latest state of each VRRP instance (relayed by the parent), for an announcer created by a reload. */
    private final Map<String, String> vrrpStates = new ConcurrentHashMap<>();
    /** The latest state of each BFD session (relayed by the parent), likewise (vigil_announce bfd_instance). */
    private final Map<String, Boolean> bfdStates = new ConcurrentHashMap<>();
    private final AlertMail mail = new AlertMail();
    /** ha_suspend: the host's addresses, watched while a virtual server has it. */
    private final HaSuspendWatch haSuspend = new HaSuspendWatch();
    /** With -C only (no VRRP child): the BFD sessions the checks and announcements follow, run here. */
    private io.vigil.bfd.kernel.BfdService bfd;

    /** Where IPVS ownership is recorded, so a restarted checker child adopts what it made and nothing else. */
    static final Path IPVS_OWNERSHIP = Path.of(System.getProperty("vigil.ipvs.ownership", "/run/vigil/ipvs-owned"));
    /** The configuration a child read before starting its subsystem, handed to the subsystem's first load (read once). */
    private static volatile Loaded preloaded;

    private record Loaded(Path file, String configId, boolean compat, KeepalivedConfig config) { }

    /** Reads the configuration once for the child's start: the subsystem's first {@link #load} gets this one. */
    static KeepalivedConfig preload(Path file, String configId, boolean compat) {
        KeepalivedConfig c = read(file, configId, compat);
        preloaded = new Loaded(file, configId, compat, c);
        return c;
    }

    static KeepalivedConfig load(Path file, String configId, boolean compat) {
        Loaded p = preloaded;
        preloaded = null;
        KeepalivedConfig c = p != null && p.file().equals(file) && java.util.Objects.equals(p.configId(), configId) && p.compat() == compat
                ? p.config() : read(file, configId, compat);
        ScriptPolicySetting.apply(c);
        ConfigSave.configure(c.globalDefs().reloadSchedule().configSaveDir());
        return c;
    }

    private static KeepalivedConfig read(Path file, String configId, boolean compat) {
        LoadResult result = ConfigLoader.load(file, new LoadOptions(configId, compat));
        return result.config().orElseThrow(() -> new IllegalStateException("configuration " + file + " has errors: "
                + result.diagnostics().stream().filter(Diagnostic::isError).findFirst().map(Object::toString).orElse("?")));
    }

    /** {@code vigil_data_plane} ({@code auto}: the best this host offers) opened by {@link io.vigil.lb.DataPlanes}. */
    private static DataPlane openDataPlane(GlobalDefs.DataPlaneKind configured, DesiredState initial, java.util.function.Supplier<DataPlane> proxy,
                                           Optional<String> ipvsNamespace) {
        Optional<DataPlaneKind> explicit = configured == GlobalDefs.DataPlaneKind.auto ? Optional.empty()
                : Optional.of(DataPlaneKind.parse(configured.name()));
        return io.vigil.lb.DataPlanes.open(explicit, initial, IPVS_OWNERSHIP, proxy, ipvsNamespace);
    }

    @Override
    public void start(Context context) {
        this.context = context;
        config = load(context.configFile(), context.configId(), context.compat());
        UmaskSetting.apply(config);
        config.globalDefs().processNames().checker().ifPresent(ConfigValidation::name);
        TrackFileInit.apply(config, false); // FILE_CHECK reads track files too
        ProcessTuningSetting.apply("checker", config.globalDefs().tuning().checker());
        // The data plane is chosen against the full configuration (every server in), before any check has run.
        DesiredState everything = LbStateMapper.desired(config, CheckerConfigMapper.initialPools(config));
        // Under the watchdog the proxy runs in its own child (the parent relays); in process it runs here.
        boolean supervised = System.getProperty("vigil.process") != null;
        DataPlane plane = openDataPlane(config.globalDefs().dataPlane(), everything, supervised
                ? () -> new ForwardedDataPlane(text -> context.sink().desiredState(text))
                : () -> new io.vigil.lb.proxy.ProxyDataPlane(ProxySubsystem.settings(config.globalDefs().proxyEngine()), ProxySubsystem::exitOnWorkerDeath),
                config.globalDefs().placement().ipvsNamespacePath());
        if (config.globalDefs().lvsFlush().atStart()) flush(plane, "lvs_flush");
        setTimeouts(plane, config);
        synchronized (this) {
            dataPlane = plane;
        }
        SyncDaemonControl syncd = SyncDaemonControl.forPlane(plane, context.resumedStates());
        syncd.configure(config);
        syncDaemons = syncd;
        mail.configure(config.globalDefs());
        openFifos(config);
        vrrpStates.putAll(context.resumedStates());
        bfdStates.putAll(context.bfdStates());
        announcer = announcer(AnnounceConfigMapper.rules(config));
        reporter = new CheckerReporter(context.sink(), () -> config, () -> pools, () -> {
            CheckerService c = checkers;
            return c == null ? java.util.List.of() : c.status();
        }, this::stats);
        // BFD_CHECK: the sessions' states the parent knew at this child's start (none on a cold start: then every
        // server starts as without BFD, and the VRRP child's first report, Down, takes it out until its session is Up)
        haSuspend.configure(config);
        checkers = CheckerService.start(CheckerConfigMapper.virtualServers(config), listener(), new io.vigil.sys.ScriptRunner(), 60_000,
                context.bfdStates(), haSuspend.haSuspend);
        if (context.runsBfd()) startBfd(config);
        apply();
        // after the first pools (and their quorum) came in and the data plane took them
        if (announcer != null) announcer.start();
        reportHealth();
        LOG.info("Checkers started: {} virtual server(s), {} checker(s)", config.virtualServers().size(), checkers.checkerCount());
    }

    /**
     * -C: BFD here, for BFD_CHECK and vigil_announce (keepalived runs its BFD process beside its checker process). Every
     * session's state is applied at start (Down) and after a reload, as the VRRP child reports them otherwise.
     */
    private void startBfd(KeepalivedConfig config) {
        bfd = BfdRunner.start(config, BfdConfigMapper.checkerSessions(config), this::bfdState, config.globalDefs().tuning().checker().noSwap());
        if (bfd != null) bfd.eachState(this::bfdState);
    }

    /** A BFD session's state, relayed by the parent or from this child's own BFD (-C). */
    private void bfdState(String session, boolean up) {
        bfdStates.put(session, up);
        CheckerService c = checkers;
        if (c != null) c.bfdState(session, up);
        io.vigil.lb.announce.RouteAnnouncer a = announcer;
        if (a != null) a.bfdState(session, up);
    }

    /** The FIFO writer (the VRRP child's, in order on its own thread), made when notify_fifo or lvs_notify_fifo is set. */
    private volatile io.vigil.vrrp.kernel.ProcessScriptRunner fifoWriter;
    private volatile java.util.List<String> fifoPaths = java.util.List.of();
    private Process fifoReader;

    /** notify_fifo and lvs_notify_fifo get the RS/VS lines, as keepalived's checker process writes them; lvs_notify_fifo_script reads. */
    private void openFifos(KeepalivedConfig config) {
        var fifos = config.globalDefs().notifyFifos();
        java.util.List<String> paths = fifos.lvsPaths();
        if (paths.isEmpty()) return;
        java.util.stream.Stream.of(fifos.fifo(), fifos.lvsFifo()).flatMap(java.util.Optional::stream).forEach(NotifyFifoFiles::create);
        fifos.lvsFifo().ifPresent(fifo -> fifos.lvsFifoScript().ifPresent(script -> fifoReader = NotifyFifoFiles.startReader(script, fifo.command())));
        fifoPaths = paths;
        fifoWriter = new io.vigil.vrrp.kernel.ProcessScriptRunner();
    }

    private void closeFifos() {
        io.vigil.vrrp.kernel.ProcessScriptRunner w = fifoWriter;
        if (w != null) w.close();
        if (fifoReader != null) {
            fifoReader.destroy();
            try {
                if (!fifoReader.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) fifoReader.destroyForcibly();
            } catch (InterruptedException e) {
                fifoReader.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** lvs_timeouts, as keepalived's checker process sets them at start and at each reload. */
    private static void setTimeouts(DataPlane plane, KeepalivedConfig config) {
        var t = config.globalDefs().lvsTimeouts();
        if (!t.isSet()) return;
        if (plane instanceof io.vigil.lb.ipvs.IpvsDataPlane ipvs) {
            try {
                ipvs.setTimeouts(new io.vigil.netlink.genl.IpvsTimeouts(t.tcpSeconds(), t.tcpFinSeconds(), t.udpSeconds()));
            } catch (RuntimeException e) {
                LOG.warn("Failed to set ipvs timeouts: {}", e.getMessage());
            }
        } else {
            LOG.warn("lvs_timeouts has no effect on the {} data plane (IPVS only)", plane.kind());
        }
    }

    private PoolListener listener() {
        return new PoolListener() {
            @Override
            public void onPoolChanged(VirtualServerKey vs, DesiredPool pool) {
                pools.put(vs, pool);
                io.vigil.lb.announce.RouteAnnouncer a = announcer;
                if (a != null) a.quorum(vs.toString(), pool.quorumUp());
                apply(true);
                reportHealth();
            }

            @Override
            public void onVirtualServerRemoved(VirtualServerKey vs) {
                pools.remove(vs);
                io.vigil.lb.announce.RouteAnnouncer a = announcer;
                if (a != null) a.serviceRemoved(vs.toString());
            }

            @Override
            public void onAlert(io.vigil.check.PoolAction.SmtpAlert alert) {
                if (alert.wanted(config.globalDefs().smtpAlert().noCheckerEmails())) mail.alert(alert.subjectTail(), alert.body());
            }

            @Override
            public void onFifoLine(String line) {
                io.vigil.vrrp.kernel.ProcessScriptRunner w = fifoWriter;
                if (w != null) fifoPaths.forEach(path -> w.writeFifo(path, line));
            }

            @Override
            public void onProbe(VirtualServerKey vs, io.vigil.check.RealServerKey rs, int checkerId, String kind,
                                io.vigil.check.ProbeResult result, long latencyMicros) {
                reporter.probed(vs, rs, checkerId, kind, result, latencyMicros, System.currentTimeMillis());
            }

            @Override
            public void onProbe(VirtualServerKey vs, io.vigil.check.RealServerKey rs, int checkerId, String kind,
                                io.vigil.check.ProbeResult result, long latencyMicros, long endEpochMillis) {
                reporter.probed(vs, rs, checkerId, kind, result, latencyMicros, endEpochMillis);
            }

            @Override
            public void onCheckerChanged(io.vigil.check.CheckEvent.CheckerChanged change) {
                reporter.changed(change);
            }
        };
    }

    private void apply() {
        apply(false);
    }

    /**
     * Brings the data plane to the pools. {@code oneVerdict}: after a pool change, when the last reconcile succeeded,
     * only the services whose desired state differs from it are read back and compared (the data plane may skip
     * the others); otherwise everything is.
     */
    private synchronized void apply(boolean oneVerdict) {
        if (dataPlane == null) return;
        DesiredState desired = LbStateMapper.desired(config, pools);
        DesiredState before = lastApplied;
        lastApplied = null;
        try {
            Plan plan = oneVerdict && before != null ? dataPlane.reconcile(desired, changedServices(before, desired)) : dataPlane.reconcile(desired);
            lastApplied = desired;
            if (!plan.isEmpty()) {
                LOG.info("Data plane updated: {} change(s)", plan.changes().size());
                if (LOG.isDebugEnabled()) LOG.debug("Data plane plan: {}", io.vigil.lb.PlanText.of(plan));
            }
        } catch (DataPlaneException e) {
            LOG.error("{}", e.getMessage());
        }
    }

    /** Keys of the services that differ between two desired states (added, removed or changed). */
    static java.util.Set<ServiceKey> changedServices(DesiredState before, DesiredState after) {
        Map<ServiceKey, VirtualService> old = new java.util.HashMap<>();
        before.services().forEach(s -> old.put(s.key(), s));
        java.util.Set<ServiceKey> out = new java.util.HashSet<>();
        for (VirtualService s : after.services()) if (!s.equals(old.remove(s.key()))) out.add(s.key());
        out.addAll(old.keySet());
        return out;
    }

    /** The real servers' counters go to the parent now rather than at the next round (its SNMP notifications follow them). */
    private void reportHealth() {
        CheckerReporter r = reporter;
        if (r != null) r.soon();
    }

    @Override
    public synchronized String reload() {
        KeepalivedConfig next = load(context.configFile(), context.configId(), context.compat());
        TrackFileInit.apply(next, true);
        // Checkers that still exist keep their verdicts, retries, dynamic weights and quorum state; the data plane
        // then gets only the difference, so unchanged servers keep their connections.
        config = next;
        if (dataPlane != null) setTimeouts(dataPlane, next);
        mail.configure(next.globalDefs());
        haSuspend.configure(next);
        checkers.reload(CheckerConfigMapper.virtualServers(next));
        java.util.List<io.vigil.lb.announce.AnnounceRule> rules = AnnounceConfigMapper.rules(next);
        if (announcer != null) {
            announcer.configure(rules);
        } else if (!rules.isEmpty()) {
            io.vigil.lb.announce.RouteAnnouncer a = announcer(rules);
            pools.forEach((vs, pool) -> a.quorum(vs.toString(), pool.quorumUp()));
            announcer = a;
            a.start();
        }
        apply();
        reportHealth();
        if (syncDaemons != null) syncDaemons.configure(next);
        if (context.runsBfd()) {
            if (bfd != null) {
                bfd.reload(BfdConfigMapper.checkerSessions(next));
                bfd.eachState(this::bfdState);
            } else {
                startBfd(next);
            }
        }
        return next.virtualServers().size() + " virtual server(s)";
    }

    /** The latest result of every checker that has run (none before the first checks). */
    java.util.List<io.vigil.check.CheckerStatus> checkerStatus() {
        CheckerService c = checkers;
        return c == null ? java.util.List.of() : c.status();
    }

    @Override
    public String status() {
        if (dataPlane instanceof ForwardedDataPlane) return ""; // the proxy child reports its own table, with counters
        DesiredState current = dataPlane.current();
        return StatusFormatter.format(dataPlane.kind(), current, dataPlane.stats());
    }

    @Override
    public String dump(boolean stats) {
        StringBuilder out = new StringBuilder("------< Health checkers >------\n");
        pools.forEach((vs, pool) -> {
            out.append(" VS = ").append(vs).append(pool.quorumUp() ? "" : " (quorum lost)").append('\n');
            pool.members().forEach(m -> out.append("   RS = ").append(m.rs()).append(", weight = ").append(m.weight())
                    .append(m.sorryServer() ? " (sorry server)" : "").append('\n'));
        });
        io.vigil.lb.announce.RouteAnnouncer a = announcer;
        if (a != null) a.announced().forEach(r -> out.append(" Announced route = ").append(r).append('\n'));
        if (stats) out.append(status());
        return out.toString();
    }

    /**
     * The parent relays the VRRP child's states ({@code VRRP_STATE}) for the sync daemons and vigil_announce, and its BFD
     * sessions' states ({@code BFD_STATE}) for BFD_CHECK.
     */
    @Override
    public void receive(String verb, String payload) {
        if (verb.equals(ChildProtocol.PROXY_STATS)) {
            DataPlane plane;
            synchronized (this) {
                plane = dataPlane;
            }
            if (plane instanceof ForwardedDataPlane forwarded) forwarded.proxyStats(DesiredStateText.decodeStats(payload));
            return;
        }
        if (verb.equals(ChildProtocol.BFD_STATE)) {
            String[] f = payload.split(" ");
            if (f.length == 2) bfdState(f[0], f[1].equals("up"));
            return;
        }
        if (!verb.equals(ChildProtocol.VRRP_STATE)) return;
        String[] f = payload.split(" ");
        if (f.length != 2) return;
        vrrpStates.put(f[0], f[1]);
        SyncDaemonControl syncd = syncDaemons;
        if (syncd != null) syncd.instanceState(f[0], f[1]);
        io.vigil.lb.announce.RouteAnnouncer a = announcer;
        if (a != null) a.vrrpState(f[0], f[1]);
    }

    /**
     * The announcer for these rules with the VRRP states known at this child's start, or null when none announces
     * (no routing socket is opened then).
     */
    private io.vigil.lb.announce.RouteAnnouncer announcer(java.util.List<io.vigil.lb.announce.AnnounceRule> rules) {
        if (rules.isEmpty()) return null;
        io.vigil.lb.announce.RouteAnnouncer a = new io.vigil.lb.announce.RouteAnnouncer(rules,
                io.vigil.lb.announce.KernelRouteTable.open(), io.vigil.lb.announce.RouteAnnouncer::monotonicMillis);
        vrrpStates.forEach(a::vrrpState);
        bfdStates.forEach(a::bfdState);
        return a;
    }

    /** The data plane's counters (none when the proxy child owns them). */
    private Map<io.vigil.lb.ServiceKey, io.vigil.lb.ServiceStats> stats() {
        DataPlane plane;
        synchronized (this) {
            plane = dataPlane;
        }
        return plane == null ? Map.of() : plane.stats();
    }

    /** lvs_flush / lvs_flush_on_stop: the whole IPVS table emptied; other back ends have no shared table to empty. */
    static void flush(DataPlane plane, String keyword) {
        try {
            if (!plane.flushWholeTable()) {
                LOG.info("{}: the {} data plane shares no table with other programs: nothing to flush", keyword, plane.kind().keyword());
            }
        } catch (RuntimeException e) {
            LOG.error("{}: cannot flush the {} table: {}", keyword, plane.kind().keyword(), e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        // routes first: the routers move traffic away before this director's data plane goes
        if (announcer != null) announcer.close();
        if (bfd != null) bfd.close();
        if (reporter != null) reporter.close();
        if (syncDaemons != null) syncDaemons.close(); // keepalived leaves no sync daemon after shutdown
        if (checkers != null) checkers.close();
        haSuspend.close();
        mail.close();
        closeFifos(); // after the checkers: their shutdown lines (omega) are written first
        if (dataPlane != null && config != null && config.globalDefs().lvsFlush().wholeTableAtStop()) flush(dataPlane, "lvs_flush_on_stop");
        if (dataPlane != null) dataPlane.close();
    }
}
