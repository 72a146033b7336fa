package io.vigil.daemon;

import io.vigil.lb.DataPlane;
import io.vigil.lb.DataPlaneKind;
import io.vigil.lb.DesiredState;
import io.vigil.lb.Plan;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.ServiceStats;
import io.vigil.lb.proxy.ProxyDataPlane;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The checker child's view of the userspace proxy, which runs in its own child process so that a restarted
 * checker never interrupts traffic: each applied plan's target state is handed on (through the parent) as text.
 */
final class ForwardedDataPlane implements DataPlane {
    private final Consumer<String> toProxy;
    private final ProxyDataPlane rules = new ProxyDataPlane();
    private DesiredState current = DesiredState.EMPTY;

    ForwardedDataPlane(Consumer<String> toProxy) {
        this.toProxy = toProxy;
    }

    @Override
    public DataPlaneKind kind() {
        return DataPlaneKind.PROXY;
    }

    @Override
    public List<String> unsupported(DesiredState desired) {
        return rules.unsupported(desired);
    }

    @Override
    public synchronized DesiredState current() {
        return current;
    }

    @Override
    public synchronized void apply(Plan plan) {
        current = plan.to();
        toProxy.accept(DesiredStateText.encode(current));
    }

    /** The proxy child's counters, as it last sent them (through the parent, each second). */
    private volatile Map<ServiceKey, ServiceStats> proxyStats = Map.of();

    void proxyStats(Map<ServiceKey, ServiceStats> stats) {
        proxyStats = Map.copyOf(stats);
    }

    @Override
    public Map<ServiceKey, ServiceStats> stats() {
        return proxyStats;
    }

    /** The proxy child outlives a checker child: closing here leaves the forwarding as it is. */
    @Override
    public void close() {
        rules.close();
    }
}
