package io.vigil.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code vrrp_track_process NAME { process PATH [PARAM...]  param_match [initial|partial]  full_command  quorum N
 * quorum_max N  delay S  terminate_delay S  fork_delay S  weight N [reverse] }}.
 *
 * @param params      words after the path (given: the whole command line is matched, exactly unless param_match says)
 * @param paramMatch  NONE (no parameter check), EXACT, PARTIAL (the given words start the parameters) or INITIAL
 *                    (the same, but the last given word may be the start of a parameter)
 * @param fullCommand match argv[0] of /proc/PID/cmdline instead of the 15-character comm
 */
public record TrackProcess(String name, String path, List<String> params, ParamMatch paramMatch, boolean fullCommand, int quorum,
                           int quorumMax, Duration terminateDelay, Duration forkDelay, Vrrp.Weight weight, SourcePos pos) {
    public enum ParamMatch { NONE, EXACT, PARTIAL, INITIAL }

    public TrackProcess {
        params = List.copyOf(params);
    }
}
