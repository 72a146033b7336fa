package io.vigil.daemon;

import io.vigil.check.CheckEvent;
import io.vigil.check.CheckerStatus;
import io.vigil.check.DesiredPool;
import io.vigil.check.ProbeResult;
import io.vigil.check.RealServerKey;
import io.vigil.check.VirtualServerKey;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.RealServer;
import io.vigil.config.VirtualServer;
import io.vigil.lb.Counters;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.ServiceStats;
import io.vigil.observe.ObsEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The checker child's observations for the parent: every verdict change with its reason as it happens, and once a
 * second the state of every configured real server (in the pool or not: health, weight, last check, latency
 * histogram, failures by reason, data-plane counters) and each virtual service's totals, when they changed.
 * Probe results are recorded on the checkers' threads (a short lock per real server, never the pipe, no string
 * built). A real server whose state did not change (only its counters: checks, latency, traffic) is reported in
 * slices, each at most every {@link #MAX_REFRESH_ROUNDS} rounds, so that a round costs about
 * {@link #COUNTERS_PER_ROUND} servers rather than all of them (at 1,000 TCP_CHECKs a second, sending every server
 * every second cost the two processes about a third of their CPU per check); a state change goes out in the next
 * round, or at once after {@link #soon}.
 */
final class CheckerReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CheckerReporter.class);
    /** Distinct failure reasons kept per real server; more count as "other" (bounded metric labels). */
    static final int MAX_REASONS = 16;
    /** Real servers whose counters alone changed that one round reports, at most... */
    static final int COUNTERS_PER_ROUND = 100;
    /** ...unless that would leave a server's counters older than this many rounds. */
    static final int MAX_REFRESH_ROUNDS = 10;

    /** A real server of a virtual server, as the maps key it (no string per probe). */
    private record Pair(VirtualServerKey vs, RealServerKey rs) {}

    /** What of a real server is reported at once when it changes (the rest are counters). */
    private record State(String health, boolean inPool, int weight, String kind, boolean lastOk, String lastDetail, int reasons) {}

    /** A configured real server's keys, built once per configuration. */
    private record Entry(RealServerKey rk, Pair pair, String name) {}

    /** Everything a real server's checkers found, cumulative since this child started. */
    private static final class ProbeStats {
        final long[] buckets = new long[ObsEvent.LATENCY_BOUNDS_SECONDS.size() + 1];
        long sumMicros, checks, lastLatencyMicros, lastMillis;
        boolean lastOk;
        String lastDetail, kind;
        final Map<String, Long> failures = new LinkedHashMap<>();
    }

    private final Subsystem.StateSink sink;
    private final Supplier<KeepalivedConfig> config;
    private final Supplier<Map<VirtualServerKey, DesiredPool>> pools;
    private final Supplier<List<CheckerStatus>> checkers;
    private final Supplier<Map<ServiceKey, ServiceStats>> traffic;
    private final Map<Pair, ProbeStats> probes = new ConcurrentHashMap<>();
    private final Map<Pair, Map<Integer, String>> kinds = new ConcurrentHashMap<>();
    private final Map<String, ObsEvent> sent = new HashMap<>();
    /** Each sent event's encoding without its time, to compare the next one with. */
    private final Map<String, String> sentText = new HashMap<>();
    private final Map<String, State> sentState = new HashMap<>();
    private final Map<RealServer, Entry> entries = new java.util.IdentityHashMap<>();
    private KeepalivedConfig entriesOf;
    private long rounds;
    private final Thread poller;
    private volatile boolean open = true;
    private final java.util.concurrent.Semaphore wake = new java.util.concurrent.Semaphore(0);

    CheckerReporter(Subsystem.StateSink sink, Supplier<KeepalivedConfig> config, Supplier<Map<VirtualServerKey, DesiredPool>> pools,
                    Supplier<List<CheckerStatus>> checkers, Supplier<Map<ServiceKey, ServiceStats>> traffic) {
        this.sink = sink;
        this.config = config;
        this.pools = pools;
        this.checkers = checkers;
        this.traffic = traffic;
        poller = Thread.ofVirtual().name("check-reporter").start(this::poll);
    }

    private static String key(VirtualServerKey vs, RealServerKey rs) {
        return vs + "|" + rs;
    }

    /** Reason class for the failures metric: digits folded, so "status 503" and "status 502" stay two but ports do not multiply. */
    static String reasonClass(String reason) {
        if (reason == null || reason.isBlank()) return "unknown";
        String r = reason.replaceAll("\\d+(\\.\\d+)*", "N").strip();
        return r.length() > 80 ? r.substring(0, 80) : r;
    }

    /** On a checker's thread after each probe. */
    void probed(VirtualServerKey vs, RealServerKey rs, int checkerId, String kind, ProbeResult result, long latencyMicros, long endEpochMillis) {
        Pair pair = new Pair(vs, rs);
        Map<Integer, String> byId = kinds.get(pair);
        if (byId == null) byId = kinds.computeIfAbsent(pair, k -> new ConcurrentHashMap<>());
        if (!kind.equals(byId.get(checkerId))) byId.put(checkerId, kind);
        ProbeStats p = probes.get(pair);
        if (p == null) p = probes.computeIfAbsent(pair, k -> new ProbeStats());
        synchronized (p) {
            p.buckets[ObsEvent.latencyBucket(latencyMicros)]++;
            p.sumMicros += latencyMicros;
            p.checks++;
            p.lastLatencyMicros = latencyMicros;
            p.lastMillis = endEpochMillis;
            p.lastOk = result.success();
            p.lastDetail = result.describe();
            p.kind = kind;
            if (!result.success()) {
                String reason = reasonClass(result.describe());
                if (!p.failures.containsKey(reason) && p.failures.size() >= MAX_REASONS) reason = "other";
                p.failures.merge(reason, 1L, Long::sum);
            }
        }
    }

    /** Any thread, never blocks: report now rather than at the end of the period (a pool changed). */
    void soon() {
        if (wake.availablePermits() == 0) wake.release();
    }

    /** On a checker's thread when its verdict changes. */
    void changed(CheckEvent.CheckerChanged c) {
        Map<Integer, String> byId = kinds.get(new Pair(c.vs(), c.rs()));
        String kind = byId == null ? null : byId.get(c.checkerId());
        if (kind == null) kind = "checker " + c.checkerId();
        sink.event(new ObsEvent.HealthChange(System.currentTimeMillis(), c.vs().toString(), c.rs().toString(), kind, c.up(), c.reason()));
    }

    private void poll() {
        while (open) {
            try {
                report();
            } catch (RuntimeException e) {
                LOG.debug("checker counters not reported: {}", e.toString());
            }
            try {
                if (wake.tryAcquire(VrrpReporter.PERIOD_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)) wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One round over the configuration: every real server and virtual service whose state changed. */
    void report() {
        KeepalivedConfig cfg = config.get();
        if (cfg == null) return;
        Map<VirtualServerKey, DesiredPool> pl = pools.get();
        Map<Pair, List<CheckerStatus>> verdicts = new HashMap<>();
        for (CheckerStatus s : checkers.get()) verdicts.computeIfAbsent(new Pair(s.vs(), s.rs()), k -> new ArrayList<>(1)).add(s);
        Map<ServiceKey, ServiceStats> stats = traffic.get();
        long now = System.currentTimeMillis();
        Set<String> seen = new HashSet<>();
        if (cfg != entriesOf) {
            entries.clear();
            entriesOf = cfg;
        }
        int servers = 0;
        for (VirtualServer vs : cfg.virtualServers()) servers += vs.realServers().size();
        int refreshRounds = (int) Math.max(1, Math.min(MAX_REFRESH_ROUNDS, (servers + COUNTERS_PER_ROUND - 1) / COUNTERS_PER_ROUND));
        long round = rounds++;
        int position = 0;
        for (VirtualServer vs : cfg.virtualServers()) {
            VirtualServerKey vk = CheckerConfigMapper.key(vs);
            DesiredPool pool = pl.get(vk);
            List<ServiceStats> svc = new ArrayList<>();
            for (ServiceKey sk : LbStateMapper.serviceKeys(cfg, vs)) if (stats.containsKey(sk)) svc.add(stats.get(sk));
            int up = 0;
            Counters total = Counters.ZERO;
            for (RealServer rs : vs.realServers()) {
                Entry entry = entries.get(rs);
                if (entry == null || !entry.pair().vs().equals(vk)) {
                    RealServerKey key = CheckerConfigMapper.key(vs, rs);
                    entry = new Entry(key, new Pair(vk, key), key(vk, key));
                    entries.put(rs, entry);
                }
                RealServerKey rk = entry.rk();
                String k = entry.name();
                seen.add(k);
                String health = health(rs, verdicts.get(entry.pair()));
                if (health.equals("up")) up++;
                int poolWeight = pool == null ? -1 : pool.weightOf(rk);
                Counters traffic = Counters.ZERO;
                for (ServiceStats s : svc) traffic = traffic.plus(s.server(new io.vigil.lb.RealServer.Key(rk.address(), rk.port())));
                total = total.plus(traffic);
                ProbeStats p = probes.get(entry.pair());
                boolean due = position++ % refreshRounds == round % refreshRounds;
                if (!due) {
                    State st;
                    if (p == null) st = new State(health, poolWeight >= 0, poolWeight >= 0 ? poolWeight : rs.weight(), null, false, null, 0);
                    else synchronized (p) {
                        st = new State(health, poolWeight >= 0, poolWeight >= 0 ? poolWeight : rs.weight(), p.kind, p.lastOk, p.lastDetail, p.failures.size());
                    }
                    if (st.equals(sentState.get(k))) continue; // only its counters changed: its slice's round reports them
                }
                ObsEvent.RealServerCounters c;
                if (p == null) {
                    c = new ObsEvent.RealServerCounters(now, vk.toString(), rk.toString(), health, poolWeight >= 0,
                            poolWeight >= 0 ? poolWeight : rs.weight(), null, false, null, 0, 0, 0, Map.of(),
                            zeros(), 0, traffic.activeConns(), traffic.inactiveConns(), traffic.conns(), traffic.packetsIn(),
                            traffic.packetsOut(), traffic.bytesIn(), traffic.bytesOut());
                } else {
                    synchronized (p) {
                        c = new ObsEvent.RealServerCounters(now, vk.toString(), rk.toString(), health, poolWeight >= 0,
                                poolWeight >= 0 ? poolWeight : rs.weight(), p.kind, p.lastOk, p.lastDetail, p.lastLatencyMicros, p.lastMillis,
                                p.checks, p.failures, Arrays.stream(p.buckets).boxed().toList(), p.sumMicros, traffic.activeConns(),
                                traffic.inactiveConns(), traffic.conns(), traffic.packetsIn(), traffic.packetsOut(), traffic.bytesIn(),
                                traffic.bytesOut());
                    }
                }
                sentState.put(k, new State(c.health(), c.inPool(), c.weight(), c.checker(), c.lastCheckOk(), c.lastCheckDetail(), c.failures().size()));
                send("rs|" + k, c, c.atMillis());
            }
            Counters t = Counters.ZERO;
            for (ServiceStats s : svc) t = t.plus(s.total());
            if (t.equals(Counters.ZERO)) t = total;
            ObsEvent.VirtualServiceCounters v = new ObsEvent.VirtualServiceCounters(now, vk.toString(), pool == null || pool.quorumUp(),
                    pool != null && pool.sorryServerActive(), vs.realServers().size(), up, t.activeConns(), t.inactiveConns(), t.conns(),
                    t.packetsIn(), t.packetsOut(), t.bytesIn(), t.bytesOut());
            seen.add(vk.toString());
            send("vs|" + vk, v, now);
        }
        for (String gone : new HashSet<>(sent.keySet())) {
            String name = gone.substring(3);
            if (seen.contains(name)) continue;
            sent.remove(gone);
            sentText.remove(gone);
            sentState.remove(name);
            probes.keySet().removeIf(p -> key(p.vs(), p.rs()).equals(name));
            kinds.keySet().removeIf(p -> key(p.vs(), p.rs()).equals(name));
            sink.event(new ObsEvent.Removed(now, gone.startsWith("rs|") ? "real_server" : "virtual_server", name));
        }
    }

    /** Sends when anything but the time changed (the time is the first component; compared by re-encoding without it). */
    private void send(String key, ObsEvent e, long atMillis) {
        String body = io.vigil.observe.EventLine.encode(e);
        String time = " " + atMillis + " ";
        int at = body.indexOf(time);
        String withoutTime = at < 0 ? body : body.substring(0, at) + " " + body.substring(at + time.length());
        if (withoutTime.equals(sentText.get(key))) return;
        sentText.put(key, withoutTime);
        sent.put(key, e);
        sink.counters(key, e);
    }

    private static List<Long> zeros() {
        return Arrays.stream(new long[ObsEvent.LATENCY_BOUNDS_SECONDS.size() + 1]).boxed().toList();
    }

    /** keepalived's rule: a real server is up while every checker says so; one without checkers is always up. */
    static String health(RealServer rs, List<CheckerStatus> verdicts) {
        if (rs.checkers().isEmpty()) return "up";
        if (verdicts == null || verdicts.isEmpty()) return "unknown";
        for (CheckerStatus s : verdicts) if (!s.up()) return "down";
        return verdicts.size() < rs.checkers().size() ? "unknown" : "up";
    }

    @Override
    public void close() {
        open = false;
        poller.interrupt();
    }
}
