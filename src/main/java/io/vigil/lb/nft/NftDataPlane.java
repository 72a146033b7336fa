package io.vigil.lb.nft;

import io.vigil.net.Json;
import io.vigil.lb.Counters;
import io.vigil.lb.DataPlane;
import io.vigil.lb.DataPlaneException;
import io.vigil.lb.DataPlaneKind;
import io.vigil.lb.DesiredState;
import io.vigil.lb.Plan;
import io.vigil.lb.RealServer;
import io.vigil.lb.Reconciler;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.ServiceStats;
import io.vigil.lb.VirtualService;
import io.vigil.netlink.ConntrackEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The nftables data plane: virtual services as DNAT in tables {@code ip vigil} / {@code ip6 vigil}, which Vigil owns
 * alone. Each apply sends one JSON batch per family built by {@link NftRuleset} from the plan's target state (one
 * atomic kernel transaction). Schedulers that need live connection counts (lc, wlc, sed, nq, lblc, lblcr, ovf),
 * ops, thresholds and DR/TUN are refused with a clear message: choose rr/wrr/sh/dh/mh/fo or the proxy.
 * Stats come from named counters: conns (new connections per server), packets and bytes in/out; active and
 * inactive connection counts come from the conntrack table ({@link ConnectionTable}, counted by
 * {@link ConnectionCounts} as IPVS counts them) and read 0 when it cannot be read.
 */
public final class NftDataPlane implements DataPlane {
    private static final Logger log = LoggerFactory.getLogger(NftDataPlane.class);
    private static final List<String> FAMILIES = List.of("ip", "ip6");

    private final NftRunner nft;
    private final ConnectionTable connections;
    private DesiredState applied = DesiredState.EMPTY;
    private boolean connectionsWarned;
    private final ConntrackPressure pressure = new ConntrackPressure();
    private final java.util.function.LongSupplier clock;
    private List<ConntrackEntry> lastEntries = List.of();

    /** Counts connections in the conntrack table of the caller's network namespace. */
    public NftDataPlane(NftRunner nft) {
        this(nft, ConnectionTable.kernel());
    }

    /** {@code connections} must be the conntrack table of the namespace {@code nft} acts on. */
    public NftDataPlane(NftRunner nft, ConnectionTable connections) {
        this(nft, connections, () -> System.nanoTime() / 1_000_000);
    }

    /** As above, with the clock (monotonic milliseconds) that paces conntrack dumps and warnings. */
    NftDataPlane(NftRunner nft, ConnectionTable connections, java.util.function.LongSupplier clockMillis) {
        this.nft = nft;
        this.connections = connections;
        this.clock = clockMillis;
    }

    /** True when {@code nft} runs and the kernel answers (nf_tables present, permission to use it). */
    public static boolean usable(NftRunner nft) {
        NftRunner.Result r = nft.listTable("ip");
        return r.ok() || r.output().contains("No such file or directory");
    }

    @Override
    public DataPlaneKind kind() {
        return DataPlaneKind.NFTABLES;
    }

    @Override
    public List<String> unsupported(DesiredState desired) {
        return NftRuleset.unsupported(desired.services());
    }

    @Override
    public synchronized DesiredState current() {
        return applied;
    }

    @Override
    public synchronized void apply(Plan plan) {
        List<String> problems = unsupported(plan.to());
        if (!problems.isEmpty()) throw new DataPlaneException("nftables data plane: " + String.join("; ", problems));
        for (String family : FAMILIES) {
            List<VirtualService> services = plan.to().services().stream().filter(s -> NftRuleset.family(s.key()).equals(family)).toList();
            List<Object> batch = NftRuleset.batch(family, services, existing(family));
            if (batch.isEmpty()) continue;
            NftRunner.Result r = nft.apply(Json.write(Json.obj("nftables", batch)));
            if (!r.ok()) throw new DataPlaneException("nft rejected the " + family + " vigil batch (" + plan.changes().size() + " changes): " + r.output().strip());
        }
        applied = plan.to();
        log.info("nftables: applied {} change(s), {} service(s)", plan.changes().size(), applied.services().size());
    }

    /**
     * A checker's verdict: when only servers of services that stay as they are change, one small batch per family
     * touched ({@link NftDelta}: the services' chains refilled, the servers' own objects and counter-map elements
     * added or deleted), built from the table as last applied, without reading it back. Otherwise, or if nft refuses
     * that batch, the whole table is rewritten as at start-up and on reload ({@link #apply}).
     */
    @Override
    public synchronized Plan reconcile(DesiredState desired, Set<ServiceKey> changed) {
        List<String> problems = unsupported(desired);
        if (!problems.isEmpty())
            throw new DataPlaneException(kind().keyword() + " data plane cannot serve this configuration: " + String.join("; ", problems));
        Plan plan = Reconciler.plan(applied, desired);
        if (!plan.isEmpty() && !applyDelta(plan)) apply(plan);
        return plan;
    }

