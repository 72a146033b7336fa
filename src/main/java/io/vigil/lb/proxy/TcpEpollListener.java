package io.vigil.lb.proxy;

import io.vigil.sys.EpollIo;
import io.vigil.sys.EpollIo.IoBuffer;
import io.vigil.sys.NativeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.vigil.sys.EpollIo.EAGAIN;
import static io.vigil.sys.EpollIo.EPOLLERR;
import static io.vigil.sys.EpollIo.EPOLLET;
import static io.vigil.sys.EpollIo.EPOLLHUP;
import static io.vigil.sys.EpollIo.EPOLLIN;
import static io.vigil.sys.EpollIo.EPOLLOUT;
import static io.vigil.sys.EpollIo.EPOLLRDHUP;

/**
 * TCP proxy for one service on a native epoll loop (through {@link EpollIo}): edge-triggered, each socket
 * registered once; a relay pumps both directions until the kernel says EAGAIN, with one native buffer per
 * direction, back-pressure and half-closes. Connects are non-blocking with a timeout and retry on another server.
 * With {@code splice} on, directions that fill a whole buffer in one read switch to splice(2) through a pipe (bulk
 * transfers stay in the kernel), like HAProxy's splice-auto.
 */
final class TcpEpollListener extends NativeTcpListener<TcpEpollListener.Worker> {
    private static final Logger log = LoggerFactory.getLogger(TcpEpollListener.class);
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final long SPLICE_CHUNK = 1 << 20;
    private static final int PIPE_BYTES = 1 << 20;
    private static final long LISTEN_TAG = -1;

    private final ProxyDataPlane.WorkerDeath onWorkerDeath;

    TcpEpollListener(ServicePool pool, ProxySettings settings, ProxyDataPlane.WorkerDeath onWorkerDeath) {
        super(pool, settings, "epoll");
        this.onWorkerDeath = onWorkerDeath;
        start();
    }

    @Override
    Worker newWorker(int listenFd) {
        return new Worker(listenFd);
    }

    private static final class End {
        final int fd;
        final boolean client;
        final Relay relay;
        End peer;
        IoBuffer buffer;          // bytes read from this end, to be written to peer
        int pipeRead = -1, pipeWrite = -1;
        long piped;               // bytes in the pipe (splice mode)
        boolean readable, writable, eof, shutOut;
        boolean hangup;           // the peer shut down or reset: read on until EOF, a short read proves nothing
        boolean inputPaused;      // EPOLLIN dropped while the peer cannot take more (no wakeup per arriving packet)

        End(int fd, boolean client, Relay relay) {
            this.fd = fd;
            this.client = client;
            this.relay = relay;
        }
    }

    private static final class Relay {
        End client, server;
        Backend backend;
        Set<Backend> tried = Set.of();   // servers already tried (allocated on the first retry)
        InetSocketAddress from;
        long connectDeadlineNanos;
        boolean established, closed;
    }

    final class Worker extends NativeTcpListener.Worker {
        private final int listen;
        private final int ep;
        private final EpollIo.Events events = new EpollIo.Events(256);
        private final ArrayDeque<IoBuffer> buffers = new ArrayDeque<>();
        private final List<Relay> connecting = new ArrayList<>();
        private final InetSocketAddress[] peer = new InetSocketAddress[1];
        private End[] byFd = new End[4096];
        private final AcceptBackoff acceptBackoff = new AcceptBackoff();
        private long acceptPausedUntilNanos;
        private boolean acceptPaused;

        Worker(int listen) {
            this.listen = listen;
            this.ep = EpollIo.epollCreate();
            EpollIo.epollCtl(ep, EpollIo.EPOLL_CTL_ADD, listen, EPOLLIN, LISTEN_TAG);
            io.vigil.sys.Libc.strerror(24); // bound now: the shortage log line must not need anything loaded under EMFILE
        }

