package io.vigil.lb.ipvs;

import io.vigil.lb.Change;
import io.vigil.lb.Counters;
import io.vigil.lb.DataPlane;
import io.vigil.lb.DataPlaneException;
import io.vigil.lb.DataPlaneKind;
import io.vigil.lb.DesiredState;
import io.vigil.lb.Plan;
import io.vigil.lb.PlanText;
import io.vigil.lb.RealServer;
import io.vigil.lb.Reconciler;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.ServiceStats;
import io.vigil.lb.VirtualService;
import io.vigil.netlink.genl.Ipvs;
import io.vigil.netlink.genl.IpvsDaemon;
import io.vigil.netlink.genl.IpvsDest;
import io.vigil.netlink.genl.IpvsInfo;
import io.vigil.netlink.genl.IpvsService;
import io.vigil.netlink.genl.IpvsTimeouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The kernel IPVS back end: virtual services and real servers over generic netlink, applied as a diff against
 * what the kernel holds (read back with GET_SERVICE/GET_DEST dumps), the connection sync daemon and the
 * connection timeouts.
 *
 * <p>Ownership: only services this Vigil created, or adopted because the desired state named a service that
 * already existed, are ever read back, edited or removed; everything else in the kernel is left alone (no FLUSH).
 * With an ownership file the set survives restarts, so a restarted Vigil removes its own leftovers and still
 * nothing else. An adopted service is edited into shape: its settings and its server list become the desired ones.
 */
public final class IpvsDataPlane implements DataPlane {
    private static final Logger log = LoggerFactory.getLogger(IpvsDataPlane.class);

    private final IpvsKernel kernel;
    private final OwnedServices owned;
    private final Set<Integer> ownedDaemonStates = new HashSet<>();
    /** Server order of each service as last configured: the kernel lists destinations newest first. */
    private final Map<ServiceKey, List<RealServer.Key>> serverOrder = new java.util.concurrent.ConcurrentHashMap<>();
    private final Object writeLock = new Object();

    /** @param ownershipFile where to remember which services are Vigil's across restarts, or null for memory only */
    public IpvsDataPlane(IpvsKernel kernel, Path ownershipFile) {
        this.kernel = Objects.requireNonNull(kernel);
        this.owned = new OwnedServices(ownershipFile);
    }

    /** The IPVS of this network namespace, or empty when the kernel has none. */
    public static Optional<IpvsDataPlane> open(Path ownershipFile) {
        return IpvsKernel.open().map(k -> new IpvsDataPlane(k, ownershipFile));
    }

    @Override
    public DataPlaneKind kind() {
        return DataPlaneKind.IPVS;
    }

    /** lvs_flush / lvs_flush_on_stop: IPVS_CMD_FLUSH, every service of the namespace gone, Vigil's included. */
    @Override
    public boolean flushWholeTable() {
        synchronized (writeLock) {
            kernel.flushAll();
            for (ServiceKey k : owned.all()) owned.remove(k);
            serverOrder.clear();
            log.info("IPVS: table flushed (every service, other programs' too)");
            return true;
        }
    }

    public IpvsKernel kernel() {
        return kernel;
    }

    public IpvsInfo info() {
        return kernel.info();
    }

    @Override
    public List<String> unsupported(DesiredState desired) {
        List<String> out = new ArrayList<>();
        for (VirtualService s : desired.services()) out.addAll(IpvsMapping.unsupported(s));
        return out;
    }

    /** Reconciles against the form the kernel stores (see {@link IpvsMapping#normalize}), so a second call plans nothing. */
    @Override
    public Plan reconcile(DesiredState desired) {
        return reconcile(desired, k -> true);
    }

    /**
     * Reads back from the kernel only the destinations of the services in {@code changed} (one dump each): with
     * hundreds of services, reading them all for every checker verdict cost more than the change itself.
     */
    @Override
    public Plan reconcile(DesiredState desired, java.util.Set<ServiceKey> changed) {
        return reconcile(desired, changed::contains);
    }

    private Plan reconcile(DesiredState desired, java.util.function.Predicate<ServiceKey> which) {
        List<VirtualService> only = desired.services().stream().filter(s -> which.test(s.key())).toList();
        List<String> problems = unsupported(new DesiredState(only));
        if (!problems.isEmpty())
            throw new DataPlaneException("ipvs data plane cannot serve this configuration: " + String.join("; ", problems));
        DesiredState normal = new DesiredState(only.stream().map(IpvsMapping::normalize).toList());
        synchronized (writeLock) {
            Plan plan = Reconciler.plan(current(which), normal);
            if (!plan.isEmpty()) apply(plan);
            return plan;
        }
    }

    @Override
    public DesiredState current() {
        return current(k -> true);
    }

    private DesiredState current(java.util.function.Predicate<ServiceKey> which) {
        Map<ServiceKey, IpvsService> inKernel = ownedInKernel();
        List<VirtualService> out = new ArrayList<>();
        for (ServiceKey k : owned.all()) {
            if (!which.test(k)) continue;
            IpvsService s = inKernel.get(k);
            if (s != null) out.add(IpvsMapping.virtualService(s, inConfiguredOrder(k, kernel.dests(s))));
        }
        return new DesiredState(out);
    }

