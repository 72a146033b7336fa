package io.vigil.observe;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The parent's picture of the cluster: the current state of every VRRP instance, real server, virtual service and
 * child, plus bounded recent history, built only from {@link ObsEvent}s (pure: time comes from the events and the
 * clock given). Everything that shows the cluster reads {@link #snapshot()} (HTTP, AgentX, {@code vigil status}); live
 * views {@link #subscribe} to the notable events (transitions, health and priority changes, child lives, reloads,
 * notify exits; counters are not forwarded). A child's death changes nothing here but its {@link ChildView}: the last
 * known state stays visible. Thread-safe: one lock, held only to copy.
 */
public final class ClusterPicture {
    /** Notable events kept overall, per instance and per real server; check results kept per real server. */
    public static final int RECENT = 500, PER_OBJECT = 20, CHECKS = 30;

    public record TransitionKey(String from, String to, String reason) {}

    public record NotifyKey(String instance, int exitStatus) {}

    /** One finished check, for sparklines. */
    public record CheckPoint(long atMillis, boolean ok, long latencyMicros) {}

    /** {@code counters} is null until the child's first counters arrive; {@code state} is the last known. */
    public record InstanceView(String name, String state, ObsEvent.VrrpCounters counters, ObsEvent.VrrpTransition lastTransition,
                               Map<TransitionKey, Long> transitions, long releasedMaster, List<ObsEvent> history) {}

    public record RealServerView(String virtualServer, String realServer, ObsEvent.RealServerCounters counters,
                                 ObsEvent.HealthChange lastChange, ObsEvent.HealthChange lastFailure, List<CheckPoint> recentChecks,
                                 List<ObsEvent> history) {
        /** up, down or unknown. */
        public String health() {
            if (counters != null) return counters.health();
            return lastChange == null ? "unknown" : lastChange.up() ? "up" : "down";
        }
    }

    public record ChildView(String child, long pid, boolean alive, String lastExit, int restarts, long sinceMillis) {}

    public record Snapshot(long nowMillis, long startedMillis, String node, List<InstanceView> instances, List<RealServerView> realServers,
                           List<ObsEvent.VirtualServiceCounters> virtualServices, List<ChildView> children, Map<String, Long> reloads,
                           Map<NotifyKey, Long> notifyExits, List<ObsEvent> recent) {}

    private static final class Inst {
        String state = "INIT";
        ObsEvent.VrrpCounters counters;
        ObsEvent.VrrpTransition last;
        final Map<TransitionKey, Long> transitions = new LinkedHashMap<>();
        long releasedMaster;
        final Deque<ObsEvent> history = new ArrayDeque<>();
    }

    private static final class Rs {
        ObsEvent.RealServerCounters counters;
        ObsEvent.HealthChange last, lastFailure;
        final Deque<CheckPoint> checks = new ArrayDeque<>();
        final Deque<ObsEvent> history = new ArrayDeque<>();
    }

    private final LongSupplier clockMillis;
    private final long startedMillis;
    private volatile String node;
    private final Map<String, Inst> instances = new TreeMap<>();
    private final Map<String, Rs> realServers = new LinkedHashMap<>();
    private final Map<String, ObsEvent.VirtualServiceCounters> services = new LinkedHashMap<>();
    private final Map<String, ChildView> children = new TreeMap<>();
    private final Map<String, Long> reloads = new TreeMap<>();
    private final Map<NotifyKey, Long> notifyExits = new LinkedHashMap<>();
    private final Deque<ObsEvent> recent = new ArrayDeque<>();
    private final List<Consumer<ObsEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final List<Runnable> watchers = new CopyOnWriteArrayList<>();

    public ClusterPicture(String node, LongSupplier clockMillis) {
        this.node = node;
        this.clockMillis = clockMillis;
        this.startedMillis = clockMillis.getAsLong();
    }

    /** This node's name (router_id, else the host name), known once the parent has read the configuration. */
    public void node(String name) {
        this.node = name;
    }

    private static String rsKey(String vs, String rs) {
        return vs + "|" + rs;
    }

    private static <T> void bounded(Deque<T> d, T item, int max) {
        d.addLast(item);
        while (d.size() > max) d.removeFirst();
    }

    /** Takes one event in; notable ones go to the history and the subscribers. */
    public void apply(ObsEvent event) {
        boolean notable;
        synchronized (this) {
            notable = switch (event) {
                case ObsEvent.VrrpTransition t -> {
                    Inst i = instances.computeIfAbsent(t.instance(), k -> new Inst());
                    i.state = t.to();
                    i.last = t;
                    i.transitions.merge(new TransitionKey(t.from(), t.to(), t.reason()), 1L, Long::sum);
                    if (t.from().equals("MASTER")) i.releasedMaster++;
                    bounded(i.history, t, PER_OBJECT);
                    yield true;
                }
                case ObsEvent.PriorityChange p -> {
                    bounded(instances.computeIfAbsent(p.instance(), k -> new Inst()).history, p, PER_OBJECT);
                    yield true;
                }
                case ObsEvent.VrrpCounters c -> {
                    Inst i = instances.computeIfAbsent(c.instance(), k -> new Inst());
                    i.counters = c;
                    // Counters are written after the transitions queued meanwhile: a snapshot not newer than the last
                    // transition must not turn the state back.
                    if (i.last == null || c.atMillis() > i.last.atMillis()) i.state = c.state();
                    yield false;
                }
                case ObsEvent.HealthChange h -> {
                    Rs r = realServers.computeIfAbsent(rsKey(h.virtualServer(), h.realServer()), k -> new Rs());
                    r.last = h;
                    if (!h.up()) r.lastFailure = h;
                    bounded(r.history, h, PER_OBJECT);
                    yield true;
                }
                case ObsEvent.RealServerCounters c -> {
                    Rs r = realServers.computeIfAbsent(rsKey(c.virtualServer(), c.realServer()), k -> new Rs());
                    boolean newCheck = c.lastCheckMillis() > 0 && (r.counters == null || r.counters.lastCheckMillis() != c.lastCheckMillis());
                    if (newCheck) bounded(r.checks, new CheckPoint(c.lastCheckMillis(), c.lastCheckOk(), c.lastCheckLatencyMicros()), CHECKS);
                    r.counters = c;
                    yield false;
                }
                case ObsEvent.VirtualServiceCounters s -> {
                    services.put(s.virtualServer(), s);
                    yield false;
                }
                case ObsEvent.Removed r -> {
                    switch (r.kind()) {
                        case "instance" -> instances.remove(r.name());
                        case "virtual_server" -> {
                            services.remove(r.name());
                            realServers.keySet().removeIf(k -> k.startsWith(r.name() + "|"));
                        }
                        case "real_server" -> realServers.remove(r.name());
                        default -> { }
                    }
                    yield true;
                }
                case ObsEvent.NotifyExit n -> {
                    notifyExits.merge(new NotifyKey(n.instance(), n.exitStatus()), 1L, Long::sum);
                    yield true;
                }
                case ObsEvent.ChildLife c -> {
                    ChildView before = children.get(c.child());
                    children.put(c.child(), new ChildView(c.child(), c.pid(), c.alive(),
                            c.alive() ? (before == null ? null : before.lastExit()) : c.how(), c.restarts(), c.atMillis()));
                    yield true;
                }
                case ObsEvent.Reload r -> {
                    reloads.merge(r.outcome(), 1L, Long::sum);
                    yield true;
                }
            };
            if (notable) bounded(recent, event, RECENT);
        }
        if (notable) for (Consumer<ObsEvent> s : subscribers) s.accept(event);
        for (Runnable w : watchers) w.run();
    }

    /**
     * Live notable events, on the thread that applied them: the subscriber must only hand them on (enqueue).
     * Closing the returned handle unsubscribes.
     */
    public AutoCloseable subscribe(Consumer<ObsEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /**
     * Told after every event, counters included, on the thread that applied it: for views rebuilt from
     * {@link #snapshot()} (SNMP), which must only note that they are stale. Closing the returned handle stops it.
     */
    public AutoCloseable watch(Runnable changed) {
        watchers.add(changed);
        return () -> watchers.remove(changed);
    }

    public synchronized Snapshot snapshot() {
        List<InstanceView> is = new ArrayList<>();
        instances.forEach((name, i) -> is.add(new InstanceView(name, i.state, i.counters, i.last, Map.copyOf(i.transitions),
                i.releasedMaster, List.copyOf(i.history))));
        List<RealServerView> rs = new ArrayList<>();
        realServers.forEach((key, r) -> {
            int bar = key.lastIndexOf('|');
            rs.add(new RealServerView(key.substring(0, bar), key.substring(bar + 1), r.counters, r.last, r.lastFailure,
                    List.copyOf(r.checks), List.copyOf(r.history)));
        });
        return new Snapshot(clockMillis.getAsLong(), startedMillis, node, List.copyOf(is), List.copyOf(rs), List.copyOf(services.values()),
                List.copyOf(children.values()), Map.copyOf(reloads), Map.copyOf(notifyExits), List.copyOf(recent));
    }
}
