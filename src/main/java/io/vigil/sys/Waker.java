package io.vigil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Makes a blocking socket closable from another thread: waits poll on the socket and an eventfd together,
 * and {@link #close} signals the eventfd, then waits for users to leave before the caller frees the fd
 * (so a receiver never reads a closed, possibly reused, fd number).
 */
final class Waker implements AutoCloseable {
    enum Ready { READABLE, TIMEOUT, CLOSED }

    private final int eventFd = Libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;

    /** Enters a socket operation; false when closed. Pair with {@link #leave()}. */
    boolean enter() {
        lock.readLock().lock();
        if (closed) {
            lock.readLock().unlock();
            return false;
        }
        return true;
    }

    void leave() {
        lock.readLock().unlock();
    }

    boolean isClosed() {
        return closed;
    }

    /** Polls {@code fd} for input; call between {@link #enter()} and {@link #leave()}. */
    Ready awaitReadable(int fd, int timeoutMillis) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(Libc.POLLFD, 2);
            p.set(JAVA_INT, 0, fd);
            p.set(JAVA_SHORT, 4, Libc.POLLIN);
            p.set(JAVA_INT, 8, eventFd);
            p.set(JAVA_SHORT, 12, Libc.POLLIN);
            int n = Libc.poll(p, 2, timeoutMillis);
            if (closed || (n > 0 && p.get(JAVA_SHORT, 14) != 0)) return Ready.CLOSED;
            if (n > 0 && p.get(JAVA_SHORT, 6) != 0) return Ready.READABLE;
            return Ready.TIMEOUT;
        }
    }

    /** Wakes every waiter and blocks until none is inside; then runs {@code release} (closing the fds) once. */
    void close(Runnable release) {
        if (!closing.compareAndSet(false, true)) return;
        closed = true;
        try (Arena a = Arena.ofConfined()) {
            Libc.write(eventFd, a.allocateFrom(JAVA_LONG, 1L), 8);
        }
        lock.writeLock().lock();
        try {
            release.run();
            Libc.close(eventFd);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        close(() -> {});
    }
}
