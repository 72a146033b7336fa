package io.vigil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * epoll, non-blocking TCP sockets and splice(2) for the proxy's native event loop. Hot-path calls return
 * {@code -errno} instead of throwing (EAGAIN is normal there); setup calls throw {@link NativeException}.
 * Only primitives and {@link IoBuffer}s cross this API, so callers outside {@code sys} never see FFM types.
 * Not thread-safe per instance of {@link Events}/{@link IoBuffer}; the functions are.
 */
public final class EpollIo {
    private EpollIo() {}

    public static final int EPOLLIN = 0x001, EPOLLOUT = 0x004, EPOLLERR = 0x008, EPOLLHUP = 0x010, EPOLLRDHUP = 0x2000, EPOLLET = 1 << 31;
    public static final int EPOLLONESHOT = 1 << 30;
    public static final int EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;
    public static final int EAGAIN = 11, EINPROGRESS = 115, EINTR = 4;
    private static final int SOCK_NONBLOCK = 0x800, SOCK_CLOEXEC = 0x80000, IPPROTO_TCP = 6, TCP_NODELAY = 1, SO_ERROR = 4;
    private static final int SHUT_WR = 1, SPLICE_F_MOVE = 1, SPLICE_F_NONBLOCK = 2, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    // struct epoll_event is packed on x86-64 (u32 events, u64 data at 4: 12 bytes); naturally aligned elsewhere (16, data at 8).
    private static final boolean PACKED = System.getProperty("os.arch").matches("amd64|x86_64|x86|i386");
    private static final int EPOLL_EVENT_BYTES = PACKED ? 12 : 16, DATA_OFFSET = PACKED ? 4 : 8;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    private static final ThreadLocal<MemorySegment> STATE = ThreadLocal.withInitial(() -> Arena.global().allocate(CALL_STATE));