        @Override
        public void run() {
            try {
                while (running) {
                    int n = EpollIo.epollWait(ep, events, connecting.isEmpty() && !acceptPaused ? 100 : 20);
                    if (acceptPaused && System.nanoTime() - acceptPausedUntilNanos >= 0) {
                        EpollIo.epollCtl(ep, EpollIo.EPOLL_CTL_ADD, listen, EPOLLIN, LISTEN_TAG);
                        acceptPaused = false;
                    }
                    for (int i = 0; i < n; i++) {
                        long data = events.data(i);
                        if (data == LISTEN_TAG) {
                            accept();
                            continue;
                        }
                        End e = byFd[(int) data];
                        if (e == null) continue;
                        int ev = events.events(i);
                        if ((ev & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP)) != 0) e.readable = true;
                        if ((ev & (EPOLLHUP | EPOLLERR | EPOLLRDHUP)) != 0) e.hangup = true;
                        if ((ev & (EPOLLOUT | EPOLLERR | EPOLLHUP)) != 0) e.writable = true;
                        if (!e.relay.established) {
                            if (!e.client && e.writable) finishConnect(e.relay, (ev & (EPOLLERR | EPOLLHUP)) != 0);
                            continue;
                        }
                        pump(e.relay);
                    }
                    if (!connecting.isEmpty()) expireConnects();
                }
            } catch (RuntimeException | Error e) {
                // A worker that stops leaves the listener stuck: the kernel completes handshakes into its queue and nobody
                // serves them (seen in ProxyFloodLabTest: a class first needed under EMFILE could not be loaded, and the
                // JVM keeps that link failed for good). The plane's owner decides what follows (the proxy child exits).
                log.error("epoll proxy worker for {} stopped: {}", pool.listenAddress(), e.toString());
                onWorkerDeath.died(pool.listenAddress(), e);
            } finally {
                for (End e : byFd) if (e != null) close(e.relay);
                EpollIo.close(ep);
            }
        }

        private void track(End e) {
            if (e.fd >= byFd.length) byFd = java.util.Arrays.copyOf(byFd, Math.max(e.fd + 1, byFd.length * 2));
            byFd[e.fd] = e;
            EpollIo.epollCtl(ep, EpollIo.EPOLL_CTL_ADD, e.fd, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, e.fd);
        }

        private void accept() {
            for (int i = 0; i < 64; i++) {
                int fd = EpollIo.accept(listen, peer);
                if (fd < 0) {
                    if (!AcceptBackoff.transientErrno(-fd)) acceptFailed(-fd);
                    return;
                }
                Relay r = new Relay();
                r.from = peer[0];
                r.client = new End(fd, true, r);
                track(r.client);
                connectNext(r);
            }
        }

        private void acceptFailed(int errno) {
            resourceShortage(errno, "accept on " + pool.listenAddress() + " failed", "new ones wait in the kernel's queue", true);
        }

        /**
         * Out of descriptors or memory: counted and logged with a rate limit. When accept itself failed the connection
         * stays queued and the level-triggered listener stays readable: {@code pause} leaves it alone for a moment (no spin).
         */
        private void resourceShortage(int errno, String what, String consequence, boolean pause) {
            long now = System.nanoTime();
            String suffix = acceptBackoff.failed(now);
            if (suffix != null) {
                log.warn("{}: {} (errno {}); {} client connections open; {}{}", what, io.vigil.sys.Libc.strerror(errno), errno, open(),
                        consequence, suffix);
            }
            if (!pause || acceptPaused) return;
            EpollIo.epollCtl(ep, EpollIo.EPOLL_CTL_DEL, listen, 0, LISTEN_TAG);
            acceptPaused = true;
            acceptPausedUntilNanos = now + AcceptBackoff.PAUSE_NANOS;
        }

        private int open() {
            int n = 0;
            for (End e : byFd) if (e != null && e.client) n++;
            return n;
        }

