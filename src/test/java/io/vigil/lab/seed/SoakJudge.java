package io.vigil.lab.seed;

import io.vigil.lab.seed.SoakPlan.Kind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The soak's invariants (pure): judged from what the run recorded — the faults as injected, the directors' status
 * documents and addresses polled every tick, the real servers' true state, every client request, and the Vigil
 * processes' resources — with the allowances derived from the configured timers (advert 1 s, lowest priority 50, checker
 * delay_loop 1 s, connect_timeout 1 s, retry 1, delay_before_retry 1 s). Each violation is one sentence with its time.
 */
public final class SoakJudge {
    static final long ADVERT_MILLIS = 1_000;
    /** RFC 3768 §6.1 Master_Down_Interval of the lowest-priority backup (50): 3 x advert + (256 - 50) / 256 s. */
    static final long MASTER_DOWN_MILLIS = 3 * ADVERT_MILLIS + (256 - 50) * ADVERT_MILLIS / 256;
    /** The worst time to a verdict: delay_loop + (retry + 1) x connect_timeout + retry x delay_before_retry. */
    static final long DETECTION_MILLIS = 1_000 + 2 * 1_000 + 1_000;
    /** The client's timeout: a request started up to this long before a fault can fail because of it. */
    static final long CLIENT_TIMEOUT_MILLIS = 2_000;
    /**
     * A killed or hung process is restarted by the watchdog (heartbeat timeout, backoff) and a new JVM starts: on this
     * shared 2-core machine a child JVM has taken up to ~15 s to start.
     */
    static final long RESTART_ALLOWANCE_MILLIS = 20_000;
    /** The poll's own lag: one tick (250 ms) plus a status request and an address read under load. */
    static final long SLOP_MILLIS = 1_000;

    /** A fault as injected: wall-clock start and end (epoch ms). */
    public record Injected(SoakPlan.Fault fault, long startMillis, long endMillis) {
        Kind kind() {
            return fault.kind();
        }

        String target() {
            return fault.target();
        }

        /** Until when its effects are allowed: the end plus what the kind needs to heal (timers, detection, restart). */
        long healedBy() {
            Kind k = kind();
            long after = k.restartsChildren() ? RESTART_ALLOWANCE_MILLIS
                    : k.director ? MASTER_DOWN_MILLIS + 2 * ADVERT_MILLIS
                    : DETECTION_MILLIS + CLIENT_TIMEOUT_MILLIS;
            return endMillis + after + SLOP_MILLIS;
        }

        boolean covers(long t) {
            return t >= startMillis - CLIENT_TIMEOUT_MILLIS && t <= healedBy();
        }
    }

    /** One director at one tick: its daemon runs, answered status, its VRRP/checker children alive, states, held VIPs, health. */
    public record View(String director, boolean running, boolean answered, boolean vrrpAlive, boolean checkerAlive,
                       Map<String, String> states, Map<String, Boolean> holds, Map<String, String> health) {}

    public record Tick(long millis, List<View> views) {}

    /** The true state of a real server from {@code millis} on. */
    public record Truth(long millis, String realServer, boolean up) {}

    public record Request(long millis, String vip, String mode, boolean ok, String result, double latencyMillis) {}

    /** One Vigil process's resources at one time. */
    /**
     * One sample of a process. {@code connFds} counts the descriptors that are TCP sockets in ESTABLISHED state: a proxy
     * child holds two per proxied connection, so its descriptor count follows the load, and a leak shows only in the rest.
     */
    public record Resource(long millis, String director, long pid, String name, long rssKb, int fds, int connFds, int threads) {
        /** Descriptors other than open TCP connections. */
        int fdsBesideConnections() {
            return fds - connFds;
        }
    }

    /** instance -> VIP, as configured. */
    private final Map<String, String> vipOf;
    private final List<Injected> faults;
    private final List<String> violations = new ArrayList<>();
    private final Map<String, Long> worstGapMillis = new TreeMap<>();

