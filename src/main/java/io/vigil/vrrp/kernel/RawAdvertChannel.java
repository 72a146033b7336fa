package io.vigil.vrrp.kernel;

import io.vigil.sys.RawVrrpSocket;
import io.vigil.vrrp.AddressFamily;
import io.vigil.vrrp.AdvertChannel;
import io.vigil.vrrp.InboundAdvert;
import io.vigil.vrrp.OutboundAdvert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The advert channel on real raw sockets: one socket per interface, family and IP protocol (112, or 51 for AH),
 * joined to the multicast groups of the instances on it (224.0.0.18 / ff02::12 unless configured), each read by its
 * own thread.
 */
public final class RawAdvertChannel implements AdvertChannel {
    private static final Logger LOG = LoggerFactory.getLogger(RawAdvertChannel.class);

    private record Key(String interfaceName, AddressFamily family, boolean authHeader) {}

    private final Map<Key, RawVrrpSocket> sockets = new LinkedHashMap<>();
    /** The interface index each socket was opened on, and its endpoint: to open it again on a re-created interface. */
    private final Map<Key, Integer> indexes = new LinkedHashMap<>();
    private final Map<Key, Endpoint> opened = new LinkedHashMap<>();
    private final List<Thread> readers = new ArrayList<>();
    /** dynamic_interfaces: endpoints whose interface did not exist at open, with their groups, opened when it appears. */
    private boolean openMissingLater;
    private final Map<Key, Endpoint> pending = new LinkedHashMap<>();
    private final Map<Key, Set<InetAddress>> pendingGroups = new LinkedHashMap<>();
    private Sink sink;
    private volatile boolean closed;
    private final io.vigil.vrrp.ThreadTuner threadTuner;

    public RawAdvertChannel() {
        this(io.vigil.vrrp.ThreadTuner.NONE);
    }

    /** {@code threadTuner}: applied by each reader thread as it starts (the arrival time is taken there). */
    public RawAdvertChannel(io.vigil.vrrp.ThreadTuner threadTuner) {
        this.threadTuner = threadTuner;
    }

    /**
     * Opens a socket per new key; called again (a reload), it adds the keys not open yet and joins the group on an
     * open socket that a new multicast instance needs. Sockets stay open for instances a reload removed (their
     * datagrams are counted as unrouted); {@link #retain} leaves the groups no instance uses any more.
     */
    @Override
    public synchronized void openMissingLater(boolean on) {
        openMissingLater = on;
    }

    @Override
    public synchronized void open(List<Endpoint> endpoints, Sink sink) throws IOException {
        if (this.sink == null) this.sink = sink;
        Map<Key, Endpoint> wanted = new LinkedHashMap<>();
        Map<Key, Set<InetAddress>> groups = new LinkedHashMap<>();
        for (Endpoint e : endpoints) {
            Key k = new Key(e.interfaceName(), e.family(), e.authHeader());
            wanted.putIfAbsent(k, e);
            Set<InetAddress> g = groups.computeIfAbsent(k, x -> new LinkedHashSet<>());
            if (e.multicast()) g.add(e.group());
        }
        try {
            for (Map.Entry<Key, Endpoint> w : wanted.entrySet()) {
                Key k = w.getKey();
                if (!sockets.containsKey(k) && openMissingLater && io.vigil.sys.Libc.ifNameToIndex(k.interfaceName()) == 0) {
                    pending.put(k, w.getValue());
                    pendingGroups.computeIfAbsent(k, x -> new LinkedHashSet<>()).addAll(groups.get(k));
                    LOG.info("Configuration specifies interface {} which doesn't currently exist - will use if created", k.interfaceName());
                    continue;
                }
                openOne(k, w.getValue(), groups.get(k), sink);
            }
        } catch (RuntimeException e) {
            close();
            throw new IOException("cannot open VRRP sockets: " + e.getMessage(), e);
        }
    }

