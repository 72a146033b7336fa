package io.vigil.lb.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * TCP proxy for one service on NIO selector loops: each worker thread owns a selector, accepts on the shared
 * listening socket, connects to the chosen server without blocking (a connect that fails or exceeds the
 * timeout is retried on another server), then relays both directions with one pooled buffer each, honouring
 * back-pressure (a full peer stops reading) and half-closes (EOF becomes shutdownOutput on the other side).
 */
final class TcpNioListener implements Listener {
    private static final Logger log = LoggerFactory.getLogger(TcpNioListener.class);
    private static final int BUFFER_BYTES = 64 * 1024;

    private final ServicePool pool;
    private final ProxySettings settings;
    private final List<Worker> workers = new ArrayList<>();
    private final BindRetry bindRetry;
    private volatile ServerSocketChannel server;
    private volatile boolean closed;

    TcpNioListener(ServicePool pool, ProxySettings settings) {
        this.pool = pool;
        this.settings = settings;
        this.bindRetry = new BindRetry(pool.listenAddress(), settings.bindRetryMillis(), this::tryBind);
        bindRetry.start();
    }

    private boolean tryBind() throws IOException {
        if (closed) return true;
        ServerSocketChannel ch = ServerSocketChannel.open(pool.listenAddress().getAddress() instanceof java.net.Inet6Address
                ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(pool.listenAddress(), 4096);
            ch.configureBlocking(false);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        server = ch;
        for (int i = 0; i < settings.workers(); i++) {
            Worker w = new Worker(ch, i);
            workers.add(w);
            Thread.ofPlatform().daemon().name("vigil-proxy-" + pool.listenAddress() + "-" + i).start(w);
        }
        return true;
    }

    @Override
    public boolean bound() {
        return server != null;
    }

    @Override
    public void close() {
        closed = true;
        bindRetry.close();
        for (Worker w : workers) w.stop();
        try {
            if (server != null) server.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** One side of a relayed connection: its channel and the buffer holding bytes read from it. */
    private static final class End {
        final SocketChannel channel;
        final boolean client;
        ByteBuffer buffer;      // bytes read from this end, waiting to be written to the peer
        boolean pending;        // buffer is flipped and holds bytes not yet written
        SelectionKey key;
        boolean eof;            // read -1 from this end
        boolean shutOut;        // we shut down output towards this end
        End peer;
        Relay relay;

        End(SocketChannel channel, boolean client) {
            this.channel = channel;
            this.client = client;
        }
    }

    /** A client connection and its server connection (while connecting: only the client side is live). */
    private static final class Relay {
        End client, server;
        Backend backend;
        final Set<Backend> tried = new HashSet<>();
        long connectDeadlineNanos;
        boolean established, closed;
    }

    private final class Worker implements Runnable {
        private final ServerSocketChannel listen;
        private final Selector selector;
        private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>();
        private final List<Relay> connecting = new ArrayList<>();
        private volatile boolean running = true;

        Worker(ServerSocketChannel listen, int index) throws IOException {
            this.listen = listen;
            this.selector = Selector.open();
            listen.register(selector, SelectionKey.OP_ACCEPT);
        }

        void stop() {
            running = false;
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                long nextExpiryNanos = System.nanoTime();
                while (running) {
                    selector.select(this::handle, connecting.isEmpty() ? 0 : 50);
                    if (!connecting.isEmpty() && System.nanoTime() - nextExpiryNanos > 0) {
                        expireConnects();
                        nextExpiryNanos = System.nanoTime() + 50_000_000L;
                    }
                }
            } catch (IOException | ClosedSelectorException e) {
                if (running) log.error("proxy worker for {} stopped: {}", pool.listenAddress(), e.toString());
            } finally {
                for (SelectionKey k : selector.keys()) if (k.attachment() instanceof End e) close(e.relay);
                try {
                    selector.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }

        private void handle(SelectionKey k) {
            if (!k.isValid()) return;
            if (k.attachment() == null) {
                try {
                    accept();
                } catch (IOException e) {
                    log.warn("accept on {} failed: {}", pool.listenAddress(), e.toString());
                }
                return;
            }
            End end = (End) k.attachment();
            try {
                if (k.isConnectable()) finishConnect(end.relay);
                else {
                    if (k.isValid() && k.isWritable()) flush(end.peer);
                    if (k.isValid() && k.isReadable()) read(end);
                }
            } catch (IOException | RuntimeException e) {
                if (!end.relay.established) retryOrFail(end.relay, e);
                else close(end.relay);
            }
        }

        private void accept() throws IOException {
            for (int i = 0; i < 64; i++) {
                SocketChannel c = listen.accept();
                if (c == null) return;
                c.configureBlocking(false);
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Relay r = new Relay();
                r.client = new End(c, true);
                r.client.relay = r;
                connectNext(r);
            }
        }

        private void connectNext(Relay r) {
            while (true) {
                InetSocketAddress from;
                try {
                    from = (InetSocketAddress) r.client.channel.getRemoteAddress();
                } catch (IOException e) {
                    close(r);
                    return;
                }
                Backend b = pool.attempt(from, r.tried, settings.connectAttempts(), System.nanoTime());
                if (b == null) {
                    log.debug("no real server for {} from {} (tried {})", pool.listenAddress(), from, r.tried.size());
                    close(r);
                    return;
                }
                r.tried.add(b);
                r.backend = b;
                try {
                    SocketChannel s = SocketChannel.open();
                    s.configureBlocking(false);
                    s.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    r.server = new End(s, false);
                    r.server.relay = r;
                    if (s.connect(b.socketAddress())) {
                        established(r);
                    } else {
                        r.server.key = s.register(selector, SelectionKey.OP_CONNECT, r.server);
                        r.connectDeadlineNanos = System.nanoTime() + settings.connectTimeoutMillis() * 1_000_000L;
                        connecting.add(r);
                    }
                    return;
                } catch (IOException e) {
                    failed(r, e);
                }
            }
        }

        private void failed(Relay r, Exception e) {
            log.debug("connect to {} failed: {}", r.backend.socketAddress(), e.toString());
            r.backend.inactive.decrementAndGet();
            closeQuietly(r.server);
            r.server = null;
            r.backend = null;
        }

        private void retryOrFail(Relay r, Exception e) {
            connecting.remove(r);
            if (r.backend != null) failed(r, e);
            connectNext(r);
        }

        private void finishConnect(Relay r) throws IOException {
            if (r.server.channel.finishConnect()) {
                connecting.remove(r);
                established(r);
            }
        }

        private void expireConnects() {
            long now = System.nanoTime();
            for (Relay r : List.copyOf(connecting))
                if (now - r.connectDeadlineNanos > 0) retryOrFail(r, new IOException("connect timed out"));
        }

        private void established(Relay r) throws IOException {
            r.established = true;
            r.backend.inactive.decrementAndGet();
            r.backend.active.incrementAndGet();
            r.client.peer = r.server;
            r.server.peer = r.client;
            r.client.buffer = takeBuffer();
            r.server.buffer = takeBuffer();
            r.client.key = r.client.channel.register(selector, SelectionKey.OP_READ, r.client);
            if (r.server.key != null) r.server.key.interestOps(SelectionKey.OP_READ);
            else r.server.key = r.server.channel.register(selector, SelectionKey.OP_READ, r.server);
        }

        private void read(End e) throws IOException {
            int n = e.channel.read(e.buffer);
            if (n > 0) {
                if (e.client) e.relay.backend.bytesIn.add(n);
                else e.relay.backend.bytesOut.add(n);
                e.buffer.flip();
                e.pending = true;
                flush(e);
            } else if (n < 0) {
                e.eof = true;
                e.key.interestOps(e.key.interestOps() & ~SelectionKey.OP_READ);
                shutdownTowards(e.peer);
            }
        }

        /** Writes bytes read from {@code from} to its peer; stops reading {@code from} while the peer is full. */
        private void flush(End from) throws IOException {
            if (!from.pending) return;
            ByteBuffer b = from.buffer;
            from.peer.channel.write(b);
            if (b.hasRemaining()) {
                from.key.interestOps(from.key.interestOps() & ~SelectionKey.OP_READ);
                from.peer.key.interestOps(from.peer.key.interestOps() | SelectionKey.OP_WRITE);
                return;
            }
            b.clear();
            from.pending = false;
            from.peer.key.interestOps(from.peer.key.interestOps() & ~SelectionKey.OP_WRITE);
            if (from.eof) shutdownTowards(from.peer);
            else from.key.interestOps(from.key.interestOps() | SelectionKey.OP_READ);
        }

        /** Passes an EOF on: once everything read from the other end is written, shut down output towards {@code to}. */
        private void shutdownTowards(End to) throws IOException {
            if (to.shutOut || to.peer.pending) return;
            to.shutOut = true;
            to.channel.shutdownOutput();
            if (to.relay.client.shutOut && to.relay.server.shutOut) close(to.relay);
        }

        private ByteBuffer takeBuffer() {
            ByteBuffer b = buffers.poll();
            return b != null ? b : ByteBuffer.allocateDirect(BUFFER_BYTES);
        }

        private void close(Relay r) {
            if (r.closed) return;
            r.closed = true;
            connecting.remove(r);
            if (r.backend != null) {
                if (r.established) r.backend.active.decrementAndGet();
                else r.backend.inactive.decrementAndGet();
            }
            for (End e : new End[]{r.client, r.server}) {
                if (e == null) continue;
                closeQuietly(e);
                if (e.buffer != null && buffers.size() < 1024) {
                    e.buffer.clear();
                    buffers.push(e.buffer);
                }
                e.buffer = null;
            }
        }

        private void closeQuietly(End e) {
            if (e == null) return;
            try {
                if (e.key != null) e.key.cancel();
                e.channel.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
