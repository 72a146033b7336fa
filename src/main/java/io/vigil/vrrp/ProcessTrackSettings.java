package io.vigil.vrrp;

import java.util.List;

/**
 * A {@code vrrp_track_process} definition: which processes count and how many make a quorum.
 *
 * @param path        compared with the process's comm, or with argv[0] when {@code fullCommand}
 * @param params      compared with argv[1..] as {@code paramMatch} says
 * @param quorumMax   {@link Integer#MAX_VALUE}: no upper limit
 */
public record ProcessTrackSettings(String name, String path, List<String> params, ParamMatch paramMatch, boolean fullCommand, int quorum,
                                   int quorumMax, long terminateDelayMillis, long forkDelayMillis) {
    /** keepalived's param_match: none (argv[0] only), exact, partial (leading words), initial (the last may be a prefix). */
    public enum ParamMatch { NONE, EXACT, PARTIAL, INITIAL }

    /** A process as /proc shows it: {@code comm} (at most 15 characters) and its command line (empty for kernel threads). */
    public record Proc(String comm, List<String> argv) {
        public Proc {
            argv = List.copyOf(argv);
        }
    }

    public ProcessTrackSettings {
        params = List.copyOf(params);
        if (quorum < 0 || quorumMax < quorum) throw new IllegalArgumentException(name + ": quorum must be 0.." + quorumMax);
    }

    /** Whether {@code p} is one of the processes counted (keepalived's read_procs/check_process with check_params). */
    public boolean matches(Proc p) {
        if (!fullCommand) return path.equals(p.comm());
        if (p.argv().isEmpty() || !path.equals(p.argv().getFirst())) return false;
        List<String> args = p.argv().subList(1, p.argv().size());
        return switch (paramMatch) {
            case NONE -> true;
            case EXACT -> args.equals(params);
            case PARTIAL -> args.size() >= params.size() && args.subList(0, params.size()).equals(params);
            case INITIAL -> {
                if (params.isEmpty()) yield true;
                int last = params.size() - 1;
                yield args.size() >= params.size() && args.subList(0, last).equals(params.subList(0, last))
                        && args.get(last).startsWith(params.get(last));
            }
        };
    }

    /** Whether {@code count} processes make a quorum. */
    public boolean inQuorum(int count) {
        return count >= quorum && count <= quorumMax;
    }
}
