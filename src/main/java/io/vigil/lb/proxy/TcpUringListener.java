package io.vigil.lb.proxy;

import io.vigil.sys.EpollIo;
import io.vigil.sys.IoUring;
import io.vigil.sys.IoUringBuffers;
import io.vigil.sys.Libc;
import io.vigil.sys.NativeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static io.vigil.lb.proxy.UringTag.DOWN;
import static io.vigil.lb.proxy.UringTag.UP;

/**
 * TCP proxy for one service on io_uring (through {@link IoUring}): a multishot accept per worker, multishot
 * receives into a provided-buffer ring, and sends straight from the buffer the kernel filled (no copy), what
 * arrived in one turn going out as one chain of linked sends; a connect
 * to a real server carries a linked timeout and a refusal moves on to the next server as the epoll engine does.
 * Every operation of a loop turn goes to the kernel in one io_uring_enter, which also waits for the next
 * completions. What is in flight per connection is counted ({@link UringTag} names each completion's connection
 * and incarnation), so a connection's sockets are closed and its buffers handed back only when nothing of it is
 * left in the kernel; back-pressure cancels a direction's receive while its reader lags ({@link UringFlow}).
 */
final class TcpUringListener extends NativeTcpListener<TcpUringListener.Worker> {
    private static final Logger log = LoggerFactory.getLogger(TcpUringListener.class);
    static final int RING_ENTRIES = 2048, GROUP = 0;
    /**
     * The provided buffers per worker: a receive fills at most one, and one send per direction is in flight, so
     * the size sets the bulk rate (as the epoll engine's 64 KiB buffer does) and the count how many connections
     * can have bytes in transit at once. The system properties are for benchmarks (docs/benchmarks/lb.md).
     */
    static final int BUFFER_COUNT = Integer.highestOneBit(Math.clamp(Integer.getInteger("vigil.uring.buffers", 1024), 8, 32768)),
            BUFFER_BYTES = Math.clamp(Integer.getInteger("vigil.uring.bufferBytes", 64 * 1024), 4096, 1 << 20);
    private static final boolean INCREMENTAL = !"false".equals(System.getProperty("vigil.uring.incremental"));
    private static final long WAIT_NANOS = 100_000_000L, ACCEPT_RETRY_NANOS = 100_000_000L, STOP_NANOS = 3_000_000_000L;
    /** Tags for completions no connection owns (cancelling the accept): a slot never handed out. */
    private static final int NO_SLOT = UringTag.MAX_SLOTS - 1;

    private final int bufferCount, bufferBytes;

    TcpUringListener(ServicePool pool, ProxySettings settings) {
        this(pool, settings, BUFFER_COUNT, BUFFER_BYTES);
    }

    /** With a buffer ring of {@code bufferCount} buffers of {@code bufferBytes} per worker (tests exhaust a small one). */
    TcpUringListener(ServicePool pool, ProxySettings settings, int bufferCount, int bufferBytes) {
        super(pool, settings, "uring");
        this.bufferCount = bufferCount;
        this.bufferBytes = bufferBytes;
        start();
    }

    @Override
    Worker newWorker(int listenFd) {
        return new Worker(listenFd);
    }

    /** Receives that ran out of buffers (-ENOBUFS) and were re-armed, over all workers. */
    long starvations() {
        long n = 0;
        for (Worker w : workers) n += w.starvations;
        return n;
    }

    /** Connections and buffers the workers still held when they stopped (0 and 0 after a clean stop). */
    int[] leftAtStop() {
        int conns = 0, bufs = 0;
        for (Worker w : workers) {
            conns += w.liveAtStop;
            bufs += w.heldAtStop;
        }
        return new int[]{conns, bufs};
    }

    private static final class Conn {
        final int slot, generation;
        final UringFlow up = new UringFlow(), down = new UringFlow();
        int clientFd = -1, serverFd = -1;
        int inflight;
        Backend backend;
        Set<Backend> tried = Set.of();
        InetSocketAddress from;
        boolean established, closing;

        Conn(int slot, int generation, int clientFd) {
            this.slot = slot;
            this.generation = generation;
            this.clientFd = clientFd;
        }

        long tag(int op, int direction) {
            return UringTag.of(op, direction, slot, generation);
        }
    }