    public SoakJudge(Map<String, String> vipOf, List<Injected> faults) {
        this.vipOf = vipOf;
        this.faults = faults;
    }

    public List<String> violations() {
        return violations;
    }

    /** The longest time each VIP was held by no reachable running director (the worst takeover seen). */
    public Map<String, Long> worstGapMillis() {
        return worstGapMillis;
    }

    private void violation(long t, String format, Object... args) {
        violations.add(String.format(Locale.ROOT, "at %s: ", SoakRun.clock(t)) + String.format(Locale.ROOT, format, args));
    }

    private boolean isolated(String director, long t, long extraMillis) {
        for (Injected f : faults) {
            if (f.target().equals(director) && f.kind().isolates() && t >= f.startMillis() && t <= f.endMillis() + extraMillis) return true;
            // A flood reaches every director.
            if (f.kind() == Kind.ADVERT_FLOOD && t >= f.startMillis() && t <= f.endMillis() + extraMillis) return true;
        }
        return false;
    }

    private boolean cutOff(String director, long t) {
        for (Injected f : faults) {
            if (f.target().equals(director) && (f.kind() == Kind.LINK_FLAP || f.kind() == Kind.PARTITION) && t >= f.startMillis() && t <= f.endMillis()) return true;
        }
        return false;
    }

    private boolean restarting(String director, long t) {
        for (Injected f : faults) {
            if (f.target().equals(director) && f.kind().restartsChildren() && t >= f.startMillis() && t <= f.healedBy()) return true;
        }
        return false;
    }

    private boolean restartExplained(String director, long t) {
        for (Injected f : faults) {
            if (f.target().equals(director) && f.kind().explainsChildRestart() && t >= f.startMillis() && t <= f.healedBy()) return true;
        }
        return false;
    }

    /** The end of the last isolating fault started at or before {@code t} (any director), or Long.MIN_VALUE. */
    private long lastHeal(long t) {
        long heal = Long.MIN_VALUE;
        for (Injected f : faults) {
            if ((f.kind().isolates() || f.kind().restartsChildren()) && f.startMillis() <= t) heal = Math.max(heal, f.endMillis());
        }
        return heal;
    }

    /**
     * At most one MASTER per instance within 3 x advert + skew after every heal; a VIP held by some reachable running
     * director except for at most the master-down interval; a VIP never on a director that says it is not MASTER for
     * longer than one advert interval.
     */
    public void judgeVrrp(List<Tick> ticks) {
        for (Map.Entry<String, String> e : vipOf.entrySet()) {
            String instance = e.getKey(), vip = e.getValue();
            long dualSince = -1, noHolderSince = -1;
            boolean dualReported = false, gapReported = false;
            Map<String, Long> strayedSince = new HashMap<>();
            for (Tick tick : ticks) {
                long t = tick.millis();
                int masters = 0;
                boolean held = false;
                List<String> who = new ArrayList<>();
                for (View v : tick.views()) {
                    boolean master = v.answered() && v.vrrpAlive() && "MASTER".equals(v.states().get(instance));
                    if (master) {
                        masters++;
                        who.add(v.director());
                    }
                    boolean holds = Boolean.TRUE.equals(v.holds().get(vip));
                    // Held means reachable: not behind a cut cable or a partition. A lossy link, a stopped parent or child,
                    // or a flood leaves the holder reachable (the first 30-minute run discounted those and saw false gaps).
                    if (holds && v.running() && !cutOff(v.director(), t)) held = true;
                    // A VIP on a director that says it is not MASTER.
                    boolean stray = holds && v.answered() && v.vrrpAlive() && !master && v.states().containsKey(instance);
                    if (stray) {
                        long since = strayedSince.computeIfAbsent(v.director(), d -> t);
                        if (since >= 0 && t - since > ADVERT_MILLIS + SLOP_MILLIS) {
                            violation(since, "%s held %s for %d ms while its status said %s for %s", v.director(), vip, t - since,
                                    v.states().get(instance), instance);
                            strayedSince.put(v.director(), Long.MIN_VALUE / 2); // once per episode
                        }
                    } else strayedSince.remove(v.director());
                }
                if (masters > 1) {
                    if (dualSince < 0) dualSince = t;
                    long from = Math.max(dualSince, lastHeal(t));
                    if (!dualReported && t - from > MASTER_DOWN_MILLIS + SLOP_MILLIS) {
                        violation(dualSince, "%s had %d MASTERs %s for %d ms after the last heal", instance, masters, who, t - from);
                        dualReported = true;
                    }
                } else {
                    dualSince = -1;
                    dualReported = false;
                }
                if (!held) {
                    if (noHolderSince < 0) noHolderSince = t;
                    long gap = t - noHolderSince;
                    worstGapMillis.merge(vip, gap, Math::max);
                    if (!gapReported && gap > MASTER_DOWN_MILLIS + SLOP_MILLIS) {
                        violation(noHolderSince, "%s (%s) held by no reachable running director for %d ms (master-down %d ms)", vip, instance, gap,
                                MASTER_DOWN_MILLIS);
                        gapReported = true;
                    }
                } else {
                    noHolderSince = -1;
                    gapReported = false;
                }
            }
        }
    }

