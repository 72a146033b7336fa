package io.vigil.lb.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * UDP proxy for one service on virtual threads. A session per client address:port (as IPVS's UDP connection
 * entries) holds a socket connected to the chosen server; the server's replies go back to the client from the
 * virtual address. A session ends after the idle timeout or when the server answers with an ICMP error.
 * With {@code ops} (one-packet scheduling) every datagram is scheduled on its own.
 */
final class UdpListener implements Listener {
    private static final Logger log = LoggerFactory.getLogger(UdpListener.class);
    private static final int MAX_DATAGRAM = 65_535;

    private final ServicePool pool;
    private final ProxySettings settings;
    private final BindRetry bindRetry;
    private final Map<Object, Session> sessions = new ConcurrentHashMap<>();
    private volatile DatagramSocket socket;
    private volatile boolean closed;

    private record OpsKey(InetSocketAddress client, Backend backend) {}

    private final class Session {
        final Object key;
        final InetSocketAddress client;
        final Backend backend;
        final DatagramSocket upstream;
        volatile long lastSeenNanos = System.nanoTime();

        Session(Object key, InetSocketAddress client, Backend backend) throws IOException {
            this.key = key;
            this.client = client;
            this.backend = backend;
            this.upstream = new DatagramSocket();
            upstream.connect(backend.socketAddress());
            upstream.setSoTimeout(Math.min(settings.udpIdleTimeoutMillis(), 1000));
        }

        void replies() {
            byte[] buf = new byte[MAX_DATAGRAM];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                while (!closed) {
                    try {
                        p.setLength(buf.length);
                        upstream.receive(p);
                    } catch (SocketTimeoutException e) {
                        if (System.nanoTime() - lastSeenNanos > settings.udpIdleTimeoutMillis() * 1_000_000L) return;
                        continue;
                    }
                    lastSeenNanos = System.nanoTime();
                    backend.packetsOut.increment();
                    backend.bytesOut.add(p.getLength());
                    socket.send(new DatagramPacket(buf, 0, p.getLength(), client));
                }
            } catch (IOException e) {
                log.debug("UDP session {} -> {} ended: {}", client, backend.socketAddress(), e.toString());
            } finally {
                end();
            }
        }

        void end() {
            if (sessions.remove(key, this)) backend.inactive.decrementAndGet();
            upstream.close();
        }
    }

    UdpListener(ServicePool pool, ProxySettings settings) {
        this.pool = pool;
        this.settings = settings;
        this.bindRetry = new BindRetry(pool.listenAddress(), settings.bindRetryMillis(), this::tryBind);
        bindRetry.start();
    }

    private boolean tryBind() throws IOException {
        if (closed) return true;
        DatagramSocket s = new DatagramSocket(null);
        try {
            s.setReuseAddress(true);
            s.bind(pool.listenAddress());
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        Thread.ofVirtual().name("vigil-udp-" + pool.listenAddress()).start(this::receiveLoop);
        return true;
    }

    private void receiveLoop() {
        byte[] buf = new byte[MAX_DATAGRAM];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!closed) {
            try {
                p.setLength(buf.length);
                socket.receive(p);
                InetSocketAddress client = (InetSocketAddress) p.getSocketAddress();
                Session s = session(client);
                if (s == null) continue; // no server available: dropped, as IPVS drops it
                s.lastSeenNanos = System.nanoTime();
                s.backend.packetsIn.increment();
                s.backend.bytesIn.add(p.getLength());
                s.upstream.send(new DatagramPacket(buf, 0, p.getLength()));
            } catch (IOException e) {
                if (closed) return;
                log.debug("UDP proxy {}: {}", pool.listenAddress(), e.toString());
            }
        }
    }

    private Session session(InetSocketAddress client) throws IOException {
        boolean ops = pool.settings().onePacket();
        if (!ops) {
            Session s = sessions.get(client);
            if (s != null && !s.backend.removed) return s;
            if (s != null) s.end();
        }
        Backend b = pool.choose(client, Set.of(), System.nanoTime());
        if (b == null) return null;
        Object key = ops ? new OpsKey(client, b) : client;
        Session existing = sessions.get(key);
        if (existing != null) return existing;
        Session s = new Session(key, client, b);
        sessions.put(key, s);
        b.conns.increment();
        b.inactive.incrementAndGet();
        Thread.ofVirtual().start(s::replies);
        return s;
    }

    @Override
    public boolean bound() {
        return socket != null;
    }

    @Override
    public void close() {
        closed = true;
        bindRetry.close();
        if (socket != null) socket.close();
        for (Session s : sessions.values()) s.end();
    }
}