    /** True when {@link NftDelta}'s batches took the table to {@code plan.to()}; false when the whole table must be written. */
    private boolean applyDelta(Plan plan) {
        Map<String, List<Object>> batches = new LinkedHashMap<>();
        for (String family : FAMILIES) {
            java.util.Optional<List<Object>> b = NftDelta.batch(family, plan);
            if (b.isEmpty()) return false;
            if (!b.get().isEmpty()) batches.put(family, b.get());
        }
        for (Map.Entry<String, List<Object>> e : batches.entrySet()) {
            NftRunner.Result r = nft.apply(Json.write(Json.obj("nftables", e.getValue())));
            if (!r.ok()) {
                log.warn("nftables: the {} vigil table refused {} change(s) made in place ({}); rewriting it whole", e.getKey(),
                        plan.changes().size(), r.output().strip());
                return false;
            }
        }
        applied = plan.to();
        log.info("nftables: applied {} change(s) in place, {} service(s)", plan.changes().size(), applied.services().size());
        return true;
    }

    /** Names of the chains, sets and counters now in {@code FAMILY vigil}. */
    NftRuleset.Existing existing(String family) {
        NftRunner.Result r = nft.listTable(family);
        if (!r.ok()) return NftRuleset.Existing.NONE;
        Set<String> chains = new LinkedHashSet<>(), sets = new LinkedHashSet<>(), counters = new LinkedHashSet<>();
        for (Map<String, Object> o : objects(r.output())) {
            if (o.get("chain") instanceof Map<?, ?> c) chains.add((String) c.get("name"));
            if (o.get("set") instanceof Map<?, ?> c) sets.add((String) c.get("name"));
            if (o.get("map") instanceof Map<?, ?> c) sets.add((String) c.get("name"));
            if (o.get("counter") instanceof Map<?, ?> c) counters.add((String) c.get("name"));
        }
        return new NftRuleset.Existing(true, chains, sets, counters);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(String json) {
        Object root = Json.parse(json);
        if (!(root instanceof Map<?, ?> m) || !(m.get("nftables") instanceof List<?> l)) throw new DataPlaneException("unexpected nft -j output");
        return (List<Map<String, Object>>) (List<?>) l;
    }

    private record PacketsBytes(long packets, long bytes) {}

    @Override
    public synchronized Map<ServiceKey, ServiceStats> stats() {
        Map<String, PacketsBytes> counters = new HashMap<>();
        for (String family : FAMILIES) {
            NftRunner.Result r = nft.listTable(family);
            if (!r.ok()) continue;
            for (Map<String, Object> o : objects(r.output())) {
                if (o.get("counter") instanceof Map<?, ?> c)
                    counters.put((String) c.get("name"), new PacketsBytes(((Number) c.get("packets")).longValue(), ((Number) c.get("bytes")).longValue()));
            }
        }
        Map<ServiceKey, Map<RealServer.Key, ConnectionCounts.Conns>> conns = ConnectionCounts.count(applied.services(), trackedConnections());
        Map<ServiceKey, ServiceStats> out = new LinkedHashMap<>();
        for (VirtualService s : applied.services()) {
            Map<RealServer.Key, Counters> per = new LinkedHashMap<>();
            Counters total = Counters.ZERO;
            for (RealServer rs : s.servers()) {
                PacketsBytes conn = counters.getOrDefault(NftRuleset.connCounter(s.key(), rs.key()), new PacketsBytes(0, 0));
                PacketsBytes in = counters.getOrDefault(NftRuleset.inCounter(s.key(), rs.key()), new PacketsBytes(0, 0));
                PacketsBytes outC = counters.getOrDefault(NftRuleset.outCounter(s.key(), rs.key()), new PacketsBytes(0, 0));
                ConnectionCounts.Conns now = conns.get(s.key()).getOrDefault(rs.key(), ConnectionCounts.Conns.ZERO);
                Counters c = new Counters(now.active(), now.inactive(), conn.packets(), in.packets(), outC.packets(), in.bytes(), outC.bytes());
                per.put(rs.key(), c);
                total = total.plus(c);
            }
            out.put(s.key(), new ServiceStats(s.key(), total, per));
        }
        return out;
    }

    /**
     * Conntrack entries, or none (counts 0) when the table cannot be read; the first failure is logged. A large table
     * is dumped less often ({@link ConntrackPressure}), the last entries standing in between; a table near its limit is
     * logged.
     */
    private List<ConntrackEntry> trackedConnections() {
        ConntrackPressure.Usage usage = connections.usage();
        if (usage != null) {
            pressure.observe(usage, clock.getAsLong()).ifPresent(line -> {
                if (pressure.high()) log.warn(line);
                else log.info(line);
            });
        }
        if (applied.services().isEmpty()) return List.of();
        if (!pressure.dumpDue(usage, clock.getAsLong())) return lastEntries;
        try {
            List<ConntrackEntry> e = connections.entries();
            connectionsWarned = false;
            lastEntries = e;
            return e;
        } catch (RuntimeException e) {
            if (!connectionsWarned) log.warn("nftables: cannot read the conntrack table, active/inactive connections read 0: {}", e.getMessage());
            connectionsWarned = true;
            return List.of();
        }
    }

    /** Deletes Vigil's tables (and only them). */
    @Override
    public synchronized void close() {
        for (String family : FAMILIES) {
            List<Object> batch = NftRuleset.batch(family, List.of(), existing(family));
            if (!batch.isEmpty()) {
                NftRunner.Result r = nft.apply(Json.write(Json.obj("nftables", batch)));
                if (!r.ok()) log.warn("could not delete table {} vigil: {}", family, r.output().strip());
            }
        }
        applied = DesiredState.EMPTY;
        connections.close();
    }
}