    /** No director's status says a real server is up when it is down (or the reverse) for longer than the detection time. */
    public void judgeHealth(List<Tick> ticks, List<Truth> truth) {
        Map<String, Long> wrongSince = new HashMap<>();
        for (Tick tick : ticks) {
            long t = tick.millis();
            for (View v : tick.views()) {
                if (!v.answered() || !v.checkerAlive() || restarting(v.director(), t)
                        || isolated(v.director(), t, DETECTION_MILLIS)) {
                    wrongSince.keySet().removeIf(k -> k.startsWith(v.director() + " "));
                    continue;
                }
                for (Map.Entry<String, String> h : v.health().entrySet()) {
                    String key = v.director() + " " + h.getKey();
                    String rs = h.getKey().substring(h.getKey().indexOf(' ') + 1);
                    Boolean up = trueAt(truth, rs, t);
                    boolean wrong = up != null && (h.getValue().equals("up") && !up || h.getValue().equals("down") && up);
                    if (!wrong) {
                        wrongSince.remove(key);
                        continue;
                    }
                    long since = wrongSince.computeIfAbsent(key, k -> t);
                    if (since >= 0 && t - since > DETECTION_MILLIS + SLOP_MILLIS) {
                        violation(since, "%s said %s was %s for %d ms while it was %s (detection %d ms)", v.director(), h.getKey(), h.getValue(),
                                t - since, up ? "up" : "down", DETECTION_MILLIS);
                        wrongSince.put(key, Long.MIN_VALUE / 2);
                    }
                }
            }
        }
    }

    /** The state of {@code rs} at {@code t} from the truth records (by address), or null when none yet. */
    private static Boolean trueAt(List<Truth> truth, String rsKey, long t) {
        Boolean up = null;
        for (Truth r : truth) {
            if (r.millis() > t) break;
            if (rsKey.contains(r.realServer())) up = r.up();
        }
        return up;
    }

    /** Failed requests by fault kind (a failure inside several windows counts under each) and outside every window. */
    public Map<String, Long> judgeRequests(List<Request> requests) {
        Map<String, Long> byKind = new LinkedHashMap<>();
        long outside = 0;
        List<String> examples = new ArrayList<>();
        for (Request r : requests) {
            if (r.ok()) continue;
            boolean inside = false;
            for (Injected f : faults) {
                if (f.covers(r.millis())) {
                    inside = true;
                    byKind.merge(f.kind().name(), 1L, Long::sum);
                }
            }
            if (!inside) {
                outside++;
                if (examples.size() < 5) examples.add(SoakRun.clock(r.millis()) + " " + r.vip() + " " + r.mode() + " " + r.result());
            }
        }
        byKind.put("outside every fault window", outside);
        if (outside > 0) violations.add(outside + " failed requests outside every fault window, e.g. " + examples);
        return byKind;
    }

