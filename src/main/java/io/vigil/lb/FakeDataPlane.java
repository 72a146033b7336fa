package io.vigil.lb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory data plane: holds what it was told, records every plan, counts nothing by itself (tests may
 * set counters with {@link #setCounters}). For tests of code that drives a {@link DataPlane}, and for
 * {@code vigil} runs with no forwarding at all.
 */
public final class FakeDataPlane implements DataPlane {
    private final DataPlaneKind kind;
    private DesiredState state = DesiredState.EMPTY;
    private final List<Plan> applied = new ArrayList<>();
    private final Map<ServiceKey, Map<RealServer.Key, Counters>> counters = new LinkedHashMap<>();
    private final List<String> refusals = new ArrayList<>();

    public FakeDataPlane() {
        this(DataPlaneKind.PROXY);
    }

    public FakeDataPlane(DataPlaneKind kind) {
        this.kind = kind;
    }

    @Override
    public DataPlaneKind kind() {
        return kind;
    }

    /** Makes {@link #unsupported} report this problem (to test refusal paths). */
    public synchronized void refuse(String problem) {
        refusals.add(problem);
    }

    @Override
    public synchronized List<String> unsupported(DesiredState desired) {
        return List.copyOf(refusals);
    }

    @Override
    public synchronized DesiredState current() {
        return state;
    }

    @Override
    public synchronized void apply(Plan plan) {
        state = Reconciler.applyTo(state, plan.changes());
        applied.add(plan);
    }

    private int flushes;

    /** As a kernel table shared with others (IPVS): everything goes. */
    @Override
    public synchronized boolean flushWholeTable() {
        if (kind != DataPlaneKind.IPVS) return false;
        state = DesiredState.EMPTY;
        flushes++;
        return true;
    }

    public synchronized int flushes() {
        return flushes;
    }

    public synchronized List<Plan> applied() {
        return List.copyOf(applied);
    }

    public synchronized void setCounters(ServiceKey service, RealServer.Key server, Counters c) {
        counters.computeIfAbsent(service, k -> new LinkedHashMap<>()).put(server, c);
    }

    @Override
    public synchronized Map<ServiceKey, ServiceStats> stats() {
        Map<ServiceKey, ServiceStats> out = new LinkedHashMap<>();
        for (VirtualService s : state.services()) {
            Map<RealServer.Key, Counters> per = new LinkedHashMap<>();
            Counters total = Counters.ZERO;
            for (RealServer r : s.servers()) {
                Counters c = counters.getOrDefault(s.key(), Map.of()).getOrDefault(r.key(), Counters.ZERO);
                per.put(r.key(), c);
                total = total.plus(c);
            }
            out.put(s.key(), new ServiceStats(s.key(), total, per));
        }
        return out;
    }

    @Override
    public synchronized void close() {
        state = DesiredState.EMPTY;
    }
}
