package io.vigil.vrrp.kernel;

import io.vigil.sys.Libc;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class KernelThreadTunerTest {
    /** Fields 19 (nice) and 41 (policy) of /proc/self/task/TID/stat, after the ")" that ends the thread's name. */
    private static int[] niceAndPolicy(int tid) throws Exception {
        String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new int[] {Integer.parseInt(f[16]), Integer.parseInt(f[38])}; // field n is f[n - 3]
    }

    private static int[] tunedInFreshThread(KernelThreadTuner tuner) throws Exception {
        AtomicReference<int[]> seen = new AtomicReference<>();
        AtomicReference<Exception> failed = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                tuner.tuneCurrentThread("test");
                seen.set(niceAndPolicy(Libc.gettid()));
            } catch (Exception e) {
                failed.set(e);
            }
        });
        t.join();
        if (failed.get() != null) throw failed.get();
        return seen.get();
    }

    @Test
    void raisingTheNiceValueWorksWithoutPrivilegeAndTouchesOnlyTheCallingThread() throws Exception {
        int[] before = niceAndPolicy(Libc.gettid());
        int[] tuned = tunedInFreshThread(new KernelThreadTuner(5, null));
        assertThat(tuned[0]).isEqualTo(5);
        assertThat(tuned[1]).isEqualTo(Libc.SCHED_OTHER);
        assertThat(niceAndPolicy(Libc.gettid())).containsExactly(before);
    }

    @Test
    void realtimePriorityAndNegativeNiceNeedRoot() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "skipped: SCHED_RR and a negative nice value need root (CAP_SYS_NICE)");
        int[] rt = tunedInFreshThread(new KernelThreadTuner(null, 10));
        assertThat(rt[1]).isEqualTo(Libc.SCHED_RR);
        int[] nice = tunedInFreshThread(new KernelThreadTuner(-10, null));
        assertThat(nice[0]).isEqualTo(-10);
    }

    @Test
    void outOfRangeValuesAreRefused() {
        assertThatThrownBy(() -> new KernelThreadTuner(-21, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KernelThreadTuner(null, 100)).isInstanceOf(IllegalArgumentException.class);
    }
}