    /** The kernel's destinations in configuration order (oldest first where Vigil has no order for them). */
    private List<IpvsDest> inConfiguredOrder(ServiceKey k, List<IpvsDest> newestFirst) {
        List<IpvsDest> l = new ArrayList<>(newestFirst.reversed());
        List<RealServer.Key> order = serverOrder.get(k);
        if (order != null) {
            l.sort(java.util.Comparator.comparingInt(d -> {
                int i = order.indexOf(new RealServer.Key(d.address(), d.port()));
                return i < 0 ? Integer.MAX_VALUE : i;
            }));
        }
        return l;
    }

    private Map<ServiceKey, IpvsService> ownedInKernel() {
        Map<ServiceKey, IpvsService> m = new LinkedHashMap<>();
        for (IpvsService s : kernel.services()) {
            ServiceKey k;
            try {
                k = IpvsMapping.key(s);
            } catch (IllegalArgumentException e) {
                continue; // a protocol Vigil never creates: not ours
            }
            if (owned.contains(k)) m.put(k, s);
        }
        return m;
    }

    @Override
    public void apply(Plan plan) {
        synchronized (writeLock) {
            for (VirtualService v : plan.to().services()) serverOrder.put(v.key(), v.servers().stream().map(RealServer::key).toList());
            for (Change c : plan.changes()) {
                try {
                    execute(c);
                } catch (IpvsException e) {
                    throw new DataPlaneException("IPVS refused " + PlanText.brief(c) + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private void execute(Change c) {
        switch (c) {
            case Change.AddService a -> addService(a.settings());
            case Change.EditService e -> {
                log.info("IPVS: editing service {} ({})", e.service(), PlanText.settings(e.settings()));
                kernel.editService(IpvsMapping.service(e.settings()));
            }
            case Change.RemoveService r -> {
                log.info("IPVS: removing service {}", r.service());
                try {
                    kernel.deleteService(IpvsMapping.key(r.service()));
                } catch (IpvsException e) {
                    if (!e.notFound()) throw e;
                }
                owned.remove(r.service());
                serverOrder.remove(r.service());
            }
            case Change.AddServer a -> {
                log.info("IPVS: adding real server {} to {} ({} weight {})", a.server().key(), a.service(), a.server().forwarding(), a.server().weight());
                IpvsDest d = IpvsMapping.dest(a.server());
                try {
                    kernel.addDest(IpvsMapping.key(a.service()), d);
                } catch (IpvsException e) {
                    if (!e.alreadyExists()) throw e;
                    kernel.editDest(IpvsMapping.key(a.service()), d);
                }
            }
            case Change.EditServer e -> {
                log.info("IPVS: editing real server {} in {} ({} weight {})", e.server().key(), e.service(), e.server().forwarding(), e.server().weight());
                kernel.editDest(IpvsMapping.key(e.service()), IpvsMapping.dest(e.server()));
            }
            case Change.RemoveServer r -> {
                log.info("IPVS: removing real server {} from {}", r.before().key(), r.service());
                try {
                    kernel.deleteDest(IpvsMapping.key(r.service()), IpvsDest.key(r.before().address(), r.before().port()));
                } catch (IpvsException e) {
                    if (!e.notFound()) throw e;
                }
            }
        }
    }

    /** Creates the service, or adopts an existing one with the same key: its settings and server list are made ours. */
    private void addService(VirtualService v) {
        IpvsService s = IpvsMapping.service(v);
        try {
            log.info("IPVS: adding service {} ({})", v.key(), PlanText.settings(v));
            kernel.addService(s);
        } catch (IpvsException e) {
            if (!e.alreadyExists()) throw e;
            log.info("IPVS: service {} already exists; adopting it", v.key());
            kernel.editService(s);
            Set<RealServer.Key> wanted = new HashSet<>();
            for (RealServer r : v.servers()) wanted.add(r.key());
            for (IpvsDest d : kernel.dests(s))
                if (!wanted.contains(new RealServer.Key(d.address(), d.port()))) {
                    log.info("IPVS: removing real server {} of adopted service {}", new RealServer.Key(d.address(), d.port()), v.key());
                    kernel.deleteDest(s, d);
                }
        }
        owned.add(v.key());
    }

    @Override
    public Map<ServiceKey, ServiceStats> stats() {
        Map<ServiceKey, ServiceStats> out = new LinkedHashMap<>();
        for (Map.Entry<ServiceKey, IpvsService> e : ownedInKernel().entrySet()) {
            Map<RealServer.Key, Counters> per = new HashMap<>();
            long active = 0, inactive = 0;
            for (IpvsDest d : kernel.dests(e.getValue())) {
                per.put(new RealServer.Key(d.address(), d.port()), IpvsMapping.counters(d.stats(), d.activeConns(), d.inactiveConns()));
                active += Integer.toUnsignedLong(d.activeConns());
                inactive += Integer.toUnsignedLong(d.inactiveConns());
            }
            out.put(e.getKey(), new ServiceStats(e.getKey(), IpvsMapping.counters(e.getValue().stats(), active, inactive), per));
        }
        return out;
    }

    // ---- connection timeouts (lvs_timeouts) ----------------------------------------------------------------

    public IpvsTimeouts timeouts() {
        return kernel.timeouts();
    }

    /** Sets the TCP, TCP FIN and UDP connection timeouts; 0 leaves one unchanged. */
    public void setTimeouts(IpvsTimeouts t) {
        synchronized (writeLock) {
            log.info("IPVS: connection timeouts tcp {} s, tcpfin {} s, udp {} s", t.tcpSeconds(), t.tcpFinSeconds(), t.udpSeconds());
            kernel.setTimeouts(t);
        }
    }

    // ---- connection sync daemon (lvs_sync_daemon) --------------------------------------------------------------

    /**
     * Makes the kernel's sync daemons (at most one master, one backup) match {@code wanted}: a daemon with other
     * settings is restarted, one no longer wanted stopped. Only daemons this Vigil started are ever stopped.
     */
    public void syncDaemons(List<IpvsDaemon> wanted) {
        synchronized (writeLock) {
            Map<Integer, IpvsDaemon> want = new HashMap<>();
            for (IpvsDaemon d : wanted)
                if (want.put(d.state(), d) != null) throw new IllegalArgumentException("two " + d.stateName() + " sync daemons");
            Map<Integer, IpvsDaemon> have = new HashMap<>();
            for (IpvsDaemon d : kernel.daemons()) have.put(d.state(), d);
            for (int state : List.of(Ipvs.STATE_MASTER, Ipvs.STATE_BACKUP)) {
                IpvsDaemon w = want.get(state), h = have.get(state);
                if (h != null && (w == null || !sameDaemon(w, h))) {
                    if (w == null && !ownedDaemonStates.contains(state)) continue; // someone else's daemon
                    log.info("IPVS: stopping {} sync daemon on {}", h.stateName(), h.interfaceName());
                    stopDaemon(state);
                    ownedDaemonStates.remove(state);
                    h = null;
                }
                if (w != null && h == null) {
                    log.info("IPVS: starting {} sync daemon on {} (syncid {})", w.stateName(), w.interfaceName(), w.syncId());
                    try {
                        kernel.startDaemon(w);
                    } catch (IpvsException e) {
                        throw new DataPlaneException("IPVS refused to start the " + w.stateName() + " sync daemon on "
                                + w.interfaceName() + ": " + e.getMessage(), e);
                    }
                }
                if (w != null) ownedDaemonStates.add(state);
            }
        }
    }

    /**
     * Takes the kernel's sync daemons, whoever started them, as this Vigil's: the next {@link #syncDaemons} stops
     * those not wanted. keepalived stops both daemons when its VRRP process starts, so one left by a process that
     * died (a SIGKILLed checker child running a backup daemon, restarted while the instance is MASTER) does not
     * stay beside the new one.
     */
    public void adoptSyncDaemons() {
        synchronized (writeLock) {
            ownedDaemonStates.add(Ipvs.STATE_MASTER);
            ownedDaemonStates.add(Ipvs.STATE_BACKUP);
        }
    }

    private void stopDaemon(int state) {
        try {
            kernel.stopDaemon(state);
        } catch (IpvsException e) {
            if (!e.notFound()) throw e;
        }
    }

    /** Equal where {@code wanted} says something: 0/null fields mean "the kernel's default" and match anything. */
    static boolean sameDaemon(IpvsDaemon wanted, IpvsDaemon have) {
        return wanted.state() == have.state() && wanted.interfaceName().equals(have.interfaceName()) && wanted.syncId() == have.syncId()
                && (wanted.syncMaxLength() == 0 || wanted.syncMaxLength() == have.syncMaxLength())
                && (wanted.multicastGroup() == null || wanted.multicastGroup().equals(have.multicastGroup()))
                && (wanted.multicastPort() == 0 || wanted.multicastPort() == have.multicastPort())
                && (wanted.multicastTtl() == 0 || wanted.multicastTtl() == have.multicastTtl());
    }

    /** Removes every service this Vigil owns and stops the sync daemons it started. */
    @Override
    public void close() {
        synchronized (writeLock) {
            try {
                Map<ServiceKey, IpvsService> mine = ownedInKernel();
                for (ServiceKey k : owned.all()) {
                    if (mine.containsKey(k)) {
                        log.info("IPVS: removing service {} (shutdown)", k);
                        try {
                            kernel.deleteService(IpvsMapping.key(k));
                        } catch (IpvsException e) {
                            if (!e.notFound()) log.warn("IPVS: could not remove {}: {}", k, e.getMessage());
                        }
                    }
                    owned.remove(k);
                }
                for (int state : List.copyOf(ownedDaemonStates)) stopDaemon(state);
                ownedDaemonStates.clear();
            } finally {
                kernel.close();
            }
        }
    }
}