        private void connectNext(Relay r) {
            while (true) {
                Backend b = pool.attempt(r.from, r.tried, settings.connectAttempts(), System.nanoTime());
                if (b == null) {
                    close(r);
                    return;
                }
                r.backend = b;
                try {
                    int fd = EpollIo.connect(b.socketAddress());
                    r.server = new End(fd, false, r);
                    track(r.server);
                    r.connectDeadlineNanos = System.nanoTime() + settings.connectTimeoutMillis() * 1_000_000L;
                    connecting.add(r);
                    return;
                } catch (NativeException e) {
                    if (AcceptBackoff.outOfResources(e.errno())) {
                        // No descriptor for the server side: this client is closed at once (a fast refusal, and the
                        // kernel's queue drains, so a flood does not keep legitimate clients waiting behind it).
                        resourceShortage(e.errno(), "cannot open a connection to " + b.socketAddress(), "client connections refused", false);
                    }
                    log.debug("connect to {} failed: {}", b.socketAddress(), e.getMessage());
                    b.inactive.decrementAndGet();
                    r.backend = null;
                    if (r.tried.isEmpty()) r.tried = new HashSet<>(4);
                    r.tried.add(b);
                }
            }
        }

        private void failed(Relay r, String why) {
            log.debug("connect to {} failed: {}", r.backend.socketAddress(), why);
            if (r.tried.isEmpty()) r.tried = new HashSet<>(4);
            r.tried.add(r.backend);
            connecting.remove(r);
            r.backend.inactive.decrementAndGet();
            r.backend = null;
            untrack(r.server);
            r.server = null;
            connectNext(r);
        }

        /** Writable without error means connected (no SO_ERROR call needed); an error event carries the reason. */
        private void finishConnect(Relay r, boolean errorEvent) {
            if (errorEvent) {
                int err = EpollIo.socketError(r.server.fd);
                failed(r, err != 0 ? io.vigil.sys.Libc.strerror(err) : "connection closed");
                return;
            }
            connecting.remove(r);
            r.established = true;
            r.backend.inactive.decrementAndGet();
            r.backend.active.incrementAndGet();
            r.client.peer = r.server;
            r.server.peer = r.client;
            r.client.buffer = takeBuffer();
            r.server.buffer = takeBuffer();
            pump(r);
        }

        private long nextExpiryCheckNanos;

        private void expireConnects() {
            long now = System.nanoTime();
            if (now - nextExpiryCheckNanos < 0) return;
            nextExpiryCheckNanos = now + 20_000_000L;
            for (int i = connecting.size() - 1; i >= 0; i--) {
                if (i >= connecting.size()) continue;
                Relay r = connecting.get(i);
                if (now - r.connectDeadlineNanos > 0) failed(r, "connect timed out");
            }
        }

        /** Moves bytes both ways until nothing more can move now. */
        private void pump(Relay r) {
            boolean progress = true;
            while (progress && !r.closed) {
                progress = transfer(r.client) | transfer(r.server);
                if (r.client.shutOut && r.server.shutOut) close(r);
            }
        }

        /** One step from {@code from} to its peer; true if anything happened. */
        private boolean transfer(End from) {
            End to = from.peer;
            if (from.relay.closed) return false;
            boolean progress = false;
            if (from.pipeRead >= 0) return spliceStep(from) ;
            if (from.buffer.pending() && to.writable) {
                long n = EpollIo.write(to.fd, from.buffer);
                if (n == -EAGAIN) to.writable = false;
                else if (n < 0) return fail(from.relay);
                else {
                    progress = true;
                    if (from.buffer.pending()) to.writable = false;
                }
                if (from.buffer.pending()) pauseInput(from);
            }
            if (from.buffer.empty() && from.inputPaused) resumeInput(from);
            if (from.buffer.empty() && from.readable && !from.eof) {
                long n = EpollIo.read(from.fd, from.buffer);
                if (n == -EAGAIN) from.readable = false;
                else if (n < 0) return fail(from.relay);
                else if (n == 0) from.eof = true;
                else {
                    count(from, n);
                    // A short read means the queue is empty and the next packet re-arms the edge, unless the FIN
                    // already came with this edge: then read on to see the EOF.
                    if (n < from.buffer.capacity()) from.readable = from.hangup;
                    else if (settings.splice()) startSplice(from);
                }
                progress = true;
            }
            if (from.eof && from.buffer.empty() && !to.shutOut) {
                passEof(from, to);
                progress = true;
            }
            return progress;
        }

