package io.vigil.vrrp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * keepalived's process tracking (track_process.c) as a pure state machine: process events (exec, fork, comm change,
 * exit) and /proc scans in, quorum changes out. A quorum lost counts only after {@code terminate_delay} (a process
 * that comes back within it changes nothing); a quorum gained by a fork only after {@code fork_delay}; gained by an
 * exec or a scan at once. Threads are not processes: events are by thread group id. Time is passed in; the caller
 * calls {@link #tick} at {@link #nextDeadline}. Not thread-safe.
 */
public final class ProcessQuorum {
    /** The quorum of a tracked process changed. */
    public record Change(String name, boolean up, int processes) {}

    private static final class Tracked {
        final ProcessTrackSettings settings;
        final Set<Integer> pids = new HashSet<>();
        boolean up;
        long deadline = Long.MIN_VALUE; // pending terminate or fork timer, MIN_VALUE: none

        Tracked(ProcessTrackSettings settings) {
            this.settings = settings;
        }
    }

    private final Map<String, Tracked> tracked = new LinkedHashMap<>();

    public ProcessQuorum(List<ProcessTrackSettings> settings) {
        for (ProcessTrackSettings s : settings) tracked.put(s.name(), new Tracked(s));
    }

    /** The quorum state now (false until a scan or event gives one). */
    public boolean up(String name) {
        return tracked.get(name).up;
    }

    public int count(String name) {
        return tracked.get(name).pids.size();
    }

    public Set<String> names() {
        return tracked.keySet();
    }

    /**
     * A whole view of the processes (at start, in fallback polling, after lost events): those gone count as exits,
     * new ones as execs. Returns the quorum changes, and for every tracked process its state on the first scan.
     */
    public List<Change> scan(Map<Integer, ProcessTrackSettings.Proc> processes, long nowNanos, boolean first) {
        List<Change> out = new ArrayList<>();
        for (Tracked t : tracked.values()) {
            Set<Integer> now = new HashSet<>();
            processes.forEach((pid, p) -> {
                if (t.settings.matches(p)) now.add(pid);
            });
            boolean lost = !t.pids.containsAll(now) || !now.containsAll(t.pids);
            t.pids.clear();
            t.pids.addAll(now);
            if (first) {
                t.up = t.settings.inQuorum(now.size());
                out.add(new Change(t.settings.name(), t.up, now.size()));
            } else if (lost) {
                counted(t, false, nowNanos, out);
            }
        }
        return out;
    }

    /** A process called exec: it counts for each tracked process it now matches, and no longer for the others. */
    public List<Change> exec(int pid, ProcessTrackSettings.Proc p, long nowNanos) {
        List<Change> out = new ArrayList<>();
        for (Tracked t : tracked.values()) {
            boolean changed = t.settings.matches(p) ? t.pids.add(pid) : t.pids.remove(pid);
            if (changed) counted(t, false, nowNanos, out);
        }
        return out;
    }

    /** A process renamed itself (prctl PR_SET_NAME): re-checked against the comm-based tracked processes only. */
    public List<Change> comm(int pid, String comm, long nowNanos) {
        List<Change> out = new ArrayList<>();
        for (Tracked t : tracked.values()) {
            if (t.settings.fullCommand()) continue;
            boolean changed = t.settings.path().equals(comm) ? t.pids.add(pid) : t.pids.remove(pid);
            if (changed) counted(t, false, nowNanos, out);
        }
        return out;
    }

    /** A new process (not a thread): a child of a counted process counts too (fork_delay applies). */
    public List<Change> fork(int parentPid, int childPid, long nowNanos) {
        List<Change> out = new ArrayList<>();
        for (Tracked t : tracked.values()) {
            if (!t.pids.contains(parentPid)) continue;
            if (t.pids.add(childPid)) counted(t, true, nowNanos, out);
        }
        return out;
    }

    /** A process ended. */
    public List<Change> exit(int pid, long nowNanos) {
        List<Change> out = new ArrayList<>();
        for (Tracked t : tracked.values()) {
            if (t.pids.remove(pid)) counted(t, false, nowNanos, out);
        }
        return out;
    }

    /** Timers that are due: the quorum is what the count says then. */
    public List<Change> tick(long nowNanos) {
        List<Change> out = new ArrayList<>();
        for (Tracked t : tracked.values()) {
            if (t.deadline == Long.MIN_VALUE || nowNanos - t.deadline < 0) continue;
            t.deadline = Long.MIN_VALUE;
            set(t, t.settings.inQuorum(t.pids.size()), out);
        }
        return out;
    }

    /** The earliest pending timer (System.nanoTime scale), or {@link Long#MIN_VALUE} when none. */
    public long nextDeadline() {
        long next = Long.MIN_VALUE;
        for (Tracked t : tracked.values()) {
            if (t.deadline != Long.MIN_VALUE && (next == Long.MIN_VALUE || t.deadline - next < 0)) next = t.deadline;
        }
        return next;
    }

    private void counted(Tracked t, boolean byFork, long now, List<Change> out) {
        boolean want = t.settings.inQuorum(t.pids.size());
        if (want == t.up) {
            t.deadline = Long.MIN_VALUE; // back where we were: a pending change is off
            return;
        }
        if (t.deadline != Long.MIN_VALUE) return; // already waiting to change
        long delayMillis = !want ? t.settings.terminateDelayMillis() : byFork ? t.settings.forkDelayMillis() : 0;
        if (delayMillis > 0) {
            t.deadline = now + delayMillis * 1_000_000L;
            return;
        }
        set(t, want, out);
    }

    private static void set(Tracked t, boolean up, List<Change> out) {
        if (up == t.up) return;
        t.up = up;
        out.add(new Change(t.settings.name(), up, t.pids.size()));
    }
}
