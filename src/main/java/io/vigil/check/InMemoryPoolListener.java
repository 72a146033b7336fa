package io.vigil.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Keeps the latest desired pool per virtual server and the history of changes (for tests and benchmarks). */
public final class InMemoryPoolListener implements PoolListener {
    private final Map<VirtualServerKey, DesiredPool> latest = new ConcurrentHashMap<>();
    private final List<DesiredPool> history = new ArrayList<>();
    private volatile Consumer<DesiredPool> observer = p -> {};

    @Override
    public void onPoolChanged(VirtualServerKey vs, DesiredPool pool) {
        latest.put(vs, pool);
        synchronized (history) {
            history.add(pool);
        }
        observer.accept(pool);
    }

    @Override
    public void onVirtualServerRemoved(VirtualServerKey vs) {
        latest.remove(vs);
    }

    public DesiredPool pool(VirtualServerKey vs) {
        return latest.get(vs);
    }

    /** Weight of {@code rs} in the latest pool of {@code vs}, -1 when absent or unknown. */
    public int weightOf(VirtualServerKey vs, RealServerKey rs) {
        DesiredPool p = latest.get(vs);
        return p == null ? -1 : p.weightOf(rs);
    }

    public List<DesiredPool> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    /** Called after each change, on the coordinator's thread. */
    public void observe(Consumer<DesiredPool> o) {
        this.observer = o == null ? p -> {} : o;
    }
}
