package io.vigil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The libc calls Vigil needs, bound once through FFM, each capturing errno.
 *
 * <p>Every wrapper throws {@link NativeException} (with errno and strerror) on a -1 return, so callers never
 * see a raw return code. {@code size_t}/{@code ssize_t} are {@code long}; {@code socklen_t} is {@code int}.
 * This class and its siblings in {@code io.vigil.sys} are the only code allowed to touch {@code java.lang.foreign}.
 */
public final class Libc {
    private Libc() {}

    public static final int AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10, AF_NETLINK = 16, AF_PACKET = 17;
    public static final int SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_RAW = 3;
    public static final int SOCK_NONBLOCK = 0x800, SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1, SOL_IP = 0, SOL_IPV6 = 41, SOL_PACKET = 263, SOL_NETLINK = 270;
    public static final int SO_REUSEADDR = 2, SO_RCVBUF = 8, SO_SNDBUF = 7, SO_BINDTODEVICE = 25, SO_RCVTIMEO = 20;
    public static final int EINTR = 4, EAGAIN = 11, ENOENT = 2, EEXIST = 17, EPERM = 1, EACCES = 13,
            EADDRNOTAVAIL = 99, ENODEV = 19, ESRCH = 3, ETIMEDOUT = 110, EINPROGRESS = 115;
    public static final int MSG_DONTWAIT = 0x40, MSG_TRUNC = 0x20, MSG_PEEK = 0x2;
    public static final short POLLIN = 0x1, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    /** struct pollfd { int fd; short events; short revents; } */
    public static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), ValueLayout.JAVA_SHORT.withName("events"), ValueLayout.JAVA_SHORT.withName("revents"));

    // One holder class per function: a handle is bound when first used (lazy class initialisation), not all at
    // start. Binding a new call shape costs 5-10 ms and the first one ~100 ms; a VRRP child uses a third of them.
    private static final class SOCKET_ {
        static final MethodHandle H = bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    }
    private static final class BIND_ {
        static final MethodHandle H = bind("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }
    private static final class CONNECT_ {
        static final MethodHandle H = bind("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }
    private static final class SETSOCKOPT_ {
        static final MethodHandle H = bind("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }
    private static final class GETSOCKOPT_ {
        static final MethodHandle H = bind("getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    }
    private static final class GETSOCKNAME_ {
        static final MethodHandle H = bind("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    }
    private static final class SENDTO_ {
        static final MethodHandle H = bind("sendto", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    }
    private static final class RECVFROM_ {
        static final MethodHandle H = bind("recvfrom", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    }
    private static final class RECVMSG_ {
        static final MethodHandle H = bind("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    }
    private static final class SENDMSG_ {
        static final MethodHandle H = bind("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    }
    private static final class CLOSE_ {
        static final MethodHandle H = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }
    private static final class POLL_ {
        static final MethodHandle H = bind("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }
    private static final class PPOLL_ {
        static final MethodHandle H = bind("ppoll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
    }
    private static final class IF_NAMETOINDEX_ {
        static final MethodHandle H = bind("if_nametoindex", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }
    private static final class IOCTL_ {
        static final MethodHandle H = LINKER.downcallHandle(LIBC.find("ioctl").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    }
    private static final class STRERROR_ {
        static final MethodHandle H = LINKER.downcallHandle(LIBC.find("strerror").orElseThrow(),
            FunctionDescriptor.of(ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(256, ValueLayout.JAVA_BYTE)), JAVA_INT));
    }
    private static final class GETPID_ {
        static final MethodHandle H = LINKER.downcallHandle(LIBC.find("getpid").orElseThrow(), FunctionDescriptor.of(JAVA_INT));
    }
    private static final class OPEN_ {
        static final MethodHandle H = LINKER.downcallHandle(LIBC.find("open").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    }
    private static final class READ_ {
        static final MethodHandle H = bind("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    }
    private static final class WRITE_ {
        static final MethodHandle H = bind("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    }
    private static final class EVENTFD_ {
        static final MethodHandle H = bind("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }
    private static final class SETNS_ {
        static final MethodHandle H = bind("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }
    private static final class SHUTDOWN_ {
        static final MethodHandle H = bind("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }
    private static final class IF_INDEXTONAME_ {
        static final MethodHandle H = bind("if_indextoname", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
    }
    private static final class MKFIFO_ {
        static final MethodHandle H = bind("mkfifo", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }
    private static final class GETTID_ {
        static final MethodHandle H = bind("gettid", FunctionDescriptor.of(JAVA_INT));
    }
    private static final class SETPRIORITY_ {
        static final MethodHandle H = bind("setpriority", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    }
    private static final class SCHED_SETSCHEDULER_ {
        static final MethodHandle H = bind("sched_setscheduler", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    }

    private static final class SIGNAL_ {
        static final MethodHandle H = bind("signal", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
    }
    private static final class UMASK_ {
        static final MethodHandle H = LINKER.downcallHandle(LIBC.find("umask").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }
    private static final class PRCTL_STRING_ {
        // int prctl(int option, ...): variadic from the second argument on
        static final MethodHandle H = LINKER.downcallHandle(LIBC.find("prctl").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), Linker.Option.firstVariadicArg(1), CAPTURE_ERRNO);
    }

    /** Package-private so the other classes of io.vigil.sys bind their calls the same way (lazily, capturing errno). */
    static MethodHandle bind(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError(name)), fd, CAPTURE_ERRNO);
    }

    /** Per-thread errno capture buffer: downcalls are cheap and allocation-free on the hot path. */
    static final ThreadLocal<MemorySegment> STATE = ThreadLocal.withInitial(() -> Arena.global().allocate(CALL_STATE));

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    public static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR_.H.invokeExact(errno);
            return cString(s, 256);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /** Reads a NUL-terminated string of at most {@code max} bytes without requiring the NUL (getString would throw). */
    public static String cString(MemorySegment s, int max) {
        int n = 0;
        long limit = Math.min(max, s.byteSize());
        while (n < limit && s.get(ValueLayout.JAVA_BYTE, n) != 0) n++;
        byte[] b = new byte[n];
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, 0, b, 0, n);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    static int check(String op, int rc, MemorySegment state) {
        if (rc == -1) throw new NativeException(op, errno(state));
        return rc;
    }

    private static long check(String op, long rc, MemorySegment state) {
        if (rc == -1) throw new NativeException(op, errno(state));
        return rc;
    }

    public static int socket(int domain, int type, int protocol) {
        MemorySegment st = STATE.get();
        try {
            return check("socket", (int) SOCKET_.H.invokeExact(st, domain, type, protocol), st);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    public static void bind(int fd, MemorySegment addr) {
        MemorySegment st = STATE.get();
        try {
            check("bind", (int) BIND_.H.invokeExact(st, fd, addr, (int) addr.byteSize()), st);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    public static void connect(int fd, MemorySegment addr) {
        MemorySegment st = STATE.get();
        try {
            check("connect", (int) CONNECT_.H.invokeExact(st, fd, addr, (int) addr.byteSize()), st);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    public static void setsockopt(int fd, int level, int name, MemorySegment value) {
        MemorySegment st = STATE.get();
        try {
            check("setsockopt(" + level + "," + name + ")", (int) SETSOCKOPT_.H.invokeExact(st, fd, level, name, value, (int) value.byteSize()), st);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    public static void setsockoptInt(int fd, int level, int name, int value) {
        try (Arena a = Arena.ofConfined()) {
            setsockopt(fd, level, name, a.allocateFrom(JAVA_INT, value));
        }
    }

    public static int getsockoptInt(int fd, int level, int name) {
        MemorySegment st = STATE.get();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            MemorySegment len = a.allocateFrom(JAVA_INT, 4);
            check("getsockopt", (int) GETSOCKOPT_.H.invokeExact(st, fd, level, name, v, len), st);
            return v.get(JAVA_INT, 0);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** getsockname into {@code addr}; returns the address length the kernel filled in. */
    public static int getsockname(int fd, MemorySegment addr) {
        MemorySegment st = STATE.get();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment len = a.allocateFrom(JAVA_INT, (int) addr.byteSize());
            check("getsockname", (int) GETSOCKNAME_.H.invokeExact(st, fd, addr, len), st);
            return len.get(JAVA_INT, 0);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    public static long sendto(int fd, MemorySegment buf, long len, int flags, MemorySegment addr) {
        MemorySegment st = STATE.get();
        try {
            // Locals, not conditional expressions: invokeExact would type a conditional argument as Object.
            MemorySegment to = addr == null ? MemorySegment.NULL : addr;
            int alen = to.equals(MemorySegment.NULL) ? 0 : (int) to.byteSize();
            return check("sendto", (long) SENDTO_.H.invokeExact(st, fd, buf, len, flags, to, alen), st);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    /**
     * recvfrom; {@code from} may be null. Returns bytes received, or -1 when a non-blocking socket has nothing
     * (EAGAIN) so pollers need no exception on the common path.
     */
    public static long recvfrom(int fd, MemorySegment buf, long len, int flags, MemorySegment from, MemorySegment fromLen) {
        MemorySegment st = STATE.get();
        try {
            MemorySegment src = from == null ? MemorySegment.NULL : from;
            MemorySegment srcLen = fromLen == null ? MemorySegment.NULL : fromLen;
            long n = (long) RECVFROM_.H.invokeExact(st, fd, buf, len, flags, src, srcLen);
            if (n == -1) {
                int e = errno(st);
                if (e == EAGAIN || e == EINTR) return -1;
                throw new NativeException("recvfrom", e);
            }
            return n;
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** recvmsg with a caller-built struct msghdr; -1 on EAGAIN/EINTR. */
    public static long recvmsg(int fd, MemorySegment msghdr, int flags) {
        MemorySegment st = STATE.get();
        try {
            long n = (long) RECVMSG_.H.invokeExact(st, fd, msghdr, flags);
            if (n == -1) {
                int e = errno(st);
                if (e == EAGAIN || e == EINTR) return -1;
                throw new NativeException("recvmsg", e);
            }
            return n;
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    public static long sendmsg(int fd, MemorySegment msghdr, int flags) {
        MemorySegment st = STATE.get();
        try {
            return check("sendmsg", (long) SENDMSG_.H.invokeExact(st, fd, msghdr, flags), st);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    public static void close(int fd) {
        MemorySegment st = STATE.get();
        try {
            int rc = (int) CLOSE_.H.invokeExact(st, fd);
            if (rc == -1 && errno(st) != EINTR) throw new NativeException("close", errno(st));
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** poll on an array of {@link #POLLFD}; returns the number ready, 0 on timeout or EINTR. */
    public static int poll(MemorySegment fds, long nfds, int timeoutMillis) {
        MemorySegment st = STATE.get();
        try {
            int rc = (int) POLL_.H.invokeExact(st, fds, nfds, timeoutMillis);
            if (rc == -1) {
                if (errno(st) == EINTR) return 0;
                throw new NativeException("poll", errno(st));
            }
            return rc;
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    /**
     * ppoll with a nanosecond timeout (negative: forever) and no signal mask change; 0 on timeout or EINTR. For
     * loops whose deadlines are finer than poll's milliseconds (BFD at 10 ms intervals).
     */
    public static int ppoll(MemorySegment fds, long nfds, long timeoutNanos) {
        MemorySegment st = STATE.get();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ts = MemorySegment.NULL;
            if (timeoutNanos >= 0) {
                ts = a.allocate(16, 8); // struct timespec { time_t tv_sec; long tv_nsec; }
                ts.set(JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
                ts.set(JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
            }
            int rc = (int) PPOLL_.H.invokeExact(st, fds, nfds, ts, MemorySegment.NULL);
            if (rc == -1) {
                if (errno(st) == EINTR) return 0;
                throw new NativeException("ppoll", errno(st));
            }
            return rc;
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** Waits until {@code fd} is readable; true if readable, false on timeout. */
    public static boolean pollIn(int fd, int timeoutMillis) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(POLLFD);
            p.set(JAVA_INT, 0, fd);
            p.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
            return poll(p, 1, timeoutMillis) > 0;
        }
    }

    /** Interface index by name, or 0 when there is no such interface. */
    public static int ifNameToIndex(String name) {
        MemorySegment st = STATE.get();
        try (Arena a = Arena.ofConfined()) {
            return (int) IF_NAMETOINDEX_.H.invokeExact(st, a.allocateFrom(name));
        } catch (Throwable t) { throw new AssertionError(t); }
    }

    public static int ioctl(int fd, long request, MemorySegment arg) {
        MemorySegment st = STATE.get();
        try {
            return check("ioctl", (int) IOCTL_.H.invokeExact(st, fd, request, arg), st);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    public static int getpid() {
        try {
            return (int) GETPID_.H.invokeExact();
        } catch (Throwable t) { throw new AssertionError(t); }
    }

    public static final int PRIO_PROCESS = 0, SCHED_OTHER = 0, SCHED_RR = 2;

    /** {@code mkfifo(path, mode)}. */
    public static void mkfifo(String path, int mode) {
        MemorySegment st = STATE.get();
        try (Arena arena = Arena.ofConfined()) {
            check("mkfifo " + path, (int) MKFIFO_.H.invokeExact(st, arena.allocateFrom(path), mode), st);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** The calling thread's kernel id (Linux: nice values and scheduling policies are per thread). */
    public static int gettid() {
        MemorySegment st = STATE.get();
        try {
            return check("gettid", (int) GETTID_.H.invokeExact(st), st);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    /**
     * {@code signal(signo, SIG_DFL)}: the default disposition back, for a signal the process inherited as ignored
     * ({@code nohup}, a background job of a script). The JVM leaves such a signal ignored when a handler is registered
     * for it, so only call this for a signal no handler is installed for yet.
     */
    public static void defaultSignalDisposition(int signo) {
        MemorySegment st = STATE.get();
        try {
            MemorySegment old = (MemorySegment) SIGNAL_.H.invokeExact(st, signo, MemorySegment.NULL);
            if (old.address() == -1L) throw new NativeException("signal", errno(st)); // SIG_ERR
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** {@code setpriority(PRIO_PROCESS, tid, nice)}: the nice value of one thread (Linux). */
    public static void setThreadNice(int tid, int nice) {
        MemorySegment st = STATE.get();
        try {
            check("setpriority", (int) SETPRIORITY_.H.invokeExact(st, PRIO_PROCESS, tid, nice), st);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** {@code sched_setscheduler(tid, policy, {priority})} for one thread. */
    public static void setThreadScheduler(int tid, int policy, int priority) {
        MemorySegment st = STATE.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment param = arena.allocate(JAVA_INT);
            param.set(JAVA_INT, 0, priority);
            check("sched_setscheduler", (int) SCHED_SETSCHEDULER_.H.invokeExact(st, tid, policy, param), st);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** {@code umask(mask)}: sets the process's file-creation mask (inherited by the children it starts); returns the old one. */
    public static int umask(int mask) {
        try {
            return (int) UMASK_.H.invokeExact(mask);
        } catch (Throwable t) { throw new AssertionError(t); }
    }

    public static final int PR_SET_NAME = 15, PR_GET_NAME = 16;

    /** {@code prctl(PR_SET_NAME, name)}: the calling thread's name (comm), at most 15 bytes. */
    public static void setThreadName(String name) {
        MemorySegment st = STATE.get();
        try (Arena arena = Arena.ofConfined()) {
            check("prctl(PR_SET_NAME)", (int) PRCTL_STRING_.H.invokeExact(st, PR_SET_NAME, arena.allocateFrom(name)), st);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** {@code prctl(PR_GET_NAME)}: the calling thread's name. */
    public static String threadName() {
        MemorySegment st = STATE.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(16);
            check("prctl(PR_GET_NAME)", (int) PRCTL_STRING_.H.invokeExact(st, PR_GET_NAME, buf), st);
            return cString(buf, 16);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    public static final int O_RDONLY = 0, O_CLOEXEC = 0x80000;
    public static final int EFD_CLOEXEC = 0x80000, EFD_NONBLOCK = 0x800;
    public static final int CLONE_NEWNET = 0x40000000;
    public static final int SHUT_RD = 0, SHUT_WR = 1, SHUT_RDWR = 2;
    public static final int ENOBUFS = 105, ENXIO = 6, EBADF = 9;

    /** open(2) with a mode of 0; returns the fd. */
    public static int open(String path, int flags) {
        MemorySegment st = STATE.get();
        try (Arena a = Arena.ofConfined()) {
            return check("open " + path, (int) OPEN_.H.invokeExact(st, a.allocateFrom(path), flags, 0), st);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** read(2); returns bytes read, or -1 on EAGAIN/EINTR. */
    public static long read(int fd, MemorySegment buf, long len) {
        MemorySegment st = STATE.get();
        try {
            long n = (long) READ_.H.invokeExact(st, fd, buf, len);
            if (n == -1) {
                int e = errno(st);
                if (e == EAGAIN || e == EINTR) return -1;
                throw new NativeException("read", e);
            }
            return n;
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    public static long write(int fd, MemorySegment buf, long len) {
        MemorySegment st = STATE.get();
        try {
            return check("write", (long) WRITE_.H.invokeExact(st, fd, buf, len), st);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** eventfd(2): a counter fd that poll reports readable once written; used to wake blocked pollers. */
    public static int eventfd(int initval, int flags) {
        MemorySegment st = STATE.get();
        try {
            return check("eventfd", (int) EVENTFD_.H.invokeExact(st, initval, flags), st);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** setns(2): moves the calling thread into the namespace {@code fd} refers to. */
    public static void setns(int fd, int nstype) {
        MemorySegment st = STATE.get();
        try {
            check("setns", (int) SETNS_.H.invokeExact(st, fd, nstype), st);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    public static void shutdown(int fd, int how) {
        MemorySegment st = STATE.get();
        try {
            check("shutdown", (int) SHUTDOWN_.H.invokeExact(st, fd, how), st);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** Interface name by index, or null when there is no such interface. */
    public static String ifIndexToName(int index) {
        MemorySegment st = STATE.get();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(16);
            MemorySegment r = (MemorySegment) IF_INDEXTONAME_.H.invokeExact(st, index, buf);
            return r.equals(MemorySegment.NULL) ? null : cString(buf, 16);
        } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** Network-order helpers: sockaddr fields are big-endian, everything else host order. */
    public static final ValueLayout.OfShort NET_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfInt NET_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);
}
