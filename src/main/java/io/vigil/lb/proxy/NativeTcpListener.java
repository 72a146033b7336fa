package io.vigil.lb.proxy;

import io.vigil.sys.EpollIo;
import io.vigil.sys.NativeException;

import java.util.ArrayList;
import java.util.List;

/**
 * What the two native TCP engines (epoll, io_uring) share: binding the listening socket (retried in the
 * background while the address is not local yet), one platform thread per worker on that one socket, and a close
 * that stops the workers and waits for them before the listening socket goes (no worker ever polls a closed or
 * reused descriptor). The engines differ only in their worker loop.
 */
abstract sealed class NativeTcpListener<W extends NativeTcpListener.Worker> implements Listener
        permits TcpEpollListener, TcpUringListener {
    /** Longer than any worker's wait plus its bounded stop (the io_uring worker gives the kernel 3 s). */
    private static final long JOIN_MILLIS = 5_000;

    /** One worker loop; it returns soon after {@link #running} turns false, having closed its own sockets. */
    abstract static class Worker implements Runnable {
        volatile boolean running = true;
    }

    final ServicePool pool;
    final ProxySettings settings;
    private final String threadPrefix;
    private final BindRetry bindRetry;
    final List<W> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile int listenFd = -1;
    private boolean closed;

    NativeTcpListener(ServicePool pool, ProxySettings settings, String engine) {
        this.pool = pool;
        this.settings = settings;
        this.threadPrefix = "vigil-" + engine + "-" + pool.listenAddress() + "-";
        this.bindRetry = new BindRetry(pool.listenAddress(), settings.bindRetryMillis(), this::tryBind);
    }

    /** Called by the subclass's constructor once its own fields are set (the first bind starts workers at once). */
    final void start() {
        bindRetry.start();
    }

    /** A worker for the shared listening socket (not started yet). */
    abstract W newWorker(int listenFd);

    private synchronized boolean tryBind() throws java.io.IOException {
        if (closed) return true;
        int fd;
        try {
            fd = EpollIo.listenTcp(pool.listenAddress(), 4096);
            EpollIo.setNoDelay(fd);   // inherited by every accepted socket: no setsockopt per connection
        } catch (NativeException e) {
            throw new java.net.BindException(e.getMessage());
        }
        listenFd = fd;
        for (int i = 0; i < settings.workers(); i++) {
            W w = newWorker(fd);
            workers.add(w);
            threads.add(Thread.ofPlatform().daemon().name(threadPrefix + i).start(w));
        }
        return true;
    }

    @Override
    public final boolean bound() {
        return listenFd >= 0;
    }

    /** Stops the workers (each closes its own sockets), waits for them, then closes the listening socket. */
    @Override
    public final void close() {
        List<Thread> ts;
        synchronized (this) {
            closed = true;
            ts = List.copyOf(threads);
            for (W w : workers) w.running = false;
        }
        bindRetry.close();
        boolean interrupted = false;
        for (Thread t : ts) {
            try {
                t.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (listenFd >= 0) EpollIo.close(listenFd);
        if (interrupted) Thread.currentThread().interrupt();
    }
}