    final class Worker extends NativeTcpListener.Worker {
        private final int listen;
        volatile int liveAtStop = -1, heldAtStop = -1;
        volatile long starvations;   // receives ended by an exhausted buffer ring (-ENOBUFS) and re-armed later
        private IoUring ring;
        private IoUringBuffers buffers;
        private BufferLedger ledger;
        private Conn[] slots = new Conn[1024];
        private int[] generations = new int[1024];
        private int[] freeSlots = new int[1024];
        private int freeTop, nextSlot, live;
        private final IoUring.Completions done = new IoUring.Completions(512);
        private final ArrayDeque<Conn> starved = new ArrayDeque<>();
        private boolean accepting;
        private long acceptRetryNanos;

        Worker(int listen) {
            this.listen = listen;
        }

        @Override
        public void run() {
            try {
                ring = IoUring.open(RING_ENTRIES);
                buffers = new IoUringBuffers(ring, GROUP, bufferCount, bufferBytes, INCREMENTAL);
                ledger = new BufferLedger(bufferCount);
            } catch (NativeException e) {
                log.error("io_uring proxy worker for {} cannot start: {}", pool.listenAddress(), e.getMessage());
                if (ring != null) ring.close();
                return;
            }
            try {
                while (running) turn(WAIT_NANOS);
            } catch (RuntimeException e) {
                log.error("io_uring proxy worker for {} stopped: {}", pool.listenAddress(), e.toString());
            } finally {
                stop();
            }
        }

        /** One loop turn: hand the kernel everything prepared, wait for completions, handle them all. */
        private void turn(long waitNanos) {
            if (!accepting && running && System.nanoTime() - acceptRetryNanos >= 0) {
                need(ring.prepAcceptMultishot(listen, UringTag.of(UringTag.ACCEPT, 0, NO_SLOT, 0)));
                accepting = true;
            }
            ring.submitAndWait(1, waitNanos);
            int n;
            do {
                n = ring.reap(done);
                for (int i = 0; i < n; i++) complete(done.userData[i], done.res[i], done.flags[i]);
            } while (n == done.res.length);
            if (!starved.isEmpty() && ledger.withKernel() >= Math.max(1, bufferCount / 8)) {
                for (Conn c; (c = starved.poll()) != null; ) {
                    c.up.starved = c.down.starved = false;
                    if (slots[c.slot] == c) progress(c);
                }
            }
        }

        private void need(boolean prepared) {
            if (!prepared) throw new IllegalStateException("io_uring submission queue full after flushing it");
        }

        private void complete(long tag, int res, int flags) {
            int op = UringTag.op(tag);
            if (op == UringTag.ACCEPT) {
                accepted(res, flags);
                return;
            }
            int slot = UringTag.slot(tag);
            Conn c = slot < slots.length ? slots[slot] : null;
            if (c == null || c.generation != UringTag.generation(tag)) {
                // Not counted in flight (a failed close) or the accept's cancel: nothing owns it; a buffer goes back.
                if ((flags & IoUring.CQE_F_BUFFER) != 0) dropPiece(res, flags);
                return;
            }
            if ((flags & IoUring.CQE_F_MORE) == 0) c.inflight--;
            switch (op) {
                case UringTag.RECV -> received(c, UringTag.direction(tag), res, flags);
                case UringTag.SEND -> sent(c, UringTag.direction(tag), res);
                case UringTag.CONNECT -> connected(c, res);
                default -> { } // the connect's timeout, a cancel: only counted
            }
            progress(c);
        }

        private void accepted(int res, int flags) {
            if ((flags & IoUring.CQE_F_MORE) == 0) {
                accepting = false;
                if (res < 0) acceptRetryNanos = System.nanoTime() + ACCEPT_RETRY_NANOS;   // e.g. EMFILE: do not spin
            }
            if (res < 0) {
                if (res != -IoUring.ECANCELED) log.debug("accept on {}: {}", pool.listenAddress(), Libc.strerror(-res));
                return;
            }
            if (!running) {
                EpollIo.close(res);
                return;
            }
            Conn c = open(res);
            // Only source-hashing schedulers and persistence look at the client: ask the kernel only for them.
            c.from = pool.needsClientAddress() ? EpollIo.peerAddress(res) : pool.listenAddress();
            if (c.from == null) abort(c);
            else {
                connectNext(c);
                progress(c);
            }
        }

