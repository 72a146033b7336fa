package io.vigil.check;

import io.vigil.check.probe.Probe;
import io.vigil.sys.ScriptRunner;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** MISC_CHECK with real scripts: exit codes, misc_dynamic, a hung script and its child killed at misc_timeout, user. */
class MiscProbeTest {
    static final CheckerSettings.Timing T = new CheckerSettings.Timing(1000, 0, 100, 0);
    static final RealServerSettings RS = RealServerSettings.of(RealServerKey.of("127.0.0.1", 80));

    static ProbeResult run(CheckerSettings.Misc m) {
        return Probe.of(m, RS, new ScriptRunner(300)).check();
    }

    static Path script(Path dir, String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void exitCodesAndArguments(@TempDir Path dir) throws Exception {
        Path s = script(dir, "exit.sh", "exit \"$1\"");
        assertThat(run(new CheckerSettings.Misc(T, List.of(s.toString(), "0"), 2000, false, null))).isInstanceOf(ProbeResult.Up.class);
        ProbeResult one = run(new CheckerSettings.Misc(T, List.of(s.toString(), "1"), 2000, false, null));
        assertThat(one.describe()).contains("exited with status 1");
        // without misc_dynamic any non-zero exit is a failure
        assertThat(run(new CheckerSettings.Misc(T, List.of(s.toString(), "12"), 2000, false, null))).isInstanceOf(ProbeResult.Down.class);
        assertThat(run(new CheckerSettings.Misc(T, List.of(dir.resolve("missing.sh").toString()), 2000, false, null)).describe()).contains("could not run");
    }

    @Test
    void miscDynamicSetsWeightToExitMinusTwo(@TempDir Path dir) throws Exception {
        Path s = script(dir, "exit.sh", "exit \"$1\"");
        assertThat(run(new CheckerSettings.Misc(T, List.of(s.toString(), "12"), 2000, true, null))).isEqualTo(new ProbeResult.Weight(10, "MISC_CHECK [" + s + "] succeeded with exit 12"));
        assertThat(((ProbeResult.Weight) run(new CheckerSettings.Misc(T, List.of(s.toString(), "2"), 2000, true, null))).weight()).isZero();
        assertThat(((ProbeResult.Weight) run(new CheckerSettings.Misc(T, List.of(s.toString(), "255"), 2000, true, null))).weight()).isEqualTo(253);
        assertThat(run(new CheckerSettings.Misc(T, List.of(s.toString(), "0"), 2000, true, null))).isInstanceOf(ProbeResult.Up.class);
        assertThat(run(new CheckerSettings.Misc(T, List.of(s.toString(), "1"), 2000, true, null))).isInstanceOf(ProbeResult.Down.class);
    }

    @Test
    void hungScriptAndItsChildAreKilledAtTheTimeout(@TempDir Path dir) throws Exception {
        Path pids = dir.resolve("pids");
        // the script starts a child that would outlive it, records both PIDs, then hangs
        Path s = script(dir, "hang.sh", "sleep 300 &\necho $$ $! > " + pids + "\nwhile true; do sleep 1; done");
        long t0 = System.nanoTime();
        ProbeResult r = run(new CheckerSettings.Misc(T, List.of(s.toString()), 500, false, null));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(r).isInstanceOf(ProbeResult.Down.class);
        assertThat(r.describe()).contains("timed out after 500 ms");
        assertThat(took).isGreaterThanOrEqualTo(500).isLessThan(30_000); // killed, not waited for (the script loops forever)
        String[] both = Files.readString(pids).trim().split("\\s+");
        for (String pid : both) {
            var h = ProcessHandle.of(Long.parseLong(pid));
            if (h.isPresent()) h.get().onExit().get(2, TimeUnit.SECONDS);
            assertThat(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)).as("pid " + pid + " alive").isFalse();
        }
    }

    @Test
    void timeoutDefaultsToDelayLoop() {
        var m = new CheckerSettings.Misc(new CheckerSettings.Timing(7000, 0, 1000, 0), List.of("/bin/true"), 0, false, null);
        assertThat(m.effectiveTimeoutMillis()).isEqualTo(7000);
    }

    @Test
    void runsAsTheConfiguredUser(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "SKIPPED: running a script as another user needs root");
        Path s = script(dir, "who.sh", "[ \"$(id -un)\" = nobody ]");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(run(new CheckerSettings.Misc(T, List.of(s.toString()), 2000, false, "nobody"))).isInstanceOf(ProbeResult.Up.class);
        assertThat(run(new CheckerSettings.Misc(T, List.of(s.toString()), 2000, false, null))).isInstanceOf(ProbeResult.Down.class);
    }
}
