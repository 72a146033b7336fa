package io.vigil.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Process-wide settings of keepalived's {@code *_no_swap}, {@code *_cpu_affinity} and {@code *_rlimit_rttime}:
 * {@code mlockall}, {@code sched_setaffinity} and {@code setrlimit(RLIMIT_RTTIME)}. Each call is bound on first use
 * (through {@link Libc#bind}), so a process that sets none of them pays nothing.
 */
public final class ProcessTuning {
    private ProcessTuning() {
    }

    static final int MCL_CURRENT = 1, MCL_FUTURE = 2, MCL_ONFAULT = 4;
    static final int RLIMIT_RTTIME = 15;
    /** glibc's cpu_set_t: CPU_SETSIZE 1024 bits. */
    public static final int CPU_SETSIZE = 1024;

    private static final class MLOCKALL_ {
        static final MethodHandle H = Libc.bind("mlockall", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }
    private static final class SCHED_SETAFFINITY_ {
        static final MethodHandle H = Libc.bind("sched_setaffinity", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    }
    private static final class SETRLIMIT_ {
        static final MethodHandle H = Libc.bind("setrlimit", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    }

    /**
     * {@code mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)}, as keepalived: every page of the process, present and
     * future, stays in memory once touched (ONFAULT: the JVM's reserved but unused heap is not populated).
     */
    public static void lockMemory() {
        MemorySegment st = Libc.STATE.get();
        try {
            Libc.check("mlockall", (int) MLOCKALL_.H.invokeExact(st, MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT), st);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    /** {@code sched_setaffinity(tid, cpus)} for one thread (0: the calling one). */
    public static void setThreadAffinity(int tid, BitSet cpus) {
        MemorySegment st = Libc.STATE.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(CPU_SETSIZE / 8);
            long[] words = cpus.toLongArray();
            for (int i = 0; i < words.length && i < CPU_SETSIZE / 64; i++) mask.set(JAVA_LONG, i * 8L, words[i]);
            Libc.check("sched_setaffinity", (int) SCHED_SETAFFINITY_.H.invokeExact(st, tid, (long) (CPU_SETSIZE / 8), mask), st);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }

    /**
     * Every thread of this process on {@code cpus}. keepalived's {@code sched_setaffinity(0, ...)} covers its whole
     * single-threaded process; a JVM's threads each carry their own mask, so each is set, and the list read again until a
     * pass finds no thread it has not set (a thread created meanwhile inherits its creator's mask, which may predate it).
     */
    public static void setProcessAffinity(BitSet cpus) {
        forEveryThread(tid -> setThreadAffinity(tid, cpus));
    }

    /** The nice value of every thread of this process (Linux's is per thread; keepalived's checker has one thread). */
    public static void setProcessNice(int nice) {
        forEveryThread(tid -> Libc.setThreadNice(tid, nice));
    }

    private static void forEveryThread(java.util.function.IntConsumer action) {
        Set<Integer> done = new HashSet<>();
        for (int pass = 0; pass < 10; pass++) {
            boolean found = false;
            for (int tid : threads()) {
                if (!done.add(tid)) continue;
                found = true;
                try {
                    action.accept(tid);
                } catch (NativeException e) {
                    if (e.errno() != Libc.ESRCH) throw e; // a thread that ended meanwhile
                }
            }
            if (!found) return;
        }
    }

    private static int[] threads() {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.mapToInt(p -> Integer.parseInt(p.getFileName().toString())).toArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code setrlimit(RLIMIT_RTTIME, {soft, hard})} in microseconds of CPU a realtime thread may use without blocking. */
    public static void setRealtimeLimit(long softMicros, long hardMicros) {
        MemorySegment st = Libc.STATE.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rlimit = arena.allocate(16);
            rlimit.set(JAVA_LONG, 0, softMicros);
            rlimit.set(JAVA_LONG, 8, hardMicros);
            Libc.check("setrlimit(RLIMIT_RTTIME)", (int) SETRLIMIT_.H.invokeExact(st, RLIMIT_RTTIME, rlimit), st);
        } catch (NativeException e) { throw e; } catch (Throwable t) { throw new AssertionError(t); }
    }
}
