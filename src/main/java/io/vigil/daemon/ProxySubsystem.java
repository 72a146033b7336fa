package io.vigil.daemon;

import io.vigil.config.GlobalDefs;
import io.vigil.lb.DesiredState;
import io.vigil.lb.Plan;
import io.vigil.lb.StatusFormatter;
import io.vigil.lb.proxy.ProxyDataPlane;
import io.vigil.lb.proxy.ProxySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy child: Vigil's userspace data plane in a process of its own. It serves whatever desired state the
 * checker child last sent (the parent relays it, and replays the last one to a restarted proxy child), so the death
 * of the checker child does not interrupt a single connection.
 */
public final class ProxySubsystem implements Subsystem {
    private static final Logger LOG = LoggerFactory.getLogger(ProxySubsystem.class);

    private ProxyDataPlane plane = new ProxyDataPlane(settings(GlobalDefs.ProxyEngine.epoll), ProxySubsystem::exitOnWorkerDeath);
    /** Sends the counters to the checker child (through the parent) each second, as IPVS's are read there. */
    private Thread reporter;

    static final long STATS_EVERY_MILLIS = 1_000;

    /** The proxy's settings for {@code vigil_proxy_engine}: epoll when asked for (the default), else io_uring (which falls back to epoll itself). */
    static ProxySettings settings(GlobalDefs.ProxyEngine engine) {
        return ProxySettings.DEFAULTS.withIoModel(engine == GlobalDefs.ProxyEngine.epoll ? ProxySettings.IoModel.EPOLL : ProxySettings.IoModel.IO_URING);
    }

    /**
     * A dead proxy worker leaves its listener serving nobody, and it cannot be restarted in place: a new process is
     * better. Halt (no shutdown hooks: they could need what just failed), and the watchdog starts a new proxy child.
     */
    static void exitOnWorkerDeath(java.net.InetSocketAddress listenAddress, Throwable cause) {
        LOG.error("the proxy process exits so that a new one serves {}", listenAddress);
        Runtime.getRuntime().halt(70);
    }

    @Override
    public synchronized void start(Context context) {
        GlobalDefs.ProxyEngine engine = GlobalDefs.ProxyEngine.epoll;
        try {
            engine = CheckerSubsystem.load(context.configFile(), context.configId(), context.compat()).globalDefs().proxyEngine();
        } catch (RuntimeException e) {
            LOG.warn("Proxy child: cannot read vigil_proxy_engine ({}); using epoll", e.getMessage());
        }
        plane.close();
        plane = new ProxyDataPlane(settings(engine), ProxySubsystem::exitOnWorkerDeath);
        LOG.info("Proxy data plane ready (TCP engine: {}, vigil_proxy_engine {})", plane.engine(), engine);
        if (reporter != null) reporter.interrupt();
        reporter = Thread.ofVirtual().name("vigil-proxy-stats").start(() -> report(context.sink()));
    }

    private void report(Subsystem.StateSink sink) {
        String last = null;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(STATS_EVERY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            String text;
            synchronized (this) {
                text = DesiredStateText.encodeStats(plane.stats());
            }
            if (!text.equals(last)) sink.proxyStats(last = text);
        }
    }

    @Override
    public synchronized void receive(String verb, String payload) {
        if (!verb.equals(ChildProtocol.APPLY)) return;
        DesiredState desired = DesiredStateText.decode(payload);
        Plan plan = plane.reconcile(desired);
        if (!plan.isEmpty()) LOG.info("Proxy updated: {} change(s)", plan.changes().size());
    }

    @Override
    public String reload() {
        return "proxy follows the checkers";
    }

    @Override
    public synchronized String status() {
        return StatusFormatter.format(plane.kind(), plane.current(), plane.stats())
                .replaceFirst("\n", " (TCP engine: " + plane.engine() + ")\n");
    }

    @Override
    public String dump(boolean stats) {
        return stats ? status() : "";
    }

    @Override
    public synchronized void close() {
        if (reporter != null) reporter.interrupt();
        plane.close();
    }
}