        private Conn open(int clientFd) {
            int slot;
            if (freeTop > 0) slot = freeSlots[--freeTop];
            else {
                if (nextSlot == slots.length) {
                    if (nextSlot >= NO_SLOT) throw new IllegalStateException("too many connections for one worker");
                    slots = Arrays.copyOf(slots, slots.length * 2);
                    generations = Arrays.copyOf(generations, slots.length);
                    freeSlots = Arrays.copyOf(freeSlots, slots.length);
                }
                slot = nextSlot++;
            }
            Conn c = new Conn(slot, generations[slot], clientFd);
            slots[slot] = c;
            live++;
            return c;
        }

        private void connectNext(Conn c) {
            while (true) {
                Backend b = pool.attempt(c.from, c.tried, settings.connectAttempts(), System.nanoTime());
                if (b == null) {
                    abort(c);
                    return;
                }
                c.backend = b;
                try {
                    c.serverFd = EpollIo.tcpSocket(b.socketAddress());
                } catch (NativeException e) {
                    log.debug("connect to {} failed: {}", b.socketAddress(), e.getMessage());
                    giveUp(c);
                    continue;
                }
                need(ring.prepConnect(c.serverFd, b.socketAddress(), c.tag(UringTag.CONNECT, UP),
                        settings.connectTimeoutMillis() * 1_000_000L, c.tag(UringTag.CONNECT_TIMEOUT, UP)));
                c.inflight += 2;
                return;
            }
        }

        /** This server failed for this connection: it is not tried again for it. */
        private void giveUp(Conn c) {
            if (c.tried.isEmpty()) c.tried = new HashSet<>(4);
            c.tried.add(c.backend);
            c.backend.inactive.decrementAndGet();
            c.backend = null;
        }

        private void connected(Conn c, int res) {
            if (c.closing) return;
            if (res < 0) {
                log.debug("connect to {} failed: {}", c.backend.socketAddress(),
                        res == -IoUring.ECANCELED ? "connect timed out" : Libc.strerror(-res));
                giveUp(c);
                need(ring.prepClose(c.serverFd, c.tag(UringTag.CLOSE, UP)));
                c.serverFd = -1;
                connectNext(c);
                return;
            }
            c.established = true;
            c.backend.inactive.decrementAndGet();
            c.backend.active.incrementAndGet();
        }

        private void received(Conn c, int direction, int res, int flags) {
            UringFlow f = direction == UP ? c.up : c.down;
            if ((flags & IoUring.CQE_F_MORE) == 0) f.receiving = false;
            if ((flags & IoUring.CQE_F_BUFFER) != 0) {
                if (res > 0 && !c.closing) {
                    int bid = flags >>> IoUring.CQE_BUFFER_SHIFT;
                    f.received(bid, ledger.received(bid, res, (flags & IoUring.CQE_F_BUF_MORE) != 0), res);
                    if (direction == UP) c.backend.bytesIn.add(res);
                    else c.backend.bytesOut.add(res);
                    return;
                }
                dropPiece(res, flags);
            }
            if (c.closing || res > 0) return;
            if (res == 0) f.eof = true;
            else if (res == -IoUring.ENOBUFS) {
                f.starved = true;
                starved.add(c);
                starvations++;
            } else if (res != -IoUring.ECANCELED) abort(c);   // a reset or another error ends the relay
        }

        private void sent(Conn c, int direction, int res) {
            UringFlow f = direction == UP ? c.up : c.down;
            if (c.closing || res <= 0) {   // pieces still queued go back at release
                f.sendFailed();
                abort(c);
                return;
            }
            int bid = f.sent(res);
            if (bid >= 0) pieceDone(bid);
            else if (f.inFlight > 0) abort(c);   // short inside a chain (an error under MSG_WAITALL): the rest was cancelled
        }

        /** Starts whatever each direction can do now; finishes a closing connection once nothing of it is in flight. */
        private void progress(Conn c) {
            if (!c.closing && c.established) {
                step(c, c.up, UP, c.clientFd, c.serverFd);
                step(c, c.down, DOWN, c.serverFd, c.clientFd);
            } else if (!c.closing) {
                // The client's first bytes are received while the connect runs: sent as soon as it completes,
                // in the same loop turn, instead of a receive armed only then (one turn less per connection).
                receiveOrPause(c, c.up, UP, c.clientFd);
            }
            if (c.closing && c.inflight == 0 && slots[c.slot] == c) release(c);
        }

