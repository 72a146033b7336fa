package io.vigil.daemon;

import io.vigil.lb.DesiredState;
import io.vigil.lb.Plan;
import io.vigil.lb.StatusFormatter;
import io.vigil.lb.proxy.ProxyDataPlane;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy child: Vigil's userspace data plane in a process of its own. It serves whatever desired state the
 * checker child last sent (the parent relays it, and replays the last one to a restarted proxy child), so the death
 * of the checker child does not interrupt a single connection.
 */
public final class ProxySubsystem implements Subsystem {
    private static final Logger LOG = LoggerFactory.getLogger(ProxySubsystem.class);

    private final ProxyDataPlane plane = new ProxyDataPlane();

    @Override
    public void start(Context context) {
        LOG.info("Proxy data plane ready");
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
        return StatusFormatter.format(plane.kind(), plane.current(), plane.stats());
    }

    @Override
    public String dump(boolean stats) {
        return stats ? status() : "";
    }

    @Override
    public synchronized void close() {
        plane.close();
    }
}
