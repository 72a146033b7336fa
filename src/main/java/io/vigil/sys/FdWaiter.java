package io.vigil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Waits for any of several fds to be readable, or for {@link #wake} from another thread (an eventfd polled with
 * them). For event loops that serve timers too: the timeout is the time to the next deadline.
 */
public final class FdWaiter implements AutoCloseable {
    private final int eventFd = Libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
    private final Arena arena = Arena.ofShared();
    private final MemorySegment one = arena.allocate(JAVA_LONG);
    private MemorySegment fds = arena.allocate(Libc.POLLFD, 8);
    private int capacity = 8;

    /**
     * Waits up to {@code timeoutNanos} (negative: forever; ppoll, so deadlines finer than a millisecond hold) until
     * one of {@code watched} is readable or {@link #wake} is called; sets {@code ready[i]} for each readable one and
     * returns how many there are.
     */
    public int await(int[] watched, boolean[] ready, long timeoutNanos) {
        int n = watched.length + 1;
        if (n > capacity) {
            capacity = Math.max(n, capacity * 2);
            fds = arena.allocate(Libc.POLLFD, capacity);
        }
        for (int i = 0; i < watched.length; i++) {
            fds.set(JAVA_INT, i * 8L, watched[i]);
            fds.set(JAVA_SHORT, i * 8L + 4, Libc.POLLIN);
            fds.set(JAVA_SHORT, i * 8L + 6, (short) 0);
        }
        fds.set(JAVA_INT, watched.length * 8L, eventFd);
        fds.set(JAVA_SHORT, watched.length * 8L + 4, Libc.POLLIN);
        fds.set(JAVA_SHORT, watched.length * 8L + 6, (short) 0);
        int r = Libc.ppoll(fds, n, timeoutNanos);
        int count = 0;
        for (int i = 0; i < watched.length; i++) {
            ready[i] = r > 0 && fds.get(JAVA_SHORT, i * 8L + 6) != 0;
            if (ready[i]) count++;
        }
        if (r > 0 && fds.get(JAVA_SHORT, watched.length * 8L + 6) != 0) Libc.read(eventFd, one, 8); // drain the wake-up
        return count;
    }

    /** Makes a waiting (or the next) {@link #await} return at once. */
    public void wake() {
        try (Arena a = Arena.ofConfined()) {
            Libc.write(eventFd, a.allocateFrom(JAVA_LONG, 1L), 8);
        }
    }

    @Override
    public void close() {
        Libc.close(eventFd);
        arena.close();
    }
}
