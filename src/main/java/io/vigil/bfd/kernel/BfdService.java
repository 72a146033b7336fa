package io.vigil.bfd.kernel;

import io.vigil.bfd.BfdCodec;
import io.vigil.bfd.BfdDiag;
import io.vigil.bfd.BfdDropCounters;
import io.vigil.bfd.BfdPacket;
import io.vigil.bfd.BfdSession;
import io.vigil.bfd.BfdSessions;
import io.vigil.bfd.BfdSettings;
import io.vigil.bfd.BfdState;
import io.vigil.sys.BfdUdpSocket;
import io.vigil.sys.FdWaiter;
import io.vigil.sys.NativeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The BFD shell: one platform thread (tuned by {@code bfd_priority}/{@code bfd_rt_priority}) owns the UDP sockets and
 * the {@link BfdSessions}, waits for packets and the next session deadline together, and reports sessions going Up or
 * falling from Up to the listener (on that thread; the listener hands them on). Listeners on 3784 (and 4784 for
 * {@code vigil_multihop}) per address family in use; one sending socket per session (RFC 5881 section 4: source port
 * 49152-65535, TTL/hop limit as configured). A session whose sending socket cannot be opened is AdminDown, as in
 * keepalived.
 */
public final class BfdService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BfdService.class);
    static final int MIN_SOURCE_PORT = 49152, MAX_SOURCE_PORT = 65535;

    /** A session went Up ({@code up}) or fell from Up in a way keepalived reports (not on the peer's AdminDown). */
    public interface Listener {
        void changed(String session, boolean up);
    }

    /** One session as seen from outside the BFD thread. */
    public record Status(String name, BfdState state, BfdState remoteState, BfdDiag localDiag, long detectionTimeMicros,
                         long txIntervalMicros, int localPort, long lastSeenNanos) { }

    private final RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
    private final Consumer<String> threadTuner;
    private final Listener listener;
    private final FdWaiter waiter = new FdWaiter();
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final Map<String, BfdUdpSocket> senders = new HashMap<>();
    private final Map<String, BfdUdpSocket> listeners = new LinkedHashMap<>();
    private final BfdSessions sessions;
    private final byte[] txBytes = new byte[BfdCodec.HEADER_LENGTH];
    private volatile boolean running;
    private Thread thread;

    public BfdService(List<BfdSettings> settings, Consumer<String> threadTuner, Listener listener) {
        this.threadTuner = threadTuner;
        this.listener = listener;
        this.sessions = new BfdSessions(random, new BfdSessions.Sink() {
            @Override
            public void send(BfdSession session, BfdPacket packet) {
                transmit(session, packet);
            }

            @Override
            public void transition(BfdSession session, BfdState from, BfdState to, BfdDiag diag, boolean notify) {
                String name = session.settings().name();
                if (from == BfdState.UP || to == BfdState.UP)
                    LOG.info("({}) Entering {} state (local diagnostic: {}, remote diagnostic: {})", name, to, diag, session.remoteDiag());
                else LOG.debug("({}) Entering {} state", name, to);
                if (notify) BfdService.this.listener.changed(name, to == BfdState.UP);
            }
        });
        for (BfdSettings s : settings) sessions.add(s);
    }

    /** Opens the sockets and starts the thread; sessions start sending at once (passive ones wait for their peer). */
    public synchronized void start() {
        if (running) return;
        openListeners();
        long now = System.nanoTime();
        for (BfdSession s : sessions.all()) {
            openSender(s);
            s.start(now);
        }
        running = true;
        thread = Thread.ofPlatform().name("bfd").daemon(true).start(this::loop);
        LOG.info("BFD started: {} session(s) on {}", sessions.all().size(), listeners.keySet());
    }

    /**
     * Applies a reload on the BFD thread: sessions with the same name, neighbour, source, TTL and port keep their state
     * (new timers through a Poll sequence), others are replaced; removed ones stop.
     */
    public void reload(List<BfdSettings> next) {
        call(() -> {
            Map<String, BfdSettings> byName = new LinkedHashMap<>();
            for (BfdSettings s : next) byName.put(s.name(), s);
            long now = System.nanoTime();
            for (String name : sessions.names()) {
                BfdSettings n = byName.get(name);
                BfdSession old = sessions.get(name).orElseThrow();
                if (n != null && sameEndpoint(old.settings(), n)) {
                    old.reconfigure(n, now);
                    byName.remove(name);
                } else {
                    sessions.remove(name);
                    BfdUdpSocket s = senders.remove(name);
                    if (s != null) s.close();
                    LOG.info("({}) BFD session removed by reload", name);
                    if (old.state() == BfdState.UP) listener.changed(name, false);
                }
            }
            for (BfdSettings s : byName.values()) {
                BfdSession added = sessions.add(s);
                openSender(added);
                added.start(now);
                LOG.info("({}) BFD session added by reload", s.name());
            }
            openListeners();
            return null;
        });
    }

    static boolean sameEndpoint(BfdSettings a, BfdSettings b) {
        return a.neighbor().equals(b.neighbor()) && a.source().equals(b.source()) && a.ttl() == b.ttl() && a.maxHops() == b.maxHops()
                && a.multihop() == b.multihop();
    }

    public List<Status> status() {
        return call(() -> {
            List<Status> out = new ArrayList<>();
            for (BfdSession s : sessions.all()) {
                BfdUdpSocket tx = senders.get(s.settings().name());
                out.add(new Status(s.settings().name(), s.state(), s.remoteState(), s.localDiag(), s.detectionTimeMicros(),
                        s.localTxIntervalMicros(), tx == null ? 0 : tx.localPort(), s.lastSeenNanos()));
            }
            return out;
        });
    }

    /**
     * Hands every session's state (up or not) to {@code each}, on the BFD thread: ordered with the listener's events, so
     * a state handed on here is never older than an event already given. {@code each} must not block.
     */
    public void eachState(java.util.function.BiConsumer<String, Boolean> each) {
        call(() -> {
            for (BfdSession s : sessions.all()) each.accept(s.settings().name(), s.state() == BfdState.UP);
            return null;
        });
    }

    public BfdDropCounters drops() {
        return sessions.drops();
    }

    private <T> T call(java.util.concurrent.Callable<T> task) {
        try {
            if (Thread.currentThread() == thread) return task.call(); // from a listener, on the BFD thread itself
            if (!running) {
                synchronized (this) {
                    return task.call();
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        inbox.add(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        waiter.wake();
        return f.join();
    }

    private void loop() {
        threadTuner.accept("BFD");
        List<BfdUdpSocket> rx = new ArrayList<>();
        int[] fds = new int[0];
        boolean[] ready = new boolean[0];
        while (running) {
            for (Runnable r; (r = inbox.poll()) != null; ) r.run();
            if (rx.size() != listeners.size()) {
                rx = new ArrayList<>(listeners.values());
                fds = rx.stream().mapToInt(BfdUdpSocket::fd).toArray();
                ready = new boolean[fds.length];
            }
            long now = System.nanoTime();
            try {
                sessions.onTimer(now);
            } catch (RuntimeException e) {
                LOG.error("BFD timer failed: {}", e.toString());
            }
            long next = sessions.nextDeadline();
            long timeoutNanos = Math.min(1_000_000_000L, Math.max(0, next == BfdSession.NEVER ? Long.MAX_VALUE : next - System.nanoTime()));
            if (waiter.await(fds, ready, timeoutNanos) == 0) continue;
            for (int i = 0; i < fds.length; i++) {
                if (!ready[i]) continue;
                for (BfdUdpSocket.Received d; (d = rx.get(i).receiveNow()) != null; )
                    sessions.receive(d.data(), d.length(), d.source(), d.destination(), d.ttl(), System.nanoTime());
            }
        }
    }

    private void openListeners() {
        for (BfdSession s : sessions.all()) {
            boolean v6 = s.settings().neighbor() instanceof Inet6Address;
            int port = s.settings().port();
            String key = (v6 ? "[::]:" : "0.0.0.0:") + port;
            if (listeners.containsKey(key)) continue;
            try {
                listeners.put(key, BfdUdpSocket.listen(v6, port));
            } catch (NativeException e) {
                LOG.error("cannot listen for BFD on {}: {}", key, e.getMessage());
            }
        }
    }

    private void openSender(BfdSession s) {
        BfdSettings st = s.settings();
        try {
            senders.put(st.name(), BfdUdpSocket.sender(st.neighbor() instanceof Inet6Address, st.source().orElse(null), st.ttl(),
                    MIN_SOURCE_PORT, MAX_SOURCE_PORT, random));
        } catch (NativeException e) {
            LOG.error("({}) cannot open the BFD sending socket, session AdminDown: {}", st.name(), e.getMessage());
            s.adminDown();
        }
    }

    private void transmit(BfdSession session, BfdPacket packet) {
        BfdSettings st = session.settings();
        BfdUdpSocket tx = senders.get(st.name());
        if (tx == null) return;
        BfdCodec.write(packet, txBytes, 0);
        try {
            tx.send(txBytes, BfdCodec.HEADER_LENGTH, st.neighbor(), st.port());
        } catch (NativeException e) {
            // A neighbour unreachable for a moment (no route, no ARP yet) is the path failure BFD detects: keep going.
            LOG.debug("({}) BFD send failed: {}", st.name(), e.getMessage());
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (!running) {
                closeSockets();
                return;
            }
            running = false;
            t = thread;
        }
        waiter.wake();
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeSockets();
    }

    private void closeSockets() {
        senders.values().forEach(BfdUdpSocket::close);
        senders.clear();
        listeners.values().forEach(BfdUdpSocket::close);
        listeners.clear();
    }
}
