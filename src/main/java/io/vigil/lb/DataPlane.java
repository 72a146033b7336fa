package io.vigil.lb;

import java.util.List;
import java.util.Map;

/**
 * Where virtual services become forwarding: kernel IPVS ({@code lb.ipvs}), nftables NAT ({@code lb.nft}) or the
 * userspace proxy ({@code lb.proxy}).
 *
 * <p>Contract for every back end:
 * <ul>
 *   <li>{@link #current()} returns only what this Vigil owns (services it created, or adopted because the desired
 *       state named them); anything else in the kernel is invisible to it and is never changed or flushed.</li>
 *   <li>{@link #apply(Plan)} executes a plan computed by {@link Reconciler#plan(DesiredState, DesiredState)} from
 *       {@link #current()}; applying the same desired state twice yields an empty plan the second time.
 *       An {@code AddService} for a key that exists but was not owned adopts it (edits it into shape).</li>
 *   <li>Weight 0 drains (no new connections, existing ones keep going); a removed server gets no new connections.</li>
 *   <li>{@link #unsupported(DesiredState)} lists, in plain words, what this back end cannot do for the given state
 *       (e.g. lc on nftables); {@link #reconcile} refuses such a state with a {@link DataPlaneException} naming them.</li>
 *   <li>{@link #close()} removes everything this Vigil owns (on shutdown).</li>
 * </ul>
 * Implementations are thread-safe for one writer and concurrent {@link #stats()} readers.
 */
public interface DataPlane extends AutoCloseable {

    DataPlaneKind kind();

    /** What this back end cannot serve in {@code desired}, one clear sentence each; empty when all is fine. */
    List<String> unsupported(DesiredState desired);

    /** The services this Vigil owns now, read back from where they live (kernel, proxy). */
    DesiredState current();

    /** Executes the plan's changes in order. Throws {@link DataPlaneException} naming the change that failed. */
    void apply(Plan plan);

    /** Counters for every owned service and each of its servers. */
    Map<ServiceKey, ServiceStats> stats();

    /** Removes everything this Vigil owns. */
    @Override
    void close();

    /** Brings the data plane to {@code desired} as a diff and returns the plan that was applied. */
    /**
     * keepalived's lvs_flush / lvs_flush_on_stop: empties the kernel's whole table, other programs' services included.
     * Returns false where the back end shares no table with other programs (nftables: Vigil's own table; the proxy).
     */
    default boolean flushWholeTable() {
        return false;
    }

    /**
     * As {@link #reconcile(DesiredState)} when only the services in {@code changed} can differ from what this data
     * plane was last brought to (a checker's verdict changes one service): a back end that reads its state back from
     * the kernel may read and compare only those. The default reconciles everything.
     */
    default Plan reconcile(DesiredState desired, java.util.Set<ServiceKey> changed) {
        return reconcile(desired);
    }

    default Plan reconcile(DesiredState desired) {
        List<String> problems = unsupported(desired);
        if (!problems.isEmpty())
            throw new DataPlaneException(kind().keyword() + " data plane cannot serve this configuration: " + String.join("; ", problems));
        Plan plan = Reconciler.plan(current(), desired);
        if (!plan.isEmpty()) apply(plan);
        return plan;
    }
}