        private void step(Conn c, UringFlow f, int direction, int from, int to) {
            if (c.closing) return;
            if (f.canSend()) {
                int n = f.chainLength();
                for (int i = 0; i < n; i++) {
                    need(ring.prepSend(to, buffers, f.sendBid(i), f.sendOffset(i), f.sendLength(i), c.tag(UringTag.SEND, direction),
                            i < n - 1 ? IoUring.IOSQE_IO_LINK : 0));
                }
                f.chainStarted(n);
                c.inflight += n;
            }
            if (f.finished() && !f.shutOut) {
                f.shutOut = true;
                UringFlow other = direction == UP ? c.down : c.up;
                if (other.shutOut) {   // both ways done: close at once
                    abort(c);
                    return;
                }
                // Directly: the kernel never runs IORING_OP_SHUTDOWN inline but hands it to an io-wq worker thread,
                // a thread wakeup per half-close.
                EpollIo.shutdownWrite(to);
            }
            receiveOrPause(c, f, direction, from);
        }

        /** Arms the direction's multishot receive, or cancels it while its queue waits for a slow reader. */
        private void receiveOrPause(Conn c, UringFlow f, int direction, int from) {
            if (f.wantsReceive()) {
                need(ring.prepRecvMultishot(from, GROUP, c.tag(UringTag.RECV, direction)));
                f.receiving = true;
                f.receiveCancelled = false;
                c.inflight++;
            } else if (f.wantsPause()) {
                need(ring.prepCancel(c.tag(UringTag.RECV, direction), c.tag(UringTag.CANCEL, direction)));
                f.receiveCancelled = true;
                c.inflight++;
            }
        }

        /** Ends the relay: counters now; sockets and buffers once the kernel has finished every operation of it. */
        private void abort(Conn c) {
            if (c.closing) return;
            c.closing = true;
            if (c.backend != null) {
                if (c.established) c.backend.active.decrementAndGet();
                else c.backend.inactive.decrementAndGet();
            }
            if (c.inflight > 0) {
                for (int fd : new int[]{c.clientFd, c.serverFd}) {
                    if (fd < 0) continue;
                    need(ring.prepCancelFd(fd, c.tag(UringTag.CANCEL, UP)));
                    c.inflight++;
                }
            }
            progress(c);
        }

        private void release(Conn c) {
            for (int bid : c.up.release()) pieceDone(bid);
            for (int bid : c.down.release()) pieceDone(bid);
            if (c.clientFd >= 0) need(ring.prepClose(c.clientFd, c.tag(UringTag.CLOSE, UP)));
            if (c.serverFd >= 0) need(ring.prepClose(c.serverFd, c.tag(UringTag.CLOSE, DOWN)));
            c.clientFd = c.serverFd = -1;
            slots[c.slot] = null;
            generations[c.slot] = (generations[c.slot] + 1) % UringTag.GENERATIONS;
            freeSlots[freeTop++] = c.slot;
            live--;
        }

        private void pieceDone(int bid) {
            if (ledger.pieceDone(bid)) buffers.recycle(bid);
        }

        /** Bytes (or none: an end of stream, an error) the kernel put in a buffer for no one: accounted and let go. */
        private void dropPiece(int res, int flags) {
            int bid = flags >>> IoUring.CQE_BUFFER_SHIFT;
            ledger.received(bid, Math.max(res, 0), (flags & IoUring.CQE_F_BUF_MORE) != 0);
            pieceDone(bid);
        }

        /** Cancels everything, waits (bounded) for the kernel to give it all back, then frees the ring. */
        private void stop() {
            running = false;
            try {
                for (Conn c : slots) if (c != null) abort(c);
                if (accepting) need(ring.prepCancelFd(listen, UringTag.of(UringTag.CANCEL, 0, NO_SLOT, 0)));
                long deadline = System.nanoTime() + STOP_NANOS;
                while ((live > 0 || accepting) && System.nanoTime() - deadline < 0) turn(50_000_000L);
                ring.submitAndWait(0, 0);   // the last closes
            } catch (RuntimeException e) {
                log.warn("io_uring proxy worker for {}: stopping: {}", pool.listenAddress(), e.toString());
            }
            liveAtStop = live;
            heldAtStop = ledger.held();
            if (live == 0 && !accepting) {
                buffers.close();
            } else {
                // The kernel may still write into the buffers: keep their memory (a leak, logged) rather than free it.
                log.warn("io_uring proxy worker for {}: {} connection(s) still in the kernel at stop", pool.listenAddress(), live);
                for (Conn c : slots) {
                    if (c == null) continue;
                    if (c.clientFd >= 0) EpollIo.close(c.clientFd);
                    if (c.serverFd >= 0) EpollIo.close(c.serverFd);
                }
            }
            ring.close();
        }
    }
}
