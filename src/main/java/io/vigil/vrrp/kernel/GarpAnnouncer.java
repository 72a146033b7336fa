package io.vigil.vrrp.kernel;

import io.vigil.sys.Announcer;

import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Gratuitous ARPs and unsolicited NAs through AF_PACKET, one packet socket per interface, opened on first use. */
public final class GarpAnnouncer implements io.vigil.vrrp.Announcer, AutoCloseable {
    private final Map<String, Announcer> byInterface = new HashMap<>();

    /**
     * A garp_group's pace: {@code key} names the group; its intervals (0: not paced) replace the instance's on the
     * group's interfaces, and one clock per group and kind spaces every message sent on any of them, by any instance.
     */
    public record GarpPace(String key, long garpIntervalNanos, long gnaIntervalNanos) {}

    /** Interface name to its group's pace; live (a reload changes it). */
    private final Map<String, GarpPace> groups;
    /** Per group key: the earliest time of its next GARP [0] and next NA [1] (nanoTime scale). */
    private final Map<String, long[]> nextSlot = new HashMap<>();

    public GarpAnnouncer() {
        this(Map.of());
    }

    public GarpAnnouncer(Map<String, GarpPace> groups) {
        this.groups = groups;
    }


    @Override
    public synchronized void announce(String interfaceName, List<InetAddress> addresses, int count) throws IOException {
        try {
            Announcer a = socketFor(interfaceName);
            // keepalived sends each burst back to back: count rounds over all addresses.
            for (int i = 0; i < count; i++) {
                for (InetAddress address : addresses) a.announce(address);
            }
        } catch (RuntimeException e) {
            byInterface.remove(interfaceName);
            throw new IOException("announce on " + interfaceName + ": " + e.getMessage(), e);
        }
    }

    /**
     * Paced ({@code vrrp_garp_interval} / {@code vrrp_gna_interval}): the burst is sent from a virtual thread, one
     * message at a time with the pause after each, so the VRRP thread does not sleep; the order stays as unpaced.
     */
    @Override
    public void announce(String interfaceName, List<InetAddress> addresses, int count, long garpIntervalMicros, long naIntervalMicros)
            throws IOException {
        GarpPace group = groups.get(interfaceName);
        if (group != null) {
            if (group.garpIntervalNanos() <= 0 && group.gnaIntervalNanos() <= 0) announce(interfaceName, addresses, count);
            else announceInGroup(interfaceName, addresses, count, group);
            return;
        }
        if (garpIntervalMicros <= 0 && naIntervalMicros <= 0) {
            announce(interfaceName, addresses, count);
            return;
        }
        List<InetAddress> copy = List.copyOf(addresses);
        Thread.ofVirtual().name("garp-" + interfaceName).start(() -> {
            try {
                for (int i = 0; i < count; i++) {
                    for (InetAddress address : copy) {
                        announce(interfaceName, List.of(address), 1);
                        long pauseMicros = address instanceof java.net.Inet6Address ? naIntervalMicros : garpIntervalMicros;
                        if (pauseMicros > 0) java.util.concurrent.locks.LockSupport.parkNanos(pauseMicros * 1000);
                    }
                }
            } catch (IOException e) {
                org.slf4j.LoggerFactory.getLogger(GarpAnnouncer.class).warn("paced gratuitous ARP/NA on {}: {}", interfaceName, e.getMessage());
            }
        });
    }

    /** A message waiting for its group's next slot. */
    private record Queued(String interfaceName, InetAddress address) {}

    /** Per group key and kind ([0] GARP, [1] NA): the messages waiting, each address at most once (keepalived's garp_gna_pending). */
    private final Map<String, java.util.LinkedHashSet<Queued>[]> queued = new HashMap<>();
    private final java.util.Set<String> senders = new java.util.HashSet<>();

    /**
     * keepalived's pacing of a garp_group: a message whose group sent one less than the interval ago waits for the
     * next slot, and one for an address that is already waiting is not queued again (so a burst of 5 for one address
     * becomes one now and one an interval later, as keepalived sends it). One virtual thread per group drains the queue.
     */
    @SuppressWarnings("unchecked")
    private void announceInGroup(String interfaceName, List<InetAddress> addresses, int count, GarpPace group) throws IOException {
        List<InetAddress> now = new java.util.ArrayList<>();
        boolean startSender;
        synchronized (nextSlot) {
            var q = queued.computeIfAbsent(group.key(), k -> new java.util.LinkedHashSet[] {new java.util.LinkedHashSet<Queued>(), new java.util.LinkedHashSet<Queued>()});
            for (int i = 0; i < count; i++) {
                for (InetAddress address : addresses) {
                    boolean na = address instanceof java.net.Inet6Address;
                    long interval = na ? group.gnaIntervalNanos() : group.garpIntervalNanos();
                    if (interval <= 0) now.add(address);
                    else if (q[na ? 1 : 0].isEmpty() && reserveIfFree(group.key(), na, interval)) now.add(address);
                    else q[na ? 1 : 0].add(new Queued(interfaceName, address));
                }
            }
            startSender = (!q[0].isEmpty() || !q[1].isEmpty()) && senders.add(group.key());
        }
        for (InetAddress a : now) {
            announce(interfaceName, List.of(a), 1);
            sent(group, a instanceof java.net.Inet6Address);
        }
        if (startSender) Thread.ofVirtual().name("garp-" + group.key()).start(() -> drain(group));
    }

