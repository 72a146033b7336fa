package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Process matching, quorum and the terminate/fork delays, with a fake clock. */
class ProcessQuorumTest {
    private static final long MS = 1_000_000L, T0 = 5_000 * MS;
    private static final ProcessTrackSettings.Proc HAPROXY = new ProcessTrackSettings.Proc("haproxy",
            List.of("/usr/sbin/haproxy", "-f", "/etc/haproxy/haproxy.cfg", "-db"));

    private static ProcessTrackSettings byName(String name, int quorum, int max, long termMs, long forkMs) {
        return new ProcessTrackSettings(name, "haproxy", List.of(), ProcessTrackSettings.ParamMatch.NONE, false, quorum, max, termMs, forkMs);
    }

    private static ProcessTrackSettings byCommand(ProcessTrackSettings.ParamMatch m, String... params) {
        return new ProcessTrackSettings("p", "/usr/sbin/haproxy", List.of(params), m, true, 1, Integer.MAX_VALUE, 0, 0);
    }

    @Test
    void matchingByCommOrCommandLine() {
        assertThat(byName("p", 1, 9, 0, 0).matches(HAPROXY)).isTrue();
        assertThat(byName("p", 1, 9, 0, 0).matches(new ProcessTrackSettings.Proc("nginx", List.of("haproxy")))).isFalse();
        assertThat(byCommand(ProcessTrackSettings.ParamMatch.NONE).matches(HAPROXY)).isTrue();
        assertThat(byCommand(ProcessTrackSettings.ParamMatch.EXACT, "-f", "/etc/haproxy/haproxy.cfg", "-db").matches(HAPROXY)).isTrue();
        assertThat(byCommand(ProcessTrackSettings.ParamMatch.EXACT, "-f", "/etc/haproxy/haproxy.cfg").matches(HAPROXY)).isFalse();
        assertThat(byCommand(ProcessTrackSettings.ParamMatch.EXACT).matches(HAPROXY)).as("exact, no parameters").isFalse();
        assertThat(byCommand(ProcessTrackSettings.ParamMatch.PARTIAL, "-f", "/etc/haproxy/haproxy.cfg").matches(HAPROXY)).isTrue();
        assertThat(byCommand(ProcessTrackSettings.ParamMatch.PARTIAL, "-f", "/etc/haproxy").matches(HAPROXY)).isFalse();
        assertThat(byCommand(ProcessTrackSettings.ParamMatch.INITIAL, "-f", "/etc/haproxy").matches(HAPROXY)).isTrue();
        assertThat(byCommand(ProcessTrackSettings.ParamMatch.INITIAL, "-x", "/etc/haproxy").matches(HAPROXY)).isFalse();
        assertThat(byCommand(ProcessTrackSettings.ParamMatch.NONE).matches(new ProcessTrackSettings.Proc("haproxy", List.of()))).as("kernel thread").isFalse();
    }

    @Test
    void quorumFromTheFirstScanThenExecAndExit() {
        ProcessQuorum q = new ProcessQuorum(List.of(byName("hap", 2, 3, 0, 0)));
        assertThat(q.scan(Map.of(10, HAPROXY), T0, true)).containsExactly(new ProcessQuorum.Change("hap", false, 1));
        assertThat(q.exec(11, HAPROXY, T0)).containsExactly(new ProcessQuorum.Change("hap", true, 2));
        assertThat(q.exec(12, HAPROXY, T0)).isEmpty();
        assertThat(q.exec(13, HAPROXY, T0)).as("above quorum_max").containsExactly(new ProcessQuorum.Change("hap", false, 4));
        assertThat(q.exit(13, T0)).containsExactly(new ProcessQuorum.Change("hap", true, 3));
        assertThat(q.exit(99, T0)).as("untracked pid").isEmpty();
        // A tracked process that execs something else no longer counts.
        assertThat(q.exec(12, new ProcessTrackSettings.Proc("sh", List.of("/bin/sh")), T0)).isEmpty();
        assertThat(q.count("hap")).isEqualTo(2);
        assertThat(q.comm(11, "renamed", T0)).containsExactly(new ProcessQuorum.Change("hap", false, 1));
        assertThat(q.comm(11, "haproxy", T0)).containsExactly(new ProcessQuorum.Change("hap", true, 2));
    }

    @Test
    void terminateDelayAbsorbsARestartAndFiresOtherwise() {
        ProcessQuorum q = new ProcessQuorum(List.of(byName("hap", 1, Integer.MAX_VALUE, 2000, 0)));
        q.scan(Map.of(10, HAPROXY), T0, true);
        assertThat(q.up("hap")).isTrue();
        assertThat(q.exit(10, T0)).isEmpty();
        assertThat(q.nextDeadline()).isEqualTo(T0 + 2000 * MS);
        assertThat(q.exec(20, HAPROXY, T0 + 500 * MS)).as("restarted within the delay").isEmpty();
        assertThat(q.nextDeadline()).isEqualTo(Long.MIN_VALUE);
        assertThat(q.tick(T0 + 3000 * MS)).isEmpty();
        assertThat(q.exit(20, T0 + 4000 * MS)).isEmpty();
        assertThat(q.tick(T0 + 5999 * MS)).isEmpty();
        assertThat(q.tick(T0 + 6000 * MS)).containsExactly(new ProcessQuorum.Change("hap", false, 0));
        assertThat(q.up("hap")).isFalse();
        // Gained by exec: at once, whatever the delays.
        assertThat(q.exec(21, HAPROXY, T0 + 7000 * MS)).containsExactly(new ProcessQuorum.Change("hap", true, 1));
    }

    @Test
    void aForkCountsAfterTheForkDelayAndAFallbackScanSeesWhatChanged() {
        ProcessQuorum q = new ProcessQuorum(List.of(byName("hap", 2, Integer.MAX_VALUE, 0, 1000)));
        q.scan(Map.of(10, HAPROXY), T0, true);
        assertThat(q.fork(99, 100, T0)).as("child of an untracked process").isEmpty();
        assertThat(q.fork(10, 11, T0)).isEmpty();
        assertThat(q.tick(T0 + 999 * MS)).isEmpty();
        assertThat(q.tick(T0 + 1000 * MS)).containsExactly(new ProcessQuorum.Change("hap", true, 2));
        // Polling: a scan without pid 11 is its exit (no terminate delay here: at once).
        assertThat(q.scan(Map.of(10, HAPROXY), T0 + 2000 * MS, false)).containsExactly(new ProcessQuorum.Change("hap", false, 1));
        assertThat(q.scan(Map.of(10, HAPROXY, 12, HAPROXY), T0 + 3000 * MS, false)).containsExactly(new ProcessQuorum.Change("hap", true, 2));
        assertThat(q.scan(Map.of(10, HAPROXY, 12, HAPROXY), T0 + 4000 * MS, false)).isEmpty();
    }

    @Test
    void quorumMaxZeroMeansTheProcessMustNotRun() {
        ProcessQuorum q = new ProcessQuorum(List.of(byName("none", 0, 0, 0, 0)));
        assertThat(q.scan(Map.of(), T0, true)).containsExactly(new ProcessQuorum.Change("none", true, 0));
        assertThat(q.exec(5, HAPROXY, T0)).containsExactly(new ProcessQuorum.Change("none", false, 1));
    }
}
