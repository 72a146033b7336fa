package io.vigil.vrrp;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * An in-memory L2 segment for many {@link VrrpNode}s, driven by a fake clock: multicast adverts reach every other
 * connected node in the same partition, unicast ones the node owning the destination. Knobs: loss probability
 * (seeded, deterministic), one-way delay, partitions, cut cables, crashes and restarts. Everything the nodes ask
 * for (VIPs, GARPs, notifies, transitions) is recorded for assertions.
 */
final class SimulatedLan {
    static final long MS = 1_000_000L;
    static final long S = 1_000_000_000L;

    private long now = 1_000 * S;
    private long seq;
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final SplittableRandom random;
    private double lossProbability;
    private long delayNanos;
    private final List<Record> log = new ArrayList<>();

    record Record(long atNanos, String node, InstanceAction action) {}

    private record Scheduled(long at, long seq, Runnable task) implements Comparable<Scheduled> {
        @Override
        public int compareTo(Scheduled o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }
    }

    final class Node {
        final String name;
        final List<VrrpInstanceSettings> settings;
        final List<SyncGroupSettings> groups;
        final Set<InetAddress> ownAddresses = new HashSet<>();
        VrrpNode vrrp;
        boolean alive;
        boolean cableConnected = true;
        int partition;
        final Map<String, Long> timers = new HashMap<>();
        final Set<String> vips = new HashSet<>();
        long epoch;

        Node(String name, List<VrrpInstanceSettings> settings, List<SyncGroupSettings> groups) {
            this.name = name;
            this.settings = settings;
            this.groups = groups;
            for (VrrpInstanceSettings s : settings) ownAddresses.add(s.sourceAddress());
        }

        void start() {
            vrrp = new VrrpNode(settings, groups);
            alive = true;
            epoch++;
            timers.clear();
            execute(vrrp.onAll(new VrrpEvent.Startup(), now));
        }

        /** SIGKILL: nothing sent, VIPs left configured (as keepalived leaves them). */
        void crash() {
            alive = false;
            epoch++;
            timers.clear();
        }

        /** SIGTERM: priority-0 adverts, VIPs removed. */
        void shutdown() {
            execute(vrrp.onAll(new VrrpEvent.Shutdown("shutdown"), now));
            alive = false;
            epoch++;
            timers.clear();
        }

        void link(String ifname, boolean up) {
            execute(vrrp.onAll(new VrrpEvent.LinkChanged(ifname, up), now));
        }

        VrrpState state(String instance) {
            return vrrp.instance(instance).state();
        }

        void execute(List<InstanceAction> actions) {
            for (InstanceAction ia : actions) {
                log.add(new Record(now, name, ia));
                switch (ia.action()) {
                    case Action.SendAdvert s -> { if (cableConnected) for (OutboundAdvert d : s.datagrams()) transmit(this, d); }
                    case Action.ScheduleTimer t -> arm(ia.instance(), t.kind(), t.atNanos());
                    case Action.CancelTimer c -> timers.remove(ia.instance() + "/" + c.kind());
                    case Action.AddVips a -> a.addresses().forEach(v -> vips.add(v.cidr()));
                    case Action.RemoveVips r -> r.addresses().forEach(v -> vips.remove(v.cidr()));
                    default -> { } // GARPs, notifies, transitions: recorded in the log
                }
            }
        }

        private void arm(String instance, TimerKind kind, long at) {
            String key = instance + "/" + kind;
            timers.put(key, at);
            long myEpoch = epoch;
            schedule(at, () -> {
                Long due = timers.get(key);
                if (!alive || epoch != myEpoch || due == null || due != at) return; // re-armed, cancelled or dead
                timers.remove(key);
                execute(vrrp.on(instance, new VrrpEvent.TimerFired(kind), now));
            });
        }
    }

    SimulatedLan(long seed) {
        this.random = new SplittableRandom(seed);
    }

    Node add(String name, List<VrrpInstanceSettings> settings, List<SyncGroupSettings> groups) {
        Node n = new Node(name, settings, groups);
        nodes.put(name, n);
        return n;
    }

    Node add(String name, VrrpInstanceSettings settings) {
        return add(name, List.of(settings), List.of());
    }

    Node node(String name) {
        return nodes.get(name);
    }

    Collection<Node> nodes() {
        return nodes.values();
    }

    void loss(double p) {
        lossProbability = p;
    }

    void delay(long nanos) {
        delayNanos = nanos;
    }

    long now() {
        return now;
    }

    List<Record> log() {
        return log;
    }

    private void transmit(Node from, OutboundAdvert d) {
        boolean multicast = d.destination().isMulticastAddress();
        for (Node to : nodes.values()) {
            if (to == from || !to.cableConnected || to.partition != from.partition) continue;
            if (!multicast && !to.ownAddresses.contains(d.destination())) continue;
            if (lossProbability > 0 && random.nextDouble() < lossProbability) continue;
            byte[] bytes = d.bytes().clone();
            InboundAdvert in = new InboundAdvert(bytes, d.family(), d.source(), d.destination(), 255, 1);
            long epoch = to.epoch;
            schedule(now + delayNanos, () -> {
                if (to.alive && to.epoch == epoch && to.cableConnected) to.execute(to.vrrp.onAdvert(d.interfaceName(), in, now));
            });
        }
    }

    void schedule(long at, Runnable task) {
        queue.add(new Scheduled(at, seq++, task));
    }

    /** Runs everything due up to {@code until} (inclusive), advancing the clock. */
    void runUntil(long until) {
        while (!queue.isEmpty() && queue.peek().at() <= until) {
            Scheduled s = queue.poll();
            now = Math.max(now, s.at());
            s.task().run();
        }
        now = Math.max(now, until);
    }

    void runFor(long nanos) {
        runUntil(now + nanos);
    }

    List<String> masters(String instance) {
        return nodes.values().stream().filter(n -> n.alive && n.state(instance) == VrrpState.MASTER).map(n -> n.name).toList();
    }

    /** Times at which {@code node} entered {@code to} for {@code instance}. */
    List<Long> transitions(String node, String instance, VrrpState to) {
        return log.stream().filter(r -> r.node().equals(node) && instance.equals(r.action().instance())
                        && r.action().action() instanceof Action.Transitioned t && t.to() == to)
                .map(Record::atNanos).toList();
    }

    /** Adverts sent by {@code node} (one record per advert, whatever the number of destinations). */
    List<Record> adverts(String node) {
        return log.stream().filter(r -> r.node().equals(node) && r.action().action() instanceof Action.SendAdvert).toList();
    }

    List<Record> garps(String node) {
        return log.stream().filter(r -> r.node().equals(node) && r.action().action() instanceof Action.SendGarps).toList();
    }
}