    /** Opens (or joins the new groups on) the socket of {@code k}, with its reader when it is new. */
    private void openOne(Key k, Endpoint e, Set<InetAddress> groups, Sink sink) {
        RawVrrpSocket s = sockets.get(k);
        boolean fresh = s == null;
        if (fresh) {
            s = openSocket(k, e);
            sockets.put(k, s);
        }
        for (InetAddress g : groups) s.join(g); // idempotent: a reload joins only the new groups
        if (!fresh) return;
        RawVrrpSocket socket = s;
        Thread t = Thread.ofPlatform().daemon().name("vrrp-rx-" + k.interfaceName() + (k.family() == AddressFamily.IPV6 ? "-v6" : ""))
                .start(() -> {
                    threadTuner.tuneCurrentThread("VRRP advert reader");
                    read(k, socket, sink);
                });
        readers.add(t);
    }

    @Override
    public synchronized void openPresent() {
        if (closed || pending.isEmpty()) return;
        for (java.util.Iterator<Map.Entry<Key, Endpoint>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Endpoint> p = it.next();
            Key k = p.getKey();
            if (io.vigil.sys.Libc.ifNameToIndex(k.interfaceName()) == 0) continue;
            try {
                openOne(k, p.getValue(), pendingGroups.getOrDefault(k, Set.of()), sink);
                it.remove();
                pendingGroups.remove(k);
                LOG.info("{} was created: VRRP socket opened", k.interfaceName());
            } catch (RuntimeException e) {
                // e.g. deleted again meanwhile: kept for its next appearance
                LOG.warn("cannot open the VRRP socket on {} yet: {}", k.interfaceName(), e.getMessage());
            }
        }
    }

    @Override
    public synchronized void retain(List<Endpoint> endpoints) {
        Map<Key, Set<InetAddress>> needed = new LinkedHashMap<>();
        for (Endpoint e : endpoints) {
            Set<InetAddress> g = needed.computeIfAbsent(new Key(e.interfaceName(), e.family(), e.authHeader()), x -> new LinkedHashSet<>());
            if (e.multicast()) g.add(e.group());
        }
        for (Map.Entry<Key, RawVrrpSocket> s : sockets.entrySet()) {
            Set<InetAddress> keep = needed.getOrDefault(s.getKey(), Set.of());
            for (InetAddress g : s.getValue().joined()) {
                if (keep.contains(g)) continue;
                try {
                    s.getValue().leave(g);
                    LOG.info("left multicast group {} on {}: no instance uses it any more", g.getHostAddress(), s.getKey().interfaceName());
                } catch (RuntimeException ex) {
                    LOG.warn("cannot leave multicast group {} on {}: {}", g.getHostAddress(), s.getKey().interfaceName(), ex.getMessage());
                }
            }
        }
    }

    /**
     * Sends up to 300 VRRP datagrams with VRID 0 (invalid everywhere) to 127.0.0.1 over lo and reads them back, so the first
     * advert of a takeover does not pay for linking the native send/receive paths on a cold JVM. Nothing leaves the
     * host; any failure only skips the warm-up.
     */
    @Override
    public void warmUp() {
        try (RawVrrpSocket tx = RawVrrpSocket.openIpv4("lo", false); RawVrrpSocket rx = RawVrrpSocket.openIpv4("lo", false)) {
            java.net.Inet4Address lo = (java.net.Inet4Address) java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
            io.vigil.vrrp.VrrpPacket p = io.vigil.vrrp.VrrpPacket.advert(2, 0, 0, AddressFamily.IPV4, 100, 0, 0, List.of());
            byte[] datagram = io.vigil.vrrp.Ipv4AdvertCodec.encode(p, lo, lo, 1, false, null);
            // Enough rounds for the JIT to compile the send path (C1 compiles after ~200 calls): measured, the first
            // advert of a takeover took 0.4-0.6 ms to send after 20 rounds. Stops at the first receive that times out.
            for (int i = 0; i < 300; i++) {
                tx.sendIpv4(datagram, lo);
                if (rx.receive(100) == null) break;
            }
        } catch (Exception | Error e) {
            LOG.debug("send/receive warm-up on lo skipped: {}", e.toString());
        }
    }

    private RawVrrpSocket openSocket(Key k, Endpoint e) {
        int index = io.vigil.sys.Libc.ifNameToIndex(k.interfaceName());
        RawVrrpSocket s = k.family() == AddressFamily.IPV4
                ? RawVrrpSocket.openIpv4(k.interfaceName(), k.authHeader() ? RawVrrpSocket.IPPROTO_AH : RawVrrpSocket.IPPROTO_VRRP, false)
                : RawVrrpSocket.openIpv6(k.interfaceName(), e.source(), false);
        indexes.put(k, index);
        opened.put(k, e);
        return s;
    }