    /** A resource trend: first and last third of a long-lived process's samples (medians). */
    public record Trend(String director, String name, long pid, int samples, long rssKbFirst, long rssKbLast, int fdsFirst, int fdsLast,
                        int threadsFirst, int threadsLast) {}
    // fdsFirst/fdsLast are the descriptors beside open TCP connections (Resource#fdsBesideConnections).

    /**
     * File descriptors and threads of every Vigil process that lived through at least {@code minSamples} samples after the
     * warm-up, and RSS of those that lived through {@link #RSS_MIN_SAMPLES}: flat means the last third's median is within
     * bounds of the first third's (+10 fds beside open TCP connections, +10 threads, +50 % RSS). A new child pid
     * with no fault on its director that could explain it is a restart loop.
     */
    static final int RSS_MIN_SAMPLES = 60;

    public List<Trend> judgeResources(List<Resource> samples, long warmUntil, int minSamples) {
        Map<Long, List<Resource>> byPid = new LinkedHashMap<>();
        Map<String, Long> lastPid = new HashMap<>();
        for (Resource r : samples) {
            String key = r.director() + " " + r.name();
            Long before = lastPid.put(key, r.pid());
            if (before != null && before != r.pid() && !r.name().equals("vigil") && !restartExplained(r.director(), r.millis())) {
                violation(r.millis(), "%s's %s restarted (pid %d -> %d) with no fault to explain it", r.director(), r.name(), before, r.pid());
            }
            if (r.millis() >= warmUntil) byPid.computeIfAbsent(r.pid(), p -> new ArrayList<>()).add(r);
        }
        List<Trend> out = new ArrayList<>();
        for (List<Resource> s : byPid.values()) {
            if (s.size() < minSamples) continue;
            int third = s.size() / 3;
            List<Resource> first = s.subList(0, third), last = s.subList(s.size() - third, s.size());
            Resource r0 = s.getFirst();
            Trend tr = new Trend(r0.director(), r0.name(), r0.pid(), s.size(), median(first, Resource::rssKb), median(last, Resource::rssKb),
                    (int) median(first, Resource::fdsBesideConnections), (int) median(last, Resource::fdsBesideConnections), (int) median(first, Resource::threads),
                    (int) median(last, Resource::threads));
            out.add(tr);
            if (tr.fdsLast() > tr.fdsFirst() + 10) violation(s.getLast().millis(), "%s's %s (pid %d): file descriptors %d -> %d", tr.director(), tr.name(), tr.pid(), tr.fdsFirst(), tr.fdsLast());
            if (tr.threadsLast() > tr.threadsFirst() + 10) violation(s.getLast().millis(), "%s's %s (pid %d): threads %d -> %d", tr.director(), tr.name(), tr.pid(), tr.threadsFirst(), tr.threadsLast());
            // RSS only over a long life: a young JVM's heap grows to its working size for minutes (seen: 99 -> 160 MB in 2 min).
            if (s.size() >= RSS_MIN_SAMPLES && tr.rssKbLast() > tr.rssKbFirst() * 3 / 2) violation(s.getLast().millis(), "%s's %s (pid %d): RSS %d -> %d kB", tr.director(), tr.name(), tr.pid(), tr.rssKbFirst(), tr.rssKbLast());
        }
        return out;
    }

    private static long median(List<Resource> s, java.util.function.ToLongFunction<Resource> f) {
        long[] v = s.stream().mapToLong(f).sorted().toArray();
        return v.length == 0 ? 0 : v[v.length / 2];
    }
}