    /** Takes the group's slot for one message if it is free now (then the next is one interval later). */
    private boolean reserveIfFree(String key, boolean na, long intervalNanos) {
        long[] next = nextSlot.computeIfAbsent(key, k -> new long[] {Long.MIN_VALUE, Long.MIN_VALUE});
        int i = na ? 1 : 0;
        long t = System.nanoTime();
        if (next[i] != Long.MIN_VALUE && next[i] - t > 0) return false;
        next[i] = t + intervalNanos;
        return true;
    }

    /** As keepalived after each send: the group's next slot is an interval after the message left, not after it was planned. */
    private void sent(GarpPace group, boolean na) {
        long interval = na ? group.gnaIntervalNanos() : group.garpIntervalNanos();
        if (interval <= 0) return;
        synchronized (nextSlot) {
            long[] next = nextSlot.get(group.key());
            long after = System.nanoTime() + interval;
            if (next != null && (next[na ? 1 : 0] == Long.MIN_VALUE || after - next[na ? 1 : 0] > 0)) next[na ? 1 : 0] = after;
        }
    }

    private void drain(GarpPace group) {
        while (true) {
            Queued m = null;
            long wait;
            synchronized (nextSlot) {
                var q = queued.get(group.key());
                long[] next = nextSlot.computeIfAbsent(group.key(), k -> new long[] {Long.MIN_VALUE, Long.MIN_VALUE});
                long t = System.nanoTime();
                wait = Long.MAX_VALUE;
                for (int i = 0; i < 2 && m == null; i++) {
                    if (q[i].isEmpty()) continue;
                    long w = next[i] == Long.MIN_VALUE ? 0 : next[i] - t;
                    if (w <= 0) {
                        m = q[i].removeFirst();
                        next[i] = t + (i == 1 ? group.gnaIntervalNanos() : group.garpIntervalNanos());
                    } else wait = Math.min(wait, w);
                }
                if (m == null && q[0].isEmpty() && q[1].isEmpty()) {
                    senders.remove(group.key());
                    return;
                }
            }
            if (m == null) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
                continue;
            }
            try {
                announce(m.interfaceName(), List.of(m.address()), 1);
                sent(group, m.address() instanceof java.net.Inet6Address);
            } catch (IOException e) {
                org.slf4j.LoggerFactory.getLogger(GarpAnnouncer.class).warn("paced gratuitous ARP/NA on {}: {}", m.interfaceName(), e.getMessage());
            }
        }
    }

    private static final java.util.concurrent.atomic.AtomicBoolean warmedUp = new java.util.concurrent.atomic.AtomicBoolean();

    /** Opens the packet socket before the first takeover needs it. */
    @Override
    public synchronized void prepare(String interfaceName) throws IOException {
        try {
            socketFor(interfaceName);
        } catch (RuntimeException e) {
            throw new IOException("announce on " + interfaceName + ": " + e.getMessage(), e);
        }
    }

    /**
     * The interface's packet socket, opened on first use. Get-then-open rather than computeIfAbsent(.., Announcer::open):
     * a method reference is linked on its first use, ~1 ms without an AOT cache, and announce runs on the takeover path.
     */
    private Announcer socketFor(String interfaceName) {
        Announcer a = byInterface.get(interfaceName);
        if (a == null) {
            a = Announcer.open(interfaceName);
            byInterface.put(interfaceName, a);
        }
        return a;
    }

    /**
     * Once per process, sends GARPs and NAs for the unspecified address on lo 300 times (loopback only, nothing on
     * the wire; enough calls for C1 to compile the path) with its own socket, so the frame building and packet send
     * paths are not cold at the first takeover (measured: 7-11 ms cold, under 0.5 ms warm).
     */
    @Override
    public void warmUp() {
        if (!warmedUp.compareAndSet(false, true)) return;
        try (Announcer lo = Announcer.open("lo")) {
            InetAddress v4 = InetAddress.getByAddress(new byte[4]);
            InetAddress v6 = InetAddress.getByAddress(new byte[16]);
            for (int i = 0; i < 300; i++) {
                lo.announce(v4);
                lo.announce(v6);
            }
        } catch (RuntimeException | java.net.UnknownHostException e) {
            // warm-up only
        }
    }

    @Override
    public synchronized void close() {
        byInterface.values().forEach(Announcer::close);
        byInterface.clear();
    }
}
