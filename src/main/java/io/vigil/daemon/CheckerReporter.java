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
 * Probe results are recorded on the checkers' threads (a short lock per real server, never the pipe).
 */
final class CheckerReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CheckerReporter.class);
    /** Distinct failure reasons kept per real server; more count as "other" (bounded metric labels). */
    static final int MAX_REASONS = 16;

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
    private final Map<String, ProbeStats> probes = new ConcurrentHashMap<>();
    private final Map<String, String> kinds = new ConcurrentHashMap<>();
    private final Map<String, ObsEvent> sent = new HashMap<>();
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
    void probed(VirtualServerKey vs, RealServerKey rs, int checkerId, String kind, ProbeResult result, long latencyMicros) {
        kinds.put(key(vs, rs) + "|" + checkerId, kind);
        ProbeStats p = probes.computeIfAbsent(key(vs, rs), k -> new ProbeStats());
        synchronized (p) {
            p.buckets[ObsEvent.latencyBucket(latencyMicros)]++;
            p.sumMicros += latencyMicros;
            p.checks++;
            p.lastLatencyMicros = latencyMicros;
            p.lastMillis = System.currentTimeMillis();
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
        String kind = kinds.getOrDefault(key(c.vs(), c.rs()) + "|" + c.checkerId(), "checker " + c.checkerId());
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
        Map<String, List<CheckerStatus>> verdicts = new HashMap<>();
        for (CheckerStatus s : checkers.get()) verdicts.computeIfAbsent(key(s.vs(), s.rs()), k -> new ArrayList<>()).add(s);
        Map<ServiceKey, ServiceStats> stats = traffic.get();
        long now = System.currentTimeMillis();
        Set<String> seen = new HashSet<>();
        for (VirtualServer vs : cfg.virtualServers()) {
            VirtualServerKey vk = CheckerConfigMapper.key(vs);
            DesiredPool pool = pl.get(vk);
            List<ServiceStats> svc = new ArrayList<>();
            for (ServiceKey sk : LbStateMapper.serviceKeys(cfg, vs)) if (stats.containsKey(sk)) svc.add(stats.get(sk));
            int up = 0;
            Counters total = Counters.ZERO;
            for (RealServer rs : vs.realServers()) {
                RealServerKey rk = CheckerConfigMapper.key(vs, rs);
                String k = key(vk, rk);
                seen.add(k);
                String health = health(rs, verdicts.get(k));
                if (health.equals("up")) up++;
                int poolWeight = pool == null ? -1 : pool.weightOf(rk);
                Counters traffic = Counters.ZERO;
                for (ServiceStats s : svc) traffic = traffic.plus(s.server(new io.vigil.lb.RealServer.Key(rk.address(), rk.port())));
                total = total.plus(traffic);
                ProbeStats p = probes.get(k);
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
            probes.remove(name);
            sink.event(new ObsEvent.Removed(now, gone.startsWith("rs|") ? "real_server" : "virtual_server", name));
        }
    }

    /** Sends when anything but the time changed (the time is the first component; compared by re-encoding without it). */
    private void send(String key, ObsEvent e, long atMillis) {
        String body = io.vigil.observe.EventLine.encode(e);
        String withoutTime = body.replaceFirst(" " + atMillis + " ", " ");
        ObsEvent before = sent.get(key);
        if (before != null && io.vigil.observe.EventLine.encode(before).replaceFirst(" " + before.atMillis() + " ", " ").equals(withoutTime)) return;
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