        /**
         * Back-pressure: while bytes wait for a full peer, stop edge wakeups for every packet arriving on
         * {@code from} (as the NIO loop drops OP_READ); bulk transfers otherwise burn a wakeup per segment.
         */
        private void pauseInput(End from) {
            if (from.inputPaused) return;
            from.inputPaused = true;
            EpollIo.epollCtl(ep, EpollIo.EPOLL_CTL_MOD, from.fd, EPOLLOUT | EPOLLRDHUP | EPOLLET, from.fd);
        }

        /** Re-arms EPOLLIN; MOD reports data that arrived meanwhile as a new edge, and we also just try to read. */
        private void resumeInput(End from) {
            from.inputPaused = false;
            from.readable = true;
            EpollIo.epollCtl(ep, EpollIo.EPOLL_CTL_MOD, from.fd, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, from.fd);
        }

        /** Both directions finished: close at once; otherwise half-close towards {@code to}. */
        private void passEof(End from, End to) {
            to.shutOut = true;
            if (to.eof && from.shutOut) close(from.relay);
            else EpollIo.shutdownWrite(to.fd);
        }

        /** A full-buffer read means bulk: move this direction to splice through a pipe. */
        private void startSplice(End from) {
            try {
                int[] p = EpollIo.pipe(PIPE_BYTES);
                from.pipeRead = p[0];
                from.pipeWrite = p[1];
            } catch (NativeException e) {
                // out of fds: stay with read/write
            }
        }

        private boolean spliceStep(End from) {
            End to = from.peer;
            boolean progress = false;
            if (from.buffer.pending() && to.writable) { // bytes read before the switch go first
                long n = EpollIo.write(to.fd, from.buffer);
                if (n == -EAGAIN) to.writable = false;
                else if (n < 0) return fail(from.relay);
                else progress = true;
                if (from.buffer.pending()) return progress;
            }
            if (from.buffer.pending()) return progress;
            if (from.piped > 0 && to.writable) {
                long n = EpollIo.splice(from.pipeRead, to.fd, from.piped);
                if (n == -EAGAIN) to.writable = false;
                else if (n < 0) return fail(from.relay);
                else {
                    from.piped -= n;
                    progress = true;
                }
            }
            if (from.piped == 0 && from.readable && !from.eof) {
                long n = EpollIo.splice(from.fd, from.pipeWrite, SPLICE_CHUNK);
                if (n == -EAGAIN) from.readable = false;
                else if (n < 0) return fail(from.relay);
                else if (n == 0) from.eof = true;
                else {
                    from.piped = n;
                    count(from, n);
                }
                progress = true;
            }
            if (from.eof && from.piped == 0 && !to.shutOut) {
                passEof(from, to);
                progress = true;
            }
            return progress;
        }

        private void count(End from, long n) {
            if (from.client) from.relay.backend.bytesIn.add(n);
            else from.relay.backend.bytesOut.add(n);
        }

        private boolean fail(Relay r) {
            close(r);
            return false;
        }

        private IoBuffer takeBuffer() {
            IoBuffer b = buffers.poll();
            return b != null ? b : new IoBuffer(BUFFER_BYTES);
        }

        private void untrack(End e) {
            if (e == null) return;
            if (e.fd < byFd.length && byFd[e.fd] == e) byFd[e.fd] = null;
            EpollIo.close(e.fd);
            if (e.pipeRead >= 0) {
                EpollIo.close(e.pipeRead);
                EpollIo.close(e.pipeWrite);
            }
            if (e.buffer != null && buffers.size() < 1024) {
                e.buffer.clear();
                buffers.push(e.buffer);
            }
            e.buffer = null;
        }

        private void close(Relay r) {
            if (r.closed) return;
            r.closed = true;
            connecting.remove(r);
            if (r.backend != null) {
                if (r.established) r.backend.active.decrementAndGet();
                else r.backend.inactive.decrementAndGet();
            }
            untrack(r.client);
            untrack(r.server);
        }
    }
}
