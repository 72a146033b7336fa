package io.vigil.daemon;

import io.vigil.bfd.BfdSettings;
import io.vigil.bfd.kernel.BfdService;
import io.vigil.config.KeepalivedConfig;
import io.vigil.vrrp.ThreadTuner;
import io.vigil.vrrp.kernel.KernelThreadTuner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;

/**
 * Starts the BFD thread ({@link BfdService}) with keepalived's BFD process settings applied to it ({@code bfd_priority},
 * {@code bfd_rt_priority}, {@code bfd_cpu_affinity}, {@code bfd_no_swap}): in the VRRP child, or in the checker child
 * when no VRRP child runs ({@code -C}: keepalived runs its BFD process with its checker process then).
 */
final class BfdRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BfdRunner.class);

    private BfdRunner() {}

    /**
     * The started service, or null when there is no session. {@code processLocked}: this process's memory is already
     * locked (its own no_swap), so bfd_no_swap has nothing left to do.
     */
    static BfdService start(KeepalivedConfig config, List<BfdSettings> sessions, BfdService.Listener listener, boolean processLocked) {
        if (sessions.isEmpty()) return null;
        var scheduling = config.globalDefs().bfdScheduling();
        ThreadTuner tuner = scheduling.nice().isEmpty() && scheduling.rtPriority().isEmpty() ? ThreadTuner.NONE
                : new KernelThreadTuner(scheduling.nice().orElse(null), scheduling.rtPriority().orElse(null));
        var bfdTuning = config.globalDefs().tuning().bfd();
        // bfd_no_swap: keepalived locks its BFD process; here BFD is a thread of this process, so this process is locked.
        if (bfdTuning.noSwap() && !processLocked) ProcessTuningSetting.lockMemory("bfd");
        Consumer<String> threadSetup = bfdTuning.cpus().isEmpty() ? tuner::tuneCurrentThread : role -> {
            tuner.tuneCurrentThread(role);
            try {
                io.vigil.sys.ProcessTuning.setThreadAffinity(0, ProcessTuningSetting.cpuSet(bfdTuning.cpus()));
                LOG.info("BFD thread: CPU affinity {}", bfdTuning.cpus());
            } catch (io.vigil.sys.NativeException e) {
                LOG.warn("unable to set cpu affinity to bfd thread ({})", e.getMessage());
            }
        };
        java.util.Optional<String> threadName = config.globalDefs().processNames().bfd();
        Consumer<String> setup = threadName.isEmpty() ? threadSetup : role -> {
            // bfd_process_name: keepalived names its BFD process; here the BFD thread is named
            String n = threadName.get().length() > io.vigil.sys.ProcessName.MAX_BYTES
                    ? threadName.get().substring(0, io.vigil.sys.ProcessName.MAX_BYTES) : threadName.get();
            try {
                io.vigil.sys.Libc.setThreadName(n);
            } catch (io.vigil.sys.NativeException e) {
                LOG.warn("cannot name the BFD thread '{}': {}", n, e.getMessage());
            }
            threadSetup.accept(role);
        };
        BfdService bfd = new BfdService(sessions, setup, listener);
        bfd.start();
        return bfd;
    }
}
