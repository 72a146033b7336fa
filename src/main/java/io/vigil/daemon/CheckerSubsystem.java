package io.vigil.daemon;

import io.vigil.check.CheckerService;
import io.vigil.check.DesiredPool;
import io.vigil.check.PoolListener;
import io.vigil.check.VirtualServerKey;
import io.vigil.config.ConfigLoader;
import io.vigil.config.Diagnostic;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.LoadOptions;
import io.vigil.config.LoadResult;
import io.vigil.lb.DataPlane;
import io.vigil.lb.DataPlaneException;
import io.vigil.lb.DesiredState;
import io.vigil.lb.Plan;
import io.vigil.lb.StatusFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;
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
    private volatile CheckerService checkers;
    private CheckerReporter reporter;
    /** lvs_sync_daemon: follows the VRRP states the parent relays. */
    private volatile SyncDaemonControl syncDaemons;
    private final Map<VirtualServerKey, DesiredPool> pools = new ConcurrentHashMap<>();
    /** vigil_announce: host routes while pools have quorum (null while no virtual server announces). */
    private volatile io.vigil.lb.announce.RouteAnnouncer announcer;
    /** The latest state of each VRRP instance (relayed by the parent), for an announcer created by a reload. */
    private final Map<String, String> vrrpStates = new ConcurrentHashMap<>();
    /** Health reports for the parent (SNMP) leave from here, outside the checkers' callbacks and their locks. */
    private final java.util.concurrent.ExecutorService healthReports = java.util.concurrent.Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("vigil-health-report").factory());
    private final java.util.concurrent.atomic.AtomicBoolean healthReportQueued = new java.util.concurrent.atomic.AtomicBoolean();
    private final AlertMail mail = new AlertMail();

    static KeepalivedConfig load(Path file, String configId, boolean compat) {
        LoadResult result = ConfigLoader.load(file, new LoadOptions(configId, compat));
        return result.config().orElseThrow(() -> new IllegalStateException("configuration " + file + " has errors: "
                + result.diagnostics().stream().filter(Diagnostic::isError).findFirst().map(Object::toString).orElse("?")));
    }

    @Override
    public void start(Context context) {
        this.context = context;
        config = load(context.configFile(), context.configId(), context.compat());
        UmaskSetting.apply(config);
        config.globalDefs().processNames().checker().ifPresent(ConfigValidation::name);
        // The data plane is chosen against the full configuration (every server in), before any check has run.
        DesiredState everything = LbStateMapper.desired(config, CheckerConfigMapper.initialPools(config));
        // Under the watchdog the proxy runs in its own child (the parent relays); in process it runs here.
        boolean supervised = System.getProperty("vigil.process") != null;
        DataPlane plane = DataPlanes.open(config.globalDefs().dataPlane(), everything, supervised
                ? () -> new ForwardedDataPlane(text -> context.sink().desiredState(text))
                : () -> new io.vigil.lb.proxy.ProxyDataPlane(ProxySubsystem.settings(config.globalDefs().proxyEngine())));
        if (config.globalDefs().lvsFlush().atStart()) flush(plane, "lvs_flush");
        synchronized (this) {
            dataPlane = plane;
        }
        SyncDaemonControl syncd = SyncDaemonControl.forPlane(plane, context.resumedStates());
        syncd.configure(config);
        syncDaemons = syncd;
        mail.configure(config.globalDefs());
        vrrpStates.putAll(context.resumedStates());
        announcer = announcer(AnnounceConfigMapper.rules(config));
        reporter = new CheckerReporter(context.sink(), () -> config, () -> pools, () -> {
            CheckerService c = checkers;
            return c == null ? java.util.List.of() : c.status();
        }, this::stats);
        checkers = CheckerService.start(CheckerConfigMapper.virtualServers(config), listener());
        apply();
        // after the first pools (and their quorum) came in and the data plane took them
        if (announcer != null) announcer.start();
        reportHealth();
        LOG.info("Checkers started: {} virtual server(s), {} checker(s)", config.virtualServers().size(), checkers.checkerCount());
    }

    private PoolListener listener() {
        return new PoolListener() {
            @Override
            public void onPoolChanged(VirtualServerKey vs, DesiredPool pool) {
                pools.put(vs, pool);
                io.vigil.lb.announce.RouteAnnouncer a = announcer;
                if (a != null) a.quorum(vs.toString(), pool.quorumUp());
                apply();
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
            public void onProbe(VirtualServerKey vs, io.vigil.check.RealServerKey rs, int checkerId, String kind,
                                io.vigil.check.ProbeResult result, long latencyMicros) {
                reporter.probed(vs, rs, checkerId, kind, result, latencyMicros);
            }

            @Override
            public void onCheckerChanged(io.vigil.check.CheckEvent.CheckerChanged change) {
                reporter.changed(change);
            }
        };
    }

    private synchronized void apply() {
        if (dataPlane == null) return;
        DesiredState desired = LbStateMapper.desired(config, pools);
        try {
            Plan plan = dataPlane.reconcile(desired);
            if (!plan.isEmpty()) {
                LOG.info("Data plane updated: {} change(s)", plan.changes().size());
                LOG.debug("Data plane plan: {}", plan.changes());
            }
        } catch (DataPlaneException e) {
            LOG.error("{}", e.getMessage());
        }
    }

    /** Sends the real servers' health to the parent once more (changes coalesce while a report is queued). */
    private void reportHealth() {
        if (!healthReportQueued.compareAndSet(false, true)) return;
        try {
            healthReports.execute(() -> {
                healthReportQueued.set(false);
                CheckerService c = checkers;
                if (c == null) return;
                context.sink().realServerHealth(RealServerHealth.encode(config, Map.copyOf(pools), c.status()));
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            healthReportQueued.set(false); // closing
        }
    }

    @Override
    public synchronized String reload() {
        KeepalivedConfig next = load(context.configFile(), context.configId(), context.compat());
        // Checkers that still exist keep their verdicts, retries, dynamic weights and quorum state; the data plane
        // then gets only the difference, so unchanged servers keep their connections.
        config = next;
        mail.configure(next.globalDefs());
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
        return next.virtualServers().size() + " virtual server(s)";
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

    /** The parent relays the VRRP child's states ({@code VRRP_STATE}) for the sync daemons and vigil_announce. */
    @Override
    public void receive(String verb, String payload) {
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
        healthReports.shutdownNow();
        if (reporter != null) reporter.close();
        if (syncDaemons != null) syncDaemons.close(); // keepalived leaves no sync daemon after shutdown
        if (checkers != null) checkers.close();
        mail.close();
        if (dataPlane != null && config != null && config.globalDefs().lvsFlush().wholeTableAtStop()) flush(dataPlane, "lvs_flush_on_stop");
        if (dataPlane != null) dataPlane.close();
    }
}
