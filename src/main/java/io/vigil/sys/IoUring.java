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
import java.net.InetSocketAddress;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * One io_uring instance through raw system calls (io_uring_setup/enter/register via {@code syscall(2)}, the rings
 * mmap'ed; no liburing). Owned by one thread (set up with SINGLE_ISSUER and DEFER_TASKRUN where the kernel has
 * them). Submission queue entries are prepared with {@code prep*} (false when the queue is full even after
 * flushing it to the kernel), submitted in one batch by {@link #submitAndWait}, and completions copied out by
 * {@link #reap}. Callers outside {@code sys} see only primitives; the head/tail words shared with the kernel are
 * read with acquire and written with release semantics, as the kernel's smp_load_acquire/smp_store_release expect.
 */
public final class IoUring implements AutoCloseable {
    // Syscall numbers: the same on x86-64 and arm64 (the unified table from 5.1 on).
    private static final long SYS_SETUP = 425, SYS_ENTER = 426, SYS_REGISTER = 427;
    public static final int OP_NOP = 0, OP_ACCEPT = 13, OP_ASYNC_CANCEL = 14, OP_LINK_TIMEOUT = 15, OP_CONNECT = 16,
            OP_CLOSE = 19, OP_SEND = 26, OP_RECV = 27, OP_SEND_ZC = 47;
    public static final int IOSQE_IO_LINK = 1 << 2, IOSQE_BUFFER_SELECT = 1 << 5, IOSQE_CQE_SKIP_SUCCESS = 1 << 6;
    public static final int CQE_F_BUFFER = 1, CQE_F_MORE = 1 << 1, CQE_F_BUF_MORE = 1 << 4, CQE_BUFFER_SHIFT = 16;
    private static final int ACCEPT_MULTISHOT = 1, RECV_MULTISHOT = 1 << 1, CANCEL_ALL = 1, CANCEL_FD = 1 << 1;
    private static final int SETUP_CQSIZE = 1 << 3, SETUP_CLAMP = 1 << 4, SETUP_SUBMIT_ALL = 1 << 7,
            SETUP_COOP_TASKRUN = 1 << 8, SETUP_SINGLE_ISSUER = 1 << 12, SETUP_DEFER_TASKRUN = 1 << 13;
    private static final int FEAT_SINGLE_MMAP = 1, FEAT_NODROP = 1 << 1, FEAT_EXT_ARG = 1 << 8;
    private static final int ENTER_GETEVENTS = 1, ENTER_EXT_ARG = 1 << 3;
    static final int REGISTER_PROBE = 8, REGISTER_PBUF_RING = 22, UNREGISTER_PBUF_RING = 23;
    private static final long OFF_SQES = 0x10000000L;
    public static final int MSG_NOSIGNAL = 0x4000, MSG_WAITALL = 0x100;
    public static final int ENOBUFS = 105, ECANCELED = 125, ETIME = 62, ENOENT = 2, EALREADY = 114, EBUSY = 16;

    /** struct io_uring_params with the two offset blocks, as in linux/io_uring.h (120 bytes). */
    static final StructLayout PARAMS = MemoryLayout.structLayout(
            JAVA_INT.withName("sq_entries"), JAVA_INT.withName("cq_entries"), JAVA_INT.withName("flags"),
            JAVA_INT.withName("sq_thread_cpu"), JAVA_INT.withName("sq_thread_idle"), JAVA_INT.withName("features"),
            JAVA_INT.withName("wq_fd"), MemoryLayout.sequenceLayout(3, JAVA_INT).withName("resv"),
            MemoryLayout.structLayout(JAVA_INT.withName("head"), JAVA_INT.withName("tail"), JAVA_INT.withName("ring_mask"),
                    JAVA_INT.withName("ring_entries"), JAVA_INT.withName("flags"), JAVA_INT.withName("dropped"),
                    JAVA_INT.withName("array"), JAVA_INT.withName("resv1"), JAVA_LONG.withName("user_addr")).withName("sq_off"),
            MemoryLayout.structLayout(JAVA_INT.withName("head"), JAVA_INT.withName("tail"), JAVA_INT.withName("ring_mask"),
                    JAVA_INT.withName("ring_entries"), JAVA_INT.withName("overflow"), JAVA_INT.withName("cqes"),
                    JAVA_INT.withName("flags"), JAVA_INT.withName("resv1"), JAVA_LONG.withName("user_addr")).withName("cq_off"));

    /** struct io_uring_sqe (64 bytes), the fields the proxy uses, named by their meaning for its operations. */
    static final StructLayout SQE = MemoryLayout.structLayout(
            JAVA_BYTE.withName("opcode"), JAVA_BYTE.withName("flags"), JAVA_SHORT.withName("ioprio"), JAVA_INT.withName("fd"),
            JAVA_LONG.withName("off"), JAVA_LONG.withName("addr"), JAVA_INT.withName("len"), JAVA_INT.withName("op_flags"),
            JAVA_LONG.withName("user_data"), JAVA_SHORT.withName("buf_group"), JAVA_SHORT.withName("personality"),
            JAVA_INT.withName("file_index"), JAVA_LONG.withName("addr3"), JAVA_LONG.withName("pad"));

    /** struct io_uring_cqe (16 bytes; no CQE32). */
    static final StructLayout CQE = MemoryLayout.structLayout(
            JAVA_LONG.withName("user_data"), JAVA_INT.withName("res"), JAVA_INT.withName("flags"));

    private static long off(StructLayout l, String... path) {
        MemoryLayout.PathElement[] p = new MemoryLayout.PathElement[path.length];
        for (int i = 0; i < path.length; i++) p[i] = groupElement(path[i]);
        return l.byteOffset(p);
    }

    private static final long SQE_OPCODE = off(SQE, "opcode"), SQE_FLAGS = off(SQE, "flags"), SQE_IOPRIO = off(SQE, "ioprio"),
            SQE_FD = off(SQE, "fd"), SQE_OFF = off(SQE, "off"), SQE_ADDR = off(SQE, "addr"), SQE_LEN = off(SQE, "len"),
            SQE_OP_FLAGS = off(SQE, "op_flags"), SQE_USER_DATA = off(SQE, "user_data"), SQE_BUF_GROUP = off(SQE, "buf_group");
    private static final long CQE_USER_DATA = off(CQE, "user_data"), CQE_RES = off(CQE, "res"), CQE_FLAGS = off(CQE, "flags");

    private static final VarHandle INT = JAVA_INT.varHandle();

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    private static final MethodHandle SYSCALL = LINKER.downcallHandle(LINKER.defaultLookup().find("syscall").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            CAPTURE, Linker.Option.firstVariadicArg(1));
    private static final MethodHandle MMAP = LINKER.downcallHandle(LINKER.defaultLookup().find("mmap").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), CAPTURE);
    private static final MethodHandle MUNMAP = LINKER.downcallHandle(LINKER.defaultLookup().find("munmap").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final int PROT_RW = 3, MAP_SHARED_POPULATE = 0x01 | 0x8000;

    private final MemorySegment state;
    final int fd;
    private final MemorySegment ring, sqes;     // the mmap'ed SQ+CQ rings (one mapping) and the SQE array
    private final long ringBytes, sqesBytes;
    private final long sqHead, sqTailOff, cqHead, cqTail, cqes;
    private final int sqMask, sqEntries, cqMask;
    private final boolean extArg;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment waitArg, timespec, addrs;    // io_uring_getevents_arg, its timeout, per-SQE sockaddr/timespec space
    private int sqTail, submitted, cqLocalHead;
    private final String flagsDescription;

    private static long syscall(MemorySegment st, long nr, long a, long b, long c, long d, long e, long f) {
        try {
            return (long) SYSCALL.invokeExact(st, nr, a, b, c, d, e, f);
        } catch (Throwable t) { throw new AssertionError(t); }
    }

    private static int errno(MemorySegment st) {
        return (int) ERRNO.get(st, 0L);
    }

    private IoUring(int entries) {
        state = arena.allocate(CALL_STATE);
        MemorySegment p = arena.allocate(PARAMS);
        int[] tries = {SETUP_SUBMIT_ALL | SETUP_COOP_TASKRUN | SETUP_SINGLE_ISSUER | SETUP_DEFER_TASKRUN, SETUP_SUBMIT_ALL, 0};
        long rc = -1;
        int used = 0;
        for (int extra : tries) {
            p.fill((byte) 0);
            used = extra | SETUP_CQSIZE | SETUP_CLAMP;
            p.set(JAVA_INT, off(PARAMS, "flags"), used);
            p.set(JAVA_INT, off(PARAMS, "cq_entries"), entries * 4);
            rc = syscall(state, SYS_SETUP, entries, p.address(), 0, 0, 0, 0);
            if (rc >= 0 || errno(state) != 22 /* EINVAL: a flag this kernel does not know */) break;
        }
        if (rc < 0) {
            int e = errno(state);
            arena.close();
            throw new NativeException("io_uring_setup", e);
        }
        fd = (int) rc;
        flagsDescription = (used & SETUP_DEFER_TASKRUN) != 0 ? "single issuer, deferred task work" : "basic setup";
        int features = p.get(JAVA_INT, off(PARAMS, "features"));
        sqEntries = p.get(JAVA_INT, off(PARAMS, "sq_entries"));
        int cqEntries = p.get(JAVA_INT, off(PARAMS, "cq_entries"));
        long sqArray = p.get(JAVA_INT, off(PARAMS, "sq_off", "array"));
        sqHead = p.get(JAVA_INT, off(PARAMS, "sq_off", "head"));
        sqTailOff = p.get(JAVA_INT, off(PARAMS, "sq_off", "tail"));
        cqHead = p.get(JAVA_INT, off(PARAMS, "cq_off", "head"));
        cqTail = p.get(JAVA_INT, off(PARAMS, "cq_off", "tail"));
        cqes = p.get(JAVA_INT, off(PARAMS, "cq_off", "cqes"));
        extArg = (features & FEAT_EXT_ARG) != 0;
        if ((features & FEAT_SINGLE_MMAP) == 0 || (features & FEAT_NODROP) == 0 || !extArg) {
            Libc.close(fd);
            arena.close();
            throw new NativeException("io_uring features (single mmap, no-drop, ext arg)", 95 /* EOPNOTSUPP */);
        }
        ringBytes = Math.max(sqArray + 4L * sqEntries, cqes + CQE.byteSize() * cqEntries);
        sqesBytes = SQE.byteSize() * sqEntries;
        ring = mmap(ringBytes, 0);
        sqes = mmap(sqesBytes, OFF_SQES);
        sqMask = ring.get(JAVA_INT, p.get(JAVA_INT, off(PARAMS, "sq_off", "ring_mask")));
        cqMask = ring.get(JAVA_INT, p.get(JAVA_INT, off(PARAMS, "cq_off", "ring_mask")));
        // Identity SQ index array: SQE i is always submitted from slot i.
        for (int i = 0; i < sqEntries; i++) ring.set(JAVA_INT, sqArray + 4L * i, i);
        sqTail = (int) INT.getAcquire(ring, sqTailOff);
        submitted = sqTail;
        cqLocalHead = (int) INT.getAcquire(ring, cqHead);
        waitArg = arena.allocate(24, 8);
        timespec = arena.allocate(16, 8);
        addrs = arena.allocate(32L * sqEntries, 8);
    }

    private MemorySegment mmap(long bytes, long offset) {
        try {
            MemorySegment m = (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, bytes, PROT_RW, MAP_SHARED_POPULATE, fd, offset);
            if (m.address() == -1L) throw new NativeException("mmap io_uring", errno(state));
            return m.reinterpret(bytes);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** Sets up a ring with {@code entries} submission slots (completion queue four times larger); throws {@link NativeException}. */
    public static IoUring open(int entries) {
        return new IoUring(entries);
    }

    /** Whether this process can run the proxy's io_uring engine, and if not, why (one sentence for the log). */
    public record Availability(boolean available, String reason) {}

    /**
     * Sets up a small ring and checks what the engine needs: the opcodes (IORING_REGISTER_PROBE), provided-buffer
     * rings, and multishot receive (6.0, the release that also brought SEND_ZC, which the probe can see).
     */
    public static Availability probe() {
        IoUring u;
        try {
            u = open(8);
        } catch (NativeException e) {
            String why = switch (e.errno()) {
                case 38 -> "the kernel has no io_uring (or a seccomp filter hides it)";
                case 1 -> "io_uring is not permitted (kernel.io_uring_disabled=" + disabledSetting() + ", or a seccomp filter)";
                default -> e.getMessage();
            };
            return new Availability(false, why);
        } catch (LinkageError | RuntimeException e) {
            return new Availability(false, e.toString());
        }
        try (u) {
            boolean[] ops = u.supportedOps();
            for (int op : new int[]{OP_ACCEPT, OP_RECV, OP_SEND, OP_CONNECT, OP_LINK_TIMEOUT, OP_ASYNC_CANCEL, OP_CLOSE, OP_SEND_ZC})
                if (!ops[op]) return new Availability(false, "the kernel's io_uring lacks opcode " + op + " (needs Linux 6.0 or later)");
            try (IoUringBuffers b = new IoUringBuffers(u, 0, 2, 64)) {
                return new Availability(true, "io_uring " + u.describe() + ", provided buffer rings"
                        + (b.incremental() ? " consumed incrementally" : ""));
            } catch (NativeException e) {
                return new Availability(false, "no provided buffer rings: " + e.getMessage());
            }
        } catch (NativeException e) {
            return new Availability(false, e.getMessage());
        }
    }

    private static String disabledSetting() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/io_uring_disabled")).strip();
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        }
    }

    /** How the ring was set up, for the log. */
    public String describe() {
        return sqEntries + " entries, " + flagsDescription;
    }

    // ---- submission ----

    /** The next free SQE, zeroed; null when the queue is full even after handing the pending entries to the kernel. */
    private MemorySegment next() {
        if (sqTail - (int) INT.getAcquire(ring, sqHead) >= sqEntries) {
            submitAndWait(0, 0);
            if (sqTail - (int) INT.getAcquire(ring, sqHead) >= sqEntries) return null;
        }
        MemorySegment s = sqes.asSlice((long) (sqTail & sqMask) * SQE.byteSize(), SQE.byteSize());
        s.fill((byte) 0);
        sqTail++;
        return s;
    }

    private MemorySegment prep(int op, int fd, long userData) {
        MemorySegment s = next();
        if (s == null) return null;
        s.set(JAVA_BYTE, SQE_OPCODE, (byte) op);
        s.set(JAVA_INT, SQE_FD, fd);
        s.set(JAVA_LONG, SQE_USER_DATA, userData);
        return s;
    }

    /** Scratch space that stays valid until the SQE in the same slot is reused (after its submission). */
    private MemorySegment slotScratch() {
        return addrs.asSlice((long) ((sqTail - 1) & sqMask) * 32, 32);
    }

    /** Multishot accept: one completion per accepted connection (result: the new socket). */
    public boolean prepAcceptMultishot(int listenFd, long userData) {
        MemorySegment s = prep(OP_ACCEPT, listenFd, userData);
        if (s == null) return false;
        s.set(JAVA_SHORT, SQE_IOPRIO, (short) ACCEPT_MULTISHOT);
        s.set(JAVA_INT, SQE_OP_FLAGS, Libc.SOCK_CLOEXEC);
        return true;
    }

    /** Multishot receive into buffers picked by the kernel from provided-buffer group {@code group}. */
    public boolean prepRecvMultishot(int fd, int group, long userData) {
        MemorySegment s = prep(OP_RECV, fd, userData);
        if (s == null) return false;
        s.set(JAVA_BYTE, SQE_FLAGS, (byte) IOSQE_BUFFER_SELECT);
        s.set(JAVA_SHORT, SQE_IOPRIO, (short) RECV_MULTISHOT);
        s.set(JAVA_SHORT, SQE_BUF_GROUP, (short) group);
        return true;
    }

    /** Sends {@code len} bytes of provided buffer {@code bid} from {@code offset} (MSG_NOSIGNAL, MSG_WAITALL). */
    public boolean prepSend(int fd, IoUringBuffers buffers, int bid, int offset, int len, long userData, int sqeFlags) {
        MemorySegment s = prep(OP_SEND, fd, userData);
        if (s == null) return false;
        s.set(JAVA_BYTE, SQE_FLAGS, (byte) sqeFlags);
        s.set(JAVA_LONG, SQE_ADDR, buffers.address(bid) + offset);
        s.set(JAVA_INT, SQE_LEN, len);
        s.set(JAVA_INT, SQE_OP_FLAGS, MSG_NOSIGNAL | MSG_WAITALL);   // the kernel retries a short send itself
        return true;
    }

    /** Connects {@code fd} to {@code to}; with {@code timeoutNanos} &gt; 0 a linked timeout cancels it (-ECANCELED). */
    public boolean prepConnect(int fd, InetSocketAddress to, long userData, long timeoutNanos, long timeoutUserData) {
        MemorySegment s = prep(OP_CONNECT, fd, userData);
        if (s == null) return false;
        MemorySegment sa = slotScratch();
        MemorySegment filled = EpollIo.sockaddr(to, sa);
        s.set(JAVA_LONG, SQE_ADDR, sa.address());
        s.set(JAVA_LONG, SQE_OFF, filled.byteSize());
        if (timeoutNanos <= 0) return true;
        s.set(JAVA_BYTE, SQE_FLAGS, (byte) IOSQE_IO_LINK);
        MemorySegment t = prep(OP_LINK_TIMEOUT, -1, timeoutUserData);
        if (t == null) return false;    // cannot happen: next() flushed when full, and one slot was taken above
        MemorySegment ts = slotScratch();
        ts.set(JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
        ts.set(JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
        t.set(JAVA_LONG, SQE_ADDR, ts.address());
        t.set(JAVA_INT, SQE_LEN, 1);
        return true;
    }

    /** Cancels every request on {@code fd}; its own completion reports how many (or -ENOENT). */
    public boolean prepCancelFd(int fd, long userData) {
        MemorySegment s = prep(OP_ASYNC_CANCEL, fd, userData);
        if (s == null) return false;
        s.set(JAVA_INT, SQE_OP_FLAGS, CANCEL_FD | CANCEL_ALL);
        return true;
    }

    /** Cancels the request submitted with {@code targetUserData}. */
    public boolean prepCancel(long targetUserData, long userData) {
        MemorySegment s = prep(OP_ASYNC_CANCEL, -1, userData);
        if (s == null) return false;
        s.set(JAVA_LONG, SQE_ADDR, targetUserData);
        return true;
    }

    /** Closes {@code fd}; no completion unless it fails. */
    public boolean prepClose(int fd, long userData) {
        MemorySegment s = prep(OP_CLOSE, fd, userData);
        if (s == null) return false;
        s.set(JAVA_BYTE, SQE_FLAGS, (byte) IOSQE_CQE_SKIP_SUCCESS);
        return true;
    }

    /** SQEs prepared and not yet handed to the kernel. */
    public int pending() {
        return sqTail - submitted;
    }

    /**
     * One io_uring_enter: submits what is pending and, with {@code waitFor} &gt; 0, waits up to
     * {@code timeoutNanos} for that many completions. Returns the number submitted; an interrupted or timed-out
     * wait is not an error.
     */
    public int submitAndWait(int waitFor, long timeoutNanos) {
        int toSubmit = sqTail - submitted;
        INT.setRelease(ring, sqTailOff, sqTail);
        int flags = 0;
        long arg = 0, argSize = 0;
        if (waitFor > 0) {
            flags = ENTER_GETEVENTS | ENTER_EXT_ARG;
            timespec.set(JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
            timespec.set(JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
            waitArg.fill((byte) 0);
            waitArg.set(JAVA_LONG, 16, timespec.address());
            arg = waitArg.address();
            argSize = 24;
        } else if (toSubmit == 0) {
            return 0;
        }
        long rc = syscall(state, SYS_ENTER, fd, toSubmit, waitFor, flags, arg, argSize);
        if (rc < 0) {
            int e = errno(state);
            if (e == Libc.EINTR || e == ETIME || e == EBUSY || e == Libc.EAGAIN) {
                return 0;   // nothing submitted (EBUSY: completions to reap first); the caller's loop comes back

            }
            throw new NativeException("io_uring_enter", e);
        }
        submitted += (int) rc;
        return (int) rc;
    }

    // ---- completion ----

    /** Completions copied out of the ring: parallel arrays, valid up to the count {@link #reap} returned. */
    public static final class Completions {
        public final long[] userData;
        public final int[] res, flags;

        public Completions(int max) {
            userData = new long[max];
            res = new int[max];
            flags = new int[max];
        }
    }

    /** Copies up to {@code out}'s capacity of completions and frees their ring slots. */
    public int reap(Completions out) {
        int tail = (int) INT.getAcquire(ring, cqTail);
        int n = 0;
        int head = cqLocalHead;
        while (head != tail && n < out.res.length) {
            long at = cqes + (long) (head & cqMask) * CQE.byteSize();
            out.userData[n] = ring.get(JAVA_LONG, at + CQE_USER_DATA);
            out.res[n] = ring.get(JAVA_INT, at + CQE_RES);
            out.flags[n] = ring.get(JAVA_INT, at + CQE_FLAGS);
            n++;
            head++;
        }
        cqLocalHead = head;
        INT.setRelease(ring, cqHead, head);
        return n;
    }

    // ---- registration ----

    long register(int opcode, MemorySegment arg, int nrArgs) {
        long rc = syscall(state, SYS_REGISTER, fd, opcode, arg.address(), nrArgs, 0, 0);
        return rc < 0 ? -errno(state) : rc;
    }

    /** Which opcodes this kernel supports (IORING_REGISTER_PROBE). */
    public boolean[] supportedOps() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment probe = a.allocate(16 + 8 * 256, 8);
            long rc = register(REGISTER_PROBE, probe, 256);
            if (rc < 0) throw new NativeException("io_uring_register PROBE", (int) -rc);
            int lastOp = Byte.toUnsignedInt(probe.get(JAVA_BYTE, 0));
            boolean[] out = new boolean[256];
            for (int i = 0; i <= lastOp && i < 256; i++) {
                long o = 16 + 8L * i;
                int op = Byte.toUnsignedInt(probe.get(JAVA_BYTE, o));
                out[op] = (probe.get(JAVA_SHORT, o + 2) & 1) != 0;
            }
            return out;
        }
    }

    @Override
    public void close() {
        try {
            int a = (int) MUNMAP.invokeExact(sqes, sqesBytes);
            int b = (int) MUNMAP.invokeExact(ring, ringBytes);
        } catch (Throwable t) { throw new AssertionError(t); }
        Libc.close(fd);
        arena.close();
    }
}
