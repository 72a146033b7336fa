package io.vigil.check.probe;

import io.vigil.check.CheckerSettings;
import io.vigil.check.ProbeResult;
import io.vigil.sys.ScriptRunner;

/**
 * MISC_CHECK: exit 0 is up, anything else down; with misc_dynamic an exit of 2..255 is up with weight exit-2
 * (keepalived check_misc.c). A script still running at misc_timeout is killed with its children: a failure.
 */
public final class MiscProbe implements Probe {
    private final CheckerSettings.Misc settings;
    private final ScriptRunner scripts;

    MiscProbe(CheckerSettings.Misc settings, ScriptRunner scripts) {
        this.settings = settings;
        this.scripts = scripts;
    }

    @Override
    public ProbeResult check() {
        String name = "MISC_CHECK [" + settings.command().getFirst() + "]";
        return switch (scripts.run(settings.command(), settings.user(), settings.effectiveTimeoutMillis())) {
            case ScriptRunner.Outcome.Exited e when e.code() == 0 -> new ProbeResult.Up(name + " succeeded");
            case ScriptRunner.Outcome.Exited e when settings.dynamic() && e.code() >= 2 && e.code() <= 255 ->
                    new ProbeResult.Weight(e.code() - 2, name + " succeeded with exit " + e.code());
            case ScriptRunner.Outcome.Exited e -> new ProbeResult.Down(name + " failed (exited with status " + e.code() + ")");
            case ScriptRunner.Outcome.TimedOut t ->
                    new ProbeResult.Down(name + " timed out after " + t.afterMillis() + " ms (killed " + t.processesKilled() + " processes)");
            case ScriptRunner.Outcome.FailedToStart f -> new ProbeResult.Down(name + " could not run: " + f.reason());
        };
    }
}
