package io.vigil.lb.proxy;

import io.vigil.lb.Change;
import io.vigil.lb.DataPlane;
import io.vigil.lb.DataPlaneException;
import io.vigil.lb.DataPlaneKind;
import io.vigil.lb.DesiredState;
import io.vigil.lb.Forwarding;
import io.vigil.lb.Plan;
import io.vigil.lb.Protocol;
import io.vigil.lb.RealServer;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.ServiceStats;
import io.vigil.lb.VirtualService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The userspace proxy data plane (Vigil's embedded default): one TCP or UDP listener per virtual service on
 * the virtual address and port. Forwarding methods do not apply (every server is reached by a new connection
 * from this host, like IPVS NAT without needing the route back); fwmark and SCTP services cannot be proxied and
 * are refused by {@link #unsupported}. Removing a server stops new connections to it at once while its open
 * connections run on; weight 0 does the same but keeps the server listed.
 */
public final class ProxyDataPlane implements DataPlane {
    private static final Logger log = LoggerFactory.getLogger(ProxyDataPlane.class);

    private final ProxySettings settings;
    private final WorkerDeath onWorkerDeath;
    private final Map<ServiceKey, ServicePool> pools = new LinkedHashMap<>();
    private final Map<ServiceKey, Listener> listeners = new LinkedHashMap<>();

    /**
     * What the process does when a native TCP worker dies: its listener then serves nobody (the kernel still completes
     * handshakes into its queue), and a worker cannot be restarted in place (the JVM keeps a failed class link failed),
     * so the process that owns the plane decides (the proxy child exits and its watchdog starts a new one).
     */
    @FunctionalInterface
    public interface WorkerDeath {
        /** Called on the dead worker's thread, after its error was logged. */
        void died(InetSocketAddress listenAddress, Throwable cause);

        /** Nothing more than the log line (tests, benchmarks). */
        WorkerDeath LOG_ONLY = (listenAddress, cause) -> { };
    }

    public ProxyDataPlane(ProxySettings settings, WorkerDeath onWorkerDeath) {
        this.settings = settings;
        this.onWorkerDeath = onWorkerDeath;
    }

    public ProxyDataPlane(ProxySettings settings) {
        this(settings, WorkerDeath.LOG_ONLY);
    }

    public ProxyDataPlane() {
        this(ProxySettings.DEFAULTS);
    }

    @Override
    public DataPlaneKind kind() {
        return DataPlaneKind.PROXY;
    }

    @Override
    public List<String> unsupported(DesiredState desired) {
        List<String> out = new ArrayList<>();
        for (VirtualService s : desired.services()) {
            switch (s.key()) {
                case ServiceKey.Fwmark fw -> out.add("virtual_server " + fw + ": fwmark services need the kernel (ipvs or nftables), the proxy listens on an address and port");
                case ServiceKey.Ip ip when ip.protocol() == Protocol.SCTP -> out.add("virtual_server " + ip + ": SCTP is not proxied");
                case ServiceKey.Ip ip when ip.port() == 0 -> out.add("virtual_server " + ip + ": port 0 (all ports) needs the kernel");
                case ServiceKey.Ip ip -> { }
            }
            if (s.persistence().enabled() && s.persistence().hasEngine())
                out.add("virtual_server " + s.key() + ": persistence_engine " + s.persistence().engine() + " is an IPVS persistence engine; the proxy has none");
        }
        return out;
    }

    @Override
    public synchronized DesiredState current() {
        List<VirtualService> out = new ArrayList<>();
        for (ServicePool p : pools.values()) out.add(p.settings());
        return new DesiredState(out);
    }

    @Override
    public synchronized void apply(Plan plan) {
        for (Change c : plan.changes()) {
            try {
                switch (c) {
                    case Change.AddService a -> add(a.settings());
                    case Change.EditService e -> pool(e.service()).configure(e.settings());
                    case Change.RemoveService r -> remove(r.service());
                    case Change.AddServer a -> {
                        warnForwarding(a.server());
                        pool(a.service()).addServer(a.server());
                    }
                    case Change.EditServer e -> pool(e.service()).editServer(e.server());
                    case Change.RemoveServer r -> pool(r.service()).removeServer(r.before().key());
                }
            } catch (DataPlaneException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new DataPlaneException("proxy: " + c + " failed: " + e.getMessage(), e);
            }
        }
    }

    private void warnForwarding(RealServer r) {
        if (r.forwarding() != Forwarding.NAT)
            log.info("real server {}: lb_kind {} does not apply to the proxy; it is reached through a proxied connection", r.key(), r.forwarding());
    }

    private void add(VirtualService s) {
        if (!(s.key() instanceof ServiceKey.Ip ip)) throw new DataPlaneException("proxy cannot serve " + s.key());
        ServicePool p = new ServicePool(s.withServers(List.of()), new InetSocketAddress(ip.address(), ip.port()));
        pools.put(s.key(), p);
        Listener l = switch (ip.protocol()) {
            case TCP -> switch (settings.ioModel()) {
                case NIO -> new TcpNioListener(p, settings);
                case VIRTUAL_THREADS -> new TcpVirtualThreadListener(p, settings);
                case EPOLL -> epollUsable() ? new TcpEpollListener(p, settings, onWorkerDeath) : new TcpNioListener(p, settings);
                case IO_URING -> uringUsable() ? new TcpUringListener(p, settings)
                        : epollUsable() ? new TcpEpollListener(p, settings, onWorkerDeath) : new TcpNioListener(p, settings);
            };
            case UDP -> new UdpListener(p, settings);
            case SCTP -> throw new DataPlaneException("proxy cannot serve SCTP " + s.key());
        };
        listeners.put(s.key(), l);
        log.info("proxy: {} {} {}", s.key(), s.scheduler().ipvsName(), l.bound() ? "listening" : "waiting for its address");
    }

    private static volatile Boolean epollUsable;

    /** The native engine needs Linux epoll through FFM; elsewhere the JDK NIO engine serves. */
    private static boolean epollUsable() {
        if (epollUsable == null) {
            try {
                io.vigil.sys.EpollIo.close(io.vigil.sys.EpollIo.epollCreate());
                epollUsable = true;
            } catch (LinkageError | RuntimeException e) {
                log.warn("native epoll unavailable ({}); the proxy uses JDK NIO", e.toString());
                epollUsable = false;
            }
        }
        return epollUsable;
    }

    private static volatile io.vigil.sys.IoUring.Availability uring;

    /** io_uring is probed once per process, and the choice said in the log either way. */
    private static boolean uringUsable() {
        io.vigil.sys.IoUring.Availability a = uring;
        if (a == null) {
            synchronized (ProxyDataPlane.class) {
                if (uring == null) {
                    a = io.vigil.sys.IoUring.probe();
                    if (a.available()) log.info("proxy engine: io_uring ({})", a.reason());
                    else log.warn("proxy engine: epoll, io_uring unavailable: {}", a.reason());
                    uring = a;
                }
                a = uring;
            }
        }
        return a.available();
    }

    /** The TCP engine this plane runs (for status): the configured one, or the fallback it fell to. */
    public String engine() {
        return switch (settings.ioModel()) {
            case NIO -> "nio";
            case VIRTUAL_THREADS -> "virtual threads";
            case EPOLL -> epollUsable() ? "epoll" : "nio";
            case IO_URING -> uringUsable() ? "io_uring" : epollUsable() ? "epoll" : "nio";
        };
    }

    private void remove(ServiceKey k) {
        pools.remove(k);
        Listener l = listeners.remove(k);
        if (l != null) l.close();
    }

    private ServicePool pool(ServiceKey k) {
        ServicePool p = pools.get(k);
        if (p == null) throw new DataPlaneException("proxy: no such service " + k);
        return p;
    }

    /** True once the service's listening socket is bound. */
    public synchronized boolean listening(ServiceKey k) {
        Listener l = listeners.get(k);
        return l != null && l.bound();
    }

    @Override
    public synchronized Map<ServiceKey, ServiceStats> stats() {
        Map<ServiceKey, ServiceStats> out = new LinkedHashMap<>();
        for (var e : pools.entrySet()) out.put(e.getKey(), e.getValue().stats());
        return out;
    }

    @Override
    public synchronized void close() {
        for (ServiceKey k : List.copyOf(pools.keySet())) remove(k);
    }
}
