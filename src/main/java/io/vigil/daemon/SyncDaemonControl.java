package io.vigil.daemon;

import io.vigil.config.GlobalDefs;
import io.vigil.config.KeepalivedConfig;
import io.vigil.lb.DataPlane;
import io.vigil.lb.DataPlaneException;
import io.vigil.lb.DataPlaneKind;
import io.vigil.lb.ipvs.IpvsDataPlane;
import io.vigil.lb.ipvs.SyncDaemonFollower;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The checker child's side of {@code lvs_sync_daemon}: the VRRP states the parent relays (and those known when this
 * child started) decide which IPVS sync daemon runs, as keepalived 2.2.7 does in its VRRP process: a backup daemon
 * from start and while the named instance is BACKUP, FAULT or INIT, a master daemon while it is MASTER (STOP at
 * shutdown changes nothing), none after {@link #close}.
 * With no VRRP child ({@code -C}) no state ever comes, so the backup daemon runs throughout (keepalived runs none
 * there: its VRRP process manages the daemons). On the nftables and proxy back ends it only logs, once, that the
 * keyword has no effect. Not thread-safe by itself: every method is synchronized.
 */
final class SyncDaemonControl {
    private static final Logger LOG = LoggerFactory.getLogger(SyncDaemonControl.class);

    /** What runs the kernel's daemons: {@link SyncDaemonFollower} over the IPVS data plane, a fake in tests. */
    interface Driver {
        /** Once, before the first {@link #follow} of this process: daemons left by a dead predecessor get replaced. */
        void adoptLeftovers();

        void follow(SyncDaemonFollower.Settings settings, boolean master);

        /** No instance named: master and backup daemons both run throughout (keepalived 2.2.7). */
        void both(SyncDaemonFollower.Settings settings);

        void stop();
    }

    private final DataPlaneKind planeKind;
    private final Driver driver;
    private final Map<String, String> states = new HashMap<>();
    private SyncDaemonFollower.Settings settings;
    /** The daemon last started (TRUE master, FALSE backup), null while none runs or the last attempt failed. */
    private Boolean runningMaster;
    private boolean adopted;
    private boolean warnedNoEffect;

    SyncDaemonControl(DataPlaneKind planeKind, Driver driver, Map<String, String> knownStates) {
        this.planeKind = planeKind;
        this.driver = driver;
        states.putAll(knownStates);
    }

    /** The control for the checker child's data plane: only IPVS has sync daemons. */
    static SyncDaemonControl forPlane(DataPlane plane, Map<String, String> knownStates) {
        if (!(plane instanceof IpvsDataPlane ipvs)) return new SyncDaemonControl(plane.kind(), null, knownStates);
        return new SyncDaemonControl(DataPlaneKind.IPVS, new Driver() {
            @Override
            public void adoptLeftovers() {
                ipvs.adoptSyncDaemons();
            }

            @Override
            public void follow(SyncDaemonFollower.Settings s, boolean master) {
                new SyncDaemonFollower(ipvs, s).follow(master);
            }

            @Override
            public void both(SyncDaemonFollower.Settings s) {
                new SyncDaemonFollower(ipvs, s).runBoth();
            }

            @Override
            public void stop() {
                ipvs.syncDaemons(java.util.List.of());
            }
        }, knownStates);
    }

    /** At start and after every reload: the configured daemon (or none) takes effect at once. */
    synchronized void configure(KeepalivedConfig config) {
        Optional<SyncDaemonFollower.Settings> next;
        try {
            next = settings(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: no sync daemon is run", e.getMessage());
            next = Optional.empty();
        }
        if (driver == null) {
            if (next.isPresent() && !warnedNoEffect) {
                warnedNoEffect = true;
                LOG.warn("lvs_sync_daemon has no effect on the {} data plane: IPVS connection sync daemons need the ipvs back end",
                        planeKind.keyword());
            }
            return;
        }
        if (next.isEmpty()) {
            if (settings != null) {
                settings = null;
                stopDaemons();
            }
            return;
        }
        boolean changed = !next.get().equals(settings);
        settings = next.get();
        if (changed) runningMaster = null; // restarted with the new settings (the data plane replaces the old daemon)
        drive();
    }

    /**
     * A VRRP instance changed state (relayed by the parent from the VRRP child). STOP (the VRRP child shutting down)
     * switches nothing: keepalived stops the daemon of the last state at shutdown and starts no backup one on the way,
     * and this child's own {@link #close} follows.
     */
    synchronized void instanceState(String instance, String state) {
        if ("STOP".equals(state)) return;
        states.put(instance, state);
        if (settings != null && settings.vrrpInstance().equals(instance)) drive();
    }

    /**
     * Master daemon iff the named instance is MASTER now; with no instance named, master and backup both (counted as
     * "master" running). Nothing done when that daemon already runs.
     */
    private void drive() {
        if (driver == null || settings == null) return;
        boolean both = settings.vrrpInstance().isEmpty();
        boolean master = both || "MASTER".equals(states.get(settings.vrrpInstance()));
        if (runningMaster != null && runningMaster == master) return;
        try {
            if (!adopted) {
                adopted = true;
                driver.adoptLeftovers();
            }
            if (both) {
                LOG.info("lvs_sync_daemon: no VRRP instance named: master and backup sync daemons on {}", settings.interfaceName());
                driver.both(settings);
            } else {
                LOG.info("lvs_sync_daemon: ({}) is {}: {} sync daemon on {}", settings.vrrpInstance(),
                        states.getOrDefault(settings.vrrpInstance(), "not reported yet"), master ? "master" : "backup", settings.interfaceName());
                driver.follow(settings, master);
            }
            runningMaster = master;
        } catch (DataPlaneException | IllegalArgumentException e) {
            runningMaster = null; // tried again at the next state change or reload
            LOG.error("lvs_sync_daemon: {}", e.getMessage());
        }
    }

    private void stopDaemons() {
        runningMaster = null;
        try {
            driver.stop();
        } catch (DataPlaneException e) {
            LOG.error("lvs_sync_daemon: cannot stop the sync daemons: {}", e.getMessage());
        }
    }

    /** Shutdown: no sync daemon is left running. */
    synchronized void close() {
        if (driver != null && settings != null) stopDaemons();
        settings = null;
    }

    /**
     * The daemon {@code lvs_sync_daemon} asks for, from the global_defs (or the legacy per-instance spelling). As
     * keepalived: the sync id defaults to the instance's virtual router id; maxlen, port, ttl and group left out mean
     * the kernel's defaults (0/null).
     */
    static Optional<SyncDaemonFollower.Settings> settings(KeepalivedConfig config) {
        Optional<GlobalDefs.LvsSyncDaemon> configured = config.globalDefs().lvsSyncDaemon();
        if (configured.isEmpty()) return Optional.empty();
        GlobalDefs.LvsSyncDaemon d = configured.get();
        int syncId = d.syncId().orElseGet(() -> d.vrrpInstance().isEmpty() ? 0
                : config.instance(d.vrrpInstance()).map(i -> i.virtualRouterId()).orElse(0));
        int maxLength = 0, port = 0, ttl = 0;
        InetAddress group = null;
        String[] w = d.options().isBlank() ? new String[0] : d.options().trim().split("\\s+");
        for (int i = 0; i + 1 < w.length; i += 2) {
            String value = w[i + 1];
            switch (w[i]) {
                case "maxlen" -> maxLength = bounded(value, 1, 65507, "maxlen");
                case "port" -> port = bounded(value, 1, 65535, "port");
                case "ttl" -> ttl = bounded(value, 1, 255, "ttl");
                case "group" -> group = address(value);
                case "id" -> { } // read by the config reader
                default -> throw new IllegalArgumentException("lvs_sync_daemon: unknown option '" + w[i] + "'");
            }
        }
        return Optional.of(new SyncDaemonFollower.Settings(d.interfaceName(), d.vrrpInstance(), syncId, maxLength, port, ttl, group));
    }

    private static int bounded(String value, int min, int max, String what) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("lvs_sync_daemon: " + what + " must be " + min + ".." + max + ": " + value);
    }

    private static InetAddress address(String value) {
        InetAddress a = io.vigil.net.IpLiteral.parseOrNull(value);
        if (a == null) throw new IllegalArgumentException("lvs_sync_daemon: group must be an IP address: " + value);
        return a;
    }

    /** For status and tests: TRUE master daemon, FALSE backup, empty while none runs. */
    synchronized Optional<Boolean> running() {
        return Optional.ofNullable(runningMaster);
    }

    @Override
    public String toString() {
        return "SyncDaemonControl[" + planeKind + ", " + Objects.toString(settings) + "]";
    }
}