    private static MethodHandle fn(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError(name)), d, CAPTURE);
    }

    private static final MethodHandle EPOLL_CREATE1 = fn("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle EPOLL_CTL = fn("epoll_ctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle EPOLL_WAIT = fn("epoll_wait", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle LISTEN = fn("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle ACCEPT4 = fn("accept4", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle SOCKET = fn("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = fn("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CONNECT = fn("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle READ = fn("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = fn("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle SHUTDOWN = fn("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle PIPE2 = fn("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = fn("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = fn("getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle FCNTL = LINKER.downcallHandle(LINKER.defaultLookup().find("fcntl").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE, Linker.Option.firstVariadicArg(2));
    private static final int F_SETPIPE_SZ = 1031;
    private static final MethodHandle GETPEERNAME = fn("getpeername", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SPLICE = fn("splice", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    private static int errno() {
        return (int) ERRNO.get(STATE.get(), 0L);
    }

    /** A native byte buffer for read/write relaying: bytes in [start, end) are pending. */
    public static final class IoBuffer {
        private final MemorySegment segment;
        int start, end;

        public IoBuffer(int capacity) {
            this.segment = Arena.global().allocate(capacity, 64);
        }

        public boolean pending() {
            return end > start;
        }

        public boolean empty() {
            return end == start;
        }

        public int capacity() {
            return (int) segment.byteSize();
        }

        public void clear() {
            start = end = 0;
        }
    }

    /** Reusable epoll_wait output. */
    public static final class Events {
        private final MemorySegment array;
        private final int max;

        public Events(int max) {
            this.max = max;
            this.array = Arena.global().allocate((long) max * EPOLL_EVENT_BYTES, 8);
        }

        public int events(int i) {
            return array.get(ValueLayout.JAVA_INT_UNALIGNED, (long) i * EPOLL_EVENT_BYTES);
        }

        public long data(int i) {
            return array.get(ValueLayout.JAVA_LONG_UNALIGNED, (long) i * EPOLL_EVENT_BYTES + DATA_OFFSET);
        }
    }

    public static int epollCreate() {
        try {
            int fd = (int) EPOLL_CREATE1.invokeExact(STATE.get(), SOCK_CLOEXEC);
            if (fd < 0) throw new NativeException("epoll_create1", errno());
            return fd;
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** epoll_ctl; returns 0 or -errno. */
    public static int epollCtl(int ep, int op, int fd, int events, long data) {
        MemorySegment ev = SCRATCH.get();
        ev.set(ValueLayout.JAVA_INT_UNALIGNED, 0, events);
        ev.set(ValueLayout.JAVA_LONG_UNALIGNED, DATA_OFFSET, data);
        try {
            int rc = (int) EPOLL_CTL.invokeExact(STATE.get(), ep, op, fd, ev);
            return rc < 0 ? -errno() : 0;
        } catch (Throwable t) { throw new AssertionError(t); }
    }

    private static final ThreadLocal<MemorySegment> SCRATCH = ThreadLocal.withInitial(() -> Arena.global().allocate(128, 8));
    private static final ThreadLocal<MemorySegment> SCRATCH_LEN = ThreadLocal.withInitial(() -> Arena.global().allocate(8, 8));

    /** epoll_wait; returns the number of events, 0 on timeout or EINTR. */
    public static int epollWait(int ep, Events out, int timeoutMillis) {
        try {
            int n = (int) EPOLL_WAIT.invokeExact(STATE.get(), ep, out.array, out.max, timeoutMillis);
            if (n < 0) {
                int e = errno();
                if (e == EINTR) return 0;
                throw new NativeException("epoll_wait", e);
            }
            return n;
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    static MemorySegment sockaddr(InetSocketAddress a, MemorySegment s) {
        s.fill((byte) 0);
        InetAddress ip = a.getAddress();
        if (ip instanceof Inet4Address) {
            s.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_INET);
            s.set(Libc.NET_SHORT, 2, (short) a.getPort());
            MemorySegment.copy(ip.getAddress(), 0, s, ValueLayout.JAVA_BYTE, 4, 4);
            return s.asSlice(0, 16);
        }
        s.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_INET6);
        s.set(Libc.NET_SHORT, 2, (short) a.getPort());
        MemorySegment.copy(ip.getAddress(), 0, s, ValueLayout.JAVA_BYTE, 8, 16);
        if (ip instanceof Inet6Address v6) s.set(ValueLayout.JAVA_INT, 24, v6.getScopeId());
        return s.asSlice(0, 28);
    }

    private static InetSocketAddress fromSockaddr(MemorySegment s) throws UnknownHostException {
        int family = s.get(ValueLayout.JAVA_SHORT, 0);
        int port = Short.toUnsignedInt(s.get(Libc.NET_SHORT, 2));
        byte[] b = new byte[family == Libc.AF_INET ? 4 : 16];
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, family == Libc.AF_INET ? 4 : 8, b, 0, b.length);
        return new InetSocketAddress(InetAddress.getByAddress(b), port);
    }

    /** A non-blocking listening TCP socket bound to {@code address}. */
    public static int listenTcp(InetSocketAddress address, int backlog) {
        int fd = Libc.socket(address.getAddress() instanceof Inet4Address ? Libc.AF_INET : Libc.AF_INET6, Libc.SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        try {
            Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, 1);
            Libc.bind(fd, sockaddr(address, SCRATCH.get()));
            int rc = (int) LISTEN.invokeExact(STATE.get(), fd, backlog);
            if (rc < 0) throw new NativeException("listen", errno());
            return fd;
        } catch (NativeException e) {
            Libc.close(fd);
            throw e;
        } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** Accepts one connection (non-blocking, TCP_NODELAY); -EAGAIN when none is waiting. Peer address into {@code peer[0]}. */
    public static int accept(int listenFd, InetSocketAddress[] peer) {
        MemorySegment addr = SCRATCH.get();
        MemorySegment len = SCRATCH_LEN.get();
        len.set(JAVA_INT, 0, 128);
        try {
            int fd = (int) ACCEPT4.invokeExact(STATE.get(), listenFd, addr, len, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) return -errno();
            peer[0] = fromSockaddr(addr);
            noDelay(fd);
            return fd;
        } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** Starts a non-blocking connect; returns the socket (connecting or connected). Throws on immediate failure. */
    public static int connect(InetSocketAddress to) {
        int fd = Libc.socket(to.getAddress() instanceof Inet4Address ? Libc.AF_INET : Libc.AF_INET6, Libc.SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        try {
            noDelay(fd);
            MemorySegment sa = sockaddr(to, SCRATCH.get());
            int rc = (int) CONNECT.invokeExact(STATE.get(), fd, sa, (int) sa.byteSize());
            if (rc < 0) {
                int e = errno();
                if (e != EINPROGRESS) throw new NativeException("connect " + to, e);
            }
            return fd;
        } catch (NativeException e) {
            Libc.close(fd);
            throw e;
        } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** A non-blocking TCP socket (TCP_NODELAY) of {@code to}'s family, not yet connected (the io_uring engine connects it). */
    public static int tcpSocket(InetSocketAddress to) {
        int fd = Libc.socket(to.getAddress() instanceof Inet4Address ? Libc.AF_INET : Libc.AF_INET6, Libc.SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        try {
            noDelay(fd);
            return fd;
        } catch (NativeException e) {
            Libc.close(fd);
            throw e;
        } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** Sets TCP_NODELAY (on a listening socket, every accepted socket inherits it). */
    public static void setNoDelay(int fd) {
        try {
            noDelay(fd);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** TCP_NODELAY as set on {@code fd} (tests). */
    public static boolean noDelayOn(int fd) {
        return Libc.getsockoptInt(fd, IPPROTO_TCP, TCP_NODELAY) != 0;
    }

    /** The connected peer's address (getpeername); null when the socket has none (already reset). */
    public static InetSocketAddress peerAddress(int fd) {
        MemorySegment addr = SCRATCH.get();
        MemorySegment len = SCRATCH_LEN.get();
        len.set(JAVA_INT, 0, 128);
        try {
            int rc = (int) GETPEERNAME.invokeExact(STATE.get(), fd, addr, len);
            return rc < 0 ? null : fromSockaddr(addr);
        } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** TCP_NODELAY without allocating (the hot path sets it on every proxied socket). */
    private static void noDelay(int fd) throws Throwable {
        MemorySegment v = SCRATCH_LEN.get();
        v.set(JAVA_INT, 0, 1);
        int rc = (int) SETSOCKOPT.invokeExact(STATE.get(), fd, IPPROTO_TCP, TCP_NODELAY, v, 4);
        if (rc < 0) throw new NativeException("setsockopt TCP_NODELAY", errno());
    }

    /** The pending socket error (SO_ERROR): 0 once a non-blocking connect has succeeded. */
    public static int socketError(int fd) {
        MemorySegment v = SCRATCH_LEN.get();
        MemorySegment len = SCRATCH.get();
        len.set(JAVA_INT, 0, 4);
        try {
            int rc = (int) GETSOCKOPT.invokeExact(STATE.get(), fd, Libc.SOL_SOCKET, SO_ERROR, v, len);
            return rc < 0 ? errno() : v.get(JAVA_INT, 0);
        } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** Reads into the free space after {@code b.end}; bytes read, 0 at EOF, or -errno. */
    public static long read(int fd, IoBuffer b) {
        try {
            long n = (long) READ.invokeExact(STATE.get(), fd, b.segment.asSlice(b.end), (long) (b.capacity() - b.end));
            if (n < 0) return -errno();
            b.end += (int) n;
            return n;
        } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** Writes the pending bytes; bytes written or -errno. */
    public static long write(int fd, IoBuffer b) {
        try {
            long n = (long) WRITE.invokeExact(STATE.get(), fd, b.segment.asSlice(b.start), (long) (b.end - b.start));
            if (n < 0) return -errno();
            b.start += (int) n;
            if (b.start == b.end) b.clear();
            return n;
        } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** A non-blocking pipe of about {@code bytes} capacity (F_SETPIPE_SZ; the default 64 KiB if refused): {@code [readFd, writeFd]}. */
    public static int[] pipe(int bytes) {
        int[] p = pipe();
        try {
            int rc = (int) FCNTL.invokeExact(STATE.get(), p[1], F_SETPIPE_SZ, bytes);
            if (rc < 0) {
                // over /proc/sys/fs/pipe-max-size for an unprivileged user: keep the default size
            }
        } catch (Throwable t) { throw new AssertionError(t); }
        return p;
    }

    /** A non-blocking pipe: {@code [readFd, writeFd]}. */
    public static int[] pipe() {
        MemorySegment fds = SCRATCH_LEN.get();
        try {
            int rc = (int) PIPE2.invokeExact(STATE.get(), fds, O_NONBLOCK | O_CLOEXEC);
            if (rc < 0) throw new NativeException("pipe2", errno());
            return new int[]{fds.get(JAVA_INT, 0), fds.get(JAVA_INT, 4)};
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** splice(2) without offsets, non-blocking, moving pages; bytes moved, 0 at EOF, or -errno. */
    public static long splice(int fromFd, int toFd, long len) {
        try {
            long n = (long) SPLICE.invokeExact(STATE.get(), fromFd, MemorySegment.NULL, toFd, MemorySegment.NULL, len, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
            return n < 0 ? -errno() : n;
        } catch (Throwable t) { throw new AssertionError(t); }
    }

    public static void shutdownWrite(int fd) {
        try {
            int rc = (int) SHUTDOWN.invokeExact(STATE.get(), fd, SHUT_WR);
            if (rc < 0) {
                // ENOTCONN after a reset: nothing left to shut down.
            }
        } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** Where a checker connects, its socket addresses built once (it connects to the same place at every check). */
    public static final class ConnectTarget {
        private final MemorySegment to, bind, device;
        private final int family, mark;

        private ConnectTarget(MemorySegment to, MemorySegment bind, MemorySegment device, int family, int mark) {
            this.to = to;
            this.bind = bind;
            this.device = device;
            this.family = family;
            this.mark = mark;
        }
    }

    /** A target {@code to}, bound first to {@code bind} when not null (with SO_REUSEADDR), with SO_MARK {@code mark} when not 0. */
    public static ConnectTarget connectTarget(InetSocketAddress to, InetSocketAddress bind, int mark) {
        return connectTarget(to, bind, mark, null);
    }

    /** As above, and with SO_BINDTODEVICE {@code device} when not null (keepalived's checker bind_if). */
    public static ConnectTarget connectTarget(InetSocketAddress to, InetSocketAddress bind, int mark, String device) {
        Arena arena = Arena.ofAuto();
        MemorySegment t = sockaddr(to, arena.allocate(28, 8));
        MemorySegment b = bind == null ? null : sockaddr(bind, arena.allocate(28, 8));
        MemorySegment d = device == null ? null : arena.allocateFrom(device);
        return new ConnectTarget(t, b, d, to.getAddress() instanceof Inet4Address ? Libc.AF_INET : Libc.AF_INET6, mark);
    }

    /**
     * Starts a non-blocking connect to {@code t} and watches it on {@code ep} for EPOLLOUT once (EPOLLONESHOT), with
     * {@code data}: socket, [SO_MARK], [SO_BINDTODEVICE], [SO_REUSEADDR, bind], connect, epoll_ctl and nothing else (no exception, no
     * allocation: the checkers' hot path). Returns the socket, or -errno when a step failed (the socket is closed).
     * Closing the socket removes it from {@code ep}.
     */
    public static int connectWatched(int ep, ConnectTarget t, long data) {
        try {
            MemorySegment st = STATE.get();
            int fd = (int) SOCKET.invokeExact(st, t.family, Libc.SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (fd < 0) return -errno();
            int rc = 0;
            if (t.mark != 0) rc = setInt(fd, Libc.SOL_SOCKET, MarkedTcpConnect.SO_MARK, t.mark);
            if (rc == 0 && t.device != null) {
                rc = (int) SETSOCKOPT.invokeExact(st, fd, Libc.SOL_SOCKET, Libc.SO_BINDTODEVICE, t.device, (int) t.device.byteSize()) < 0 ? -errno() : 0;
            }
            if (rc == 0 && t.bind != null) {
                rc = setInt(fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, 1);
                if (rc == 0) rc = (int) BIND.invokeExact(st, fd, t.bind, (int) t.bind.byteSize()) < 0 ? -errno() : 0;
            }
            if (rc == 0 && (int) CONNECT.invokeExact(st, fd, t.to, (int) t.to.byteSize()) < 0) {
                int e = errno();
                if (e != EINPROGRESS) rc = -e;
            }
            if (rc == 0) rc = epollCtl(ep, EPOLL_CTL_ADD, fd, EPOLLOUT | EPOLLONESHOT, data);
            if (rc == 0) return fd;
            close(fd);
            return rc;
        } catch (Throwable e) { throw new AssertionError(e); }
    }

    private static int setInt(int fd, int level, int name, int value) throws Throwable {
        MemorySegment v = SCRATCH_LEN.get();
        v.set(JAVA_INT, 0, value);
        return (int) SETSOCKOPT.invokeExact(STATE.get(), fd, level, name, v, 4) < 0 ? -errno() : 0;
    }

    /** An eventfd to wake an epoll loop from another thread (watch it for EPOLLIN). */
    public static int wakeFd() {
        return Libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
    }

    /** Makes {@code wakeFd} readable. */
    public static void wake(int wakeFd) {
        MemorySegment v = SCRATCH_LEN.get();
        v.set(JAVA_LONG, 0, 1L);
        Libc.write(wakeFd, v, 8);
    }

    /** Reads {@code wakeFd}'s count back to 0 (not readable until the next {@link #wake}). */
    public static void drainWake(int wakeFd) {
        Libc.read(wakeFd, SCRATCH_LEN.get(), 8);
    }

    public static void close(int fd) {
        try {
            Libc.close(fd);
        } catch (NativeException ignored) {
            // already gone
        }
    }
}
