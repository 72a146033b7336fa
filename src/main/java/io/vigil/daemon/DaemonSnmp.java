package io.vigil.daemon;

import io.vigil.config.GlobalDefs;
import io.vigil.config.KeepalivedConfig;
import io.vigil.observe.ClusterPicture;
import io.vigil.snmp.AgentXSubagent;
import io.vigil.snmp.SnmpAgent;
import io.vigil.snmp.SnmpSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SNMP in the parent, which holds every state (keepalived runs it in its VRRP and checker processes): observes the
 * VRRP states from the start, and once the configuration is known runs the AgentX subagent when any
 * {@code enable_snmp_*} keyword asks for it; until then the states are kept. Everything else it shows comes from the
 * parent's {@link ClusterPicture}, read again after it changed. Everything runs on one worker thread, in arrival order:
 * a slow or hung snmpd never holds up the threads that read the children's pipes (whose heartbeats would then go
 * unanswered).
 */
final class DaemonSnmp implements Supervisor.Observer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonSnmp.class);
    private static final long RECONNECT_MILLIS = 1_000;

    private final long startNanos = System.nanoTime();
    /** STATE lines seen before the configuration was read, in order (INIT, BACKUP, MASTER replay to the same traps). */
    private final List<String[]> earlyStates = new ArrayList<>();
    private Path configFile;
    private String configId;
    private boolean compat;
    private ParentSnmpView view;
    private SnmpAgent agent;
    private final ClusterPicture picture;
    private final AutoCloseable watching;
    /** A refresh for a changed picture is queued: changes coalesce until it runs (counters come every second). */
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private final java.util.concurrent.ExecutorService worker = java.util.concurrent.Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("vigil-snmp").factory());

    DaemonSnmp(ClusterPicture picture) {
        this.picture = picture;
        this.watching = picture.watch(this::pictureChanged);
    }

    /** On the thread that applied the event: only queues a refresh. */
    private void pictureChanged() {
        if (refreshQueued.compareAndSet(false, true)) run(() -> {
            refreshQueued.set(false);
            if (view == null) return;
            view.pictureChanged();
            agent.refresh();
        });
    }

    /**
     * Starts serving when the configuration enables SNMP; otherwise events are dropped from now on. As with keepalived's
     * {@code -P}/{@code -C}, the VRRP MIBs are served only with the VRRP child and the checker tables only with the
     * checker child.
     */
    void configure(Path configFile, String configId, boolean compat, boolean vrrpRuns, boolean checkersRuns) {
        run(() -> doConfigure(configFile, configId, compat, vrrpRuns, checkersRuns));
    }

    private void run(Runnable task) {
        try {
            worker.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("SNMP: {}", e.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping: nothing more to serve
        }
    }

    private void doConfigure(Path configFile, String configId, boolean compat, boolean vrrpRuns, boolean checkersRuns) {
        this.configFile = configFile;
        this.configId = configId;
        this.compat = compat;
        KeepalivedConfig config = CheckerSubsystem.load(configFile, configId, compat);
        GlobalDefs.Snmp asked = config.globalDefs().snmp();
        GlobalDefs.Snmp snmp = new GlobalDefs.Snmp(asked.vrrp() && vrrpRuns, asked.checker() && checkersRuns, asked.rfcV2() && vrrpRuns,
                asked.rfcV3() && vrrpRuns, asked.traps(), asked.socket());
        if (!snmp.anyEnabled()) {
            earlyStates.clear();
            if (snmp.traps()) LOG.warn("enable_traps without any enable_snmp_* keyword: no SNMP agent runs, no notification is sent");
            return;
        }
        SnmpSettings settings = new SnmpSettings(snmp.vrrp(), snmp.checker(), snmp.rfcV2(), snmp.rfcV3(), snmp.traps(),
                snmp.socket().orElse(AgentXSubagent.DEFAULT_SOCKET));
        view = new ParentSnmpView(config, picture::snapshot, () -> (System.nanoTime() - startNanos) / 10_000_000);
        agent = new SnmpAgent(settings, view.view(), RECONNECT_MILLIS);
        agent.start();
        for (String[] e : earlyStates) {
            view.instanceState(e[0], e[1]);
            agent.refresh();
        }
        earlyStates.clear();
        agent.refresh();
        LOG.info("SNMP: AgentX subagent for {} subtree(s) at {}", settings.subtrees().size(), settings.socket());
    }

    @Override
    public void instanceState(String instance, String state) {
        run(() -> doInstanceState(instance, state));
    }

    private void doInstanceState(String instance, String state) {
        if (configFile == null) {
            earlyStates.add(new String[]{instance, state});
            return;
        }
        if (view == null) return;
        view.instanceState(instance, state);
        agent.refresh();
    }

    @Override
    public void reloaded() {
        run(this::doReloaded);
    }

    private void doReloaded() {
        if (view == null) return;
        try {
            view.configure(CheckerSubsystem.load(configFile, configId, compat));
            agent.refresh();
        } catch (IllegalStateException e) {
            LOG.warn("SNMP keeps the previous configuration: {}", e.getMessage());
        }
    }

    /** After the children stopped: their last notifications leave first. */
    @Override
    public void close() {
        try {
            watching.close();
        } catch (Exception e) {
            // a list removal: cannot fail
        }
        worker.shutdown();
        try {
            if (!worker.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS)) worker.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (agent != null) agent.close();
    }
}
