package io.vigil.lb;

import java.util.List;

/**
 * What {@link Reconciler#plan} found: the state before, the state wanted, and the ordered changes between them.
 * Incremental back ends (IPVS) execute {@link #changes()}; back ends that rewrite atomically (nftables) may
 * build from {@link #to()} instead. An empty change list means nothing to do.
 */
public record Plan(DesiredState from, DesiredState to, List<Change> changes) {
    public Plan {
        changes = List.copyOf(changes);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }
}
