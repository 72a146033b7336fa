package io.vigil.lb.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TCP proxy for one service on virtual threads with blocking sockets: one thread accepts, each connection gets a
 * thread that connects (with timeout, retrying on other servers) and copies client to server while a second
 * copies back. Simple; measured against {@link TcpNioListener} in docs/benchmarks/lb.md.
 */
final class TcpVirtualThreadListener implements Listener {
    private static final Logger log = LoggerFactory.getLogger(TcpVirtualThreadListener.class);
    private static final int BUFFER_BYTES = 64 * 1024;

    private final ServicePool pool;
    private final ProxySettings settings;
    private final BindRetry bindRetry;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile boolean closed;

    TcpVirtualThreadListener(ServicePool pool, ProxySettings settings) {
        this.pool = pool;
        this.settings = settings;
        this.bindRetry = new BindRetry(pool.listenAddress(), settings.bindRetryMillis(), this::tryBind);
        bindRetry.start();
    }

    private boolean tryBind() throws IOException {
        if (closed) return true;
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(pool.listenAddress(), 4096);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        server = s;
        Thread.ofVirtual().name("vigil-accept-" + pool.listenAddress()).start(this::acceptLoop);
        return true;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket c = server.accept();
                Thread.ofVirtual().start(() -> serve(c));
            } catch (IOException e) {
                if (!closed) log.error("accept on {} failed: {}", pool.listenAddress(), e.toString());
                return;
            }
        }
    }

    private void serve(Socket client) {
        open.add(client);
        Set<Backend> tried = new HashSet<>();
        try (client) {
            client.setTcpNoDelay(true);
            InetSocketAddress from = (InetSocketAddress) client.getRemoteSocketAddress();
            while (true) {
                Backend b = pool.attempt(from, tried, settings.connectAttempts(), System.nanoTime());
                if (b == null) return;
                tried.add(b);
                Socket s = new Socket();
                try {
                    s.setTcpNoDelay(true);
                    s.connect(b.socketAddress(), settings.connectTimeoutMillis());
                } catch (IOException e) {
                    b.inactive.decrementAndGet();
                    s.close();
                    log.debug("connect to {} failed: {}", b.socketAddress(), e.toString());
                    continue;
                }
                b.inactive.decrementAndGet();
                b.active.incrementAndGet();
                open.add(s);
                try (s) {
                    Thread back = Thread.ofVirtual().start(() -> copy(s, client, b, false));
                    copy(client, s, b, true);
                    back.join();
                } finally {
                    open.remove(s);
                    b.active.decrementAndGet();
                }
                return;
            }
        } catch (IOException | InterruptedException e) {
            log.debug("proxied connection ended: {}", e.toString());
        } finally {
            open.remove(client);
        }
    }

    /** Copies until EOF, then half-closes the destination; an error closes both. */
    private static void copy(Socket from, Socket to, Backend b, boolean inbound) {
        byte[] buf = new byte[BUFFER_BYTES];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (inbound) b.bytesIn.add(n);
                else b.bytesOut.add(n);
            }
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    @Override
    public boolean bound() {
        return server != null;
    }

    @Override
    public void close() {
        closed = true;
        bindRetry.close();
        try {
            if (server != null) server.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