    /**
     * The socket of {@code key}, opened again with its groups when its interface was deleted and created again (a new
     * index): a socket stays bound to the index it was opened on, so it would neither send (ENODEV) nor receive.
     * Returns the socket to use, the same one when nothing changed or the interface does not exist (yet).
     */
    private synchronized RawVrrpSocket current(Key key, RawVrrpSocket socket) {
        RawVrrpSocket now = sockets.get(key);
        if (now != socket || closed) return now;
        int index = io.vigil.sys.Libc.ifNameToIndex(key.interfaceName());
        Integer was = indexes.get(key);
        if (index == 0 || was == null || index == was) return socket;
        try {
            RawVrrpSocket fresh = openSocket(key, opened.get(key));
            for (InetAddress g : socket.joined()) fresh.join(g);
            sockets.put(key, fresh);
            socket.close();
            LOG.info("{} was created again (index {}, was {}): VRRP socket opened again", key.interfaceName(), index, was);
            return fresh;
        } catch (RuntimeException e) {
            LOG.warn("cannot open the VRRP socket again on {}: {}", key.interfaceName(), e.getMessage());
            return socket;
        }
    }

    private synchronized RawVrrpSocket socketOf(Key key) {
        return sockets.get(key);
    }

    private void read(Key key, RawVrrpSocket first, Sink sink) {
        RawVrrpSocket socket = first;
        while (!closed) {
            if (socket.isClosed()) {
                socket = socketOf(key); // a send opened it again: read the new one
                if (socket == null || socket.isClosed()) return;
            }
            try {
                RawVrrpSocket.Received r = socket.receive(1000);
                if (r == null) {
                    RawVrrpSocket c = current(key, socket); // once a second at most while nothing arrives
                    if (c != null) socket = c;
                    continue;
                }
                // IPv4: the whole datagram (the header carries the TTL); IPv6: the VRRP message, hop limit aside.
                sink.received(key.interfaceName(), new InboundAdvert(r.packet(), key.family(), r.source(), r.destination(), r.ttl(), r.ifIndex()));
            } catch (RuntimeException e) {
                if (closed) return;
                if (socket.isClosed()) continue; // opened again by a send
                LOG.warn("receive on {}: {}", key.interfaceName(), e.getMessage());
                RawVrrpSocket c = current(key, socket);
                if (c != null) socket = c;
                try {
                    Thread.sleep(100); // a persistent error must not spin this thread
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @Override
    public void send(OutboundAdvert advert) throws IOException {
        Map.Entry<Key, RawVrrpSocket> s = socketFor(advert);
        if (s == null) throw new IOException("no VRRP socket on " + advert.interfaceName() + " for " + advert.family());
        try {
            send(s.getValue(), advert);
        } catch (RuntimeException e) {
            // the interface may have been deleted and created again since the socket was opened: once more on a new socket
            RawVrrpSocket again = current(s.getKey(), s.getValue());
            if (again == s.getValue() || again == null) throw new IOException("send on " + advert.interfaceName() + ": " + e.getMessage(), e);
            try {
                send(again, advert);
            } catch (RuntimeException e2) {
                throw new IOException("send on " + advert.interfaceName() + ": " + e2.getMessage(), e2);
            }
        }
    }

    private static void send(RawVrrpSocket s, OutboundAdvert advert) {
        if (advert.family() == AddressFamily.IPV4) s.sendIpv4(advert.bytes(), advert.destination());
        else s.sendIpv6(advert.bytes(), advert.destination(), advert.hopLimit());
    }

    private synchronized Map.Entry<Key, RawVrrpSocket> socketFor(OutboundAdvert advert) {
        // With IP_HDRINCL the header we built names the protocol, so any IPv4 socket on the interface can send it.
        for (Map.Entry<Key, RawVrrpSocket> e : sockets.entrySet()) {
            if (e.getKey().interfaceName().equals(advert.interfaceName()) && e.getKey().family() == advert.family()) return Map.entry(e.getKey(), e.getValue());
        }
        return null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        sockets.values().forEach(RawVrrpSocket::close);
        sockets.clear();
        indexes.clear();
        opened.clear();
        pending.clear();
        pendingGroups.clear();
        for (Thread t : readers) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        readers.clear();
    }
}
