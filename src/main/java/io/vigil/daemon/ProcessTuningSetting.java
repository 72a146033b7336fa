package io.vigil.daemon;

import io.vigil.config.GlobalDefs;
import io.vigil.sys.NativeException;
import io.vigil.sys.ProcessTuning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.BitSet;
import java.util.List;

/**
 * keepalived's {@code *_no_swap}, {@code *_cpu_affinity} and {@code *_rlimit_rttime}, applied by each child once it has
 * read the configuration, as keepalived's children do (set_process_priorities, set_process_cpu_affinity). A failure is
 * logged and the process runs on, as there.
 */
final class ProcessTuningSetting {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessTuningSetting.class);

    private ProcessTuningSetting() {}

    /** {@code process}: "vrrp" or "checker", as keepalived names them in its log lines and keywords. */
    static void apply(String process, GlobalDefs.ProcessTuning tuning) {
        tuning.rlimitRttimeMicros().ifPresent(limit -> {
            Signals.logCpuLimit(process.equals("vrrp") ? "VRRP" : process, process);
            try {
                // keepalived: the soft limit at half, so SIGXCPU warns before the hard limit's SIGKILL
                ProcessTuning.setRealtimeLimit(limit / 2, limit);
                LOG.info("{} process: RLIMIT_RTTIME {} us (soft {} us)", process, limit, limit / 2);
            } catch (NativeException e) {
                LOG.warn("{} process cannot set realtime rlimit: {}", process, e.getMessage());
            }
        });
        tuning.nice().ifPresent(nice -> {
            try {
                ProcessTuning.setProcessNice(nice);
                LOG.info("{} process: nice {}", process, nice);
            } catch (java.io.UncheckedIOException e) {
                LOG.info("Unable to set process priority to {} - {}", nice, e.getMessage());
            }
        });
        if (tuning.noSwap()) lockMemory(process);
        if (!tuning.cpus().isEmpty()) {
            try {
                ProcessTuning.setProcessAffinity(cpuSet(tuning.cpus()));
                LOG.info("{} process: CPU affinity {}", process, tuning.cpus());
            } catch (java.io.UncheckedIOException e) { // NativeException too
                LOG.warn("unable to set cpu affinity to {} process ({})", process, e.getMessage());
            }
        }
    }

    /** mlockall, for {@code *_no_swap}. */
    static void lockMemory(String process) {
        try {
            ProcessTuning.lockMemory();
            LOG.info("{} process locked in memory", process);
        } catch (NativeException e) {
            LOG.info("Unable to lock process in memory - {}", e.getMessage());
        }
    }

    static BitSet cpuSet(List<Integer> cpus) {
        BitSet set = new BitSet();
        cpus.forEach(set::set);
        return set;
    }
}
