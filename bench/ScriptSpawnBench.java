import java.lang.foreign.*;
import java.lang.invoke.MethodHandle;
import java.util.*;
import java.util.concurrent.*;

/** Starts /bin/true directly, through setpriv (as nobody), and from a platform thread holding nobody's ids (FFM); bench/script-spawn.sh. */
public class ScriptSpawnBench {
    static final Linker L = Linker.nativeLinker();
    static final MethodHandle SYSCALL3 = L.downcallHandle(L.defaultLookup().find("syscall").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
            Linker.Option.firstVariadicArg(1));
    static final long SYS_setresuid = 117, SYS_setresgid = 119, SYS_setgroups = 116;

    static long sys(long nr, long a, long b, long c) throws Throwable { return (long) SYSCALL3.invokeExact(nr, a, b, c); }

    static int run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor();
    }

    // FFM: the spawning platform thread takes the user's credentials (raw syscalls: this thread only), spawns, takes root back.
    static int runAs(List<String> cmd, int uid, int gid) throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment groups = a.allocate(ValueLayout.JAVA_INT, 1);
            groups.set(ValueLayout.JAVA_INT, 0, gid);
            if (sys(SYS_setgroups, 1, groups.address(), 0) != 0) throw new IllegalStateException("setgroups");
            if (sys(SYS_setresgid, gid, gid, 0) != 0) throw new IllegalStateException("setresgid");
            if (sys(SYS_setresuid, uid, uid, 0) != 0) throw new IllegalStateException("setresuid");
            Process p;
            try {
                p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            } finally {
                if (sys(SYS_setresuid, 0, 0, 0) != 0) throw new IllegalStateException("restore uid");
                if (sys(SYS_setresgid, 0, 0, 0) != 0) throw new IllegalStateException("restore gid");
                groups.set(ValueLayout.JAVA_INT, 0, 0);
                sys(SYS_setgroups, 1, groups.address(), 0);
            }
            return p.waitFor();
        }
    }

    interface Body { void run() throws Throwable; }

    static double perRunMicros(int n, Body b) throws Throwable {
        for (int i = 0; i < 50; i++) b.run();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) b.run();
        return (System.nanoTime() - t0) / 1000.0 / n;
    }

    public static void main(String[] args) throws Throwable {
        int n = Integer.parseInt(args.length > 0 ? args[0] : "300");
        List<String> id = List.of("/bin/sh", "-c", "test $(id -u) = 65534");
        // correctness first
        System.out.println("plain exit " + run(List.of("/bin/sh", "-c", "test $(id -u) = 0")));
        System.out.println("setpriv exit " + run(concat(List.of("setpriv", "--reuid=65534", "--regid=65534", "--init-groups", "--"), id)));
        int[] ffm = new int[1];
        Thread t = Thread.ofPlatform().start(() -> { try { ffm[0] = runAs(id, 65534, 65534); } catch (Throwable e) { throw new RuntimeException(e); } });
        t.join();
        System.out.println("ffm exit " + ffm[0] + ", main thread still uid 0: " + run(List.of("/bin/sh", "-c", "test $(id -u) = 0")));
        List<String> tru = List.of("/bin/true");
        for (int round = 0; round < 3; round++) {
            double plain = perRunMicros(n, () -> run(tru));
            double setpriv = perRunMicros(n, () -> run(concat(List.of("setpriv", "--reuid=65534", "--regid=65534", "--init-groups", "--"), tru)));
            ExecutorService one = Executors.newSingleThreadExecutor();
            double viaFfm = perRunMicros(n, () -> one.submit(() -> { try { return runAs(tru, 65534, 65534); } catch (Throwable e) { throw new RuntimeException(e); } }).get());
            one.shutdown();
            System.out.printf("round %d: plain %.0f us, setpriv %.0f us, ffm %.0f us per spawn+wait of /bin/true%n", round, plain, setpriv, viaFfm);
        }
    }

    static List<String> concat(List<String> a, List<String> b) { List<String> o = new ArrayList<>(a); o.addAll(b); return o; }
}
