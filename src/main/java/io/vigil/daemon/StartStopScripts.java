package io.vigil.daemon;

import io.vigil.config.GlobalDefs;
import io.vigil.config.Script;
import io.vigil.sys.ScriptRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * keepalived's {@code startup_script} and {@code shutdown_script}, run by the parent and waited for: the first before
 * the VRRP and checker processes start their work, the second once they have stopped. A script that fails or times out
 * is logged, and the start or stop goes on, as in keepalived.
 */
final class StartStopScripts {
    private static final Logger LOG = LoggerFactory.getLogger(StartStopScripts.class);
    private static final ScriptRunner RUNNER = new ScriptRunner();

    private StartStopScripts() {}

    static void startup(GlobalDefs.StartStopScripts scripts) {
        run("startup", scripts.startup(), scripts.startupTimeoutSeconds());
    }

    static void shutdown(GlobalDefs.StartStopScripts scripts) {
        run("shutdown", scripts.shutdown(), scripts.shutdownTimeoutSeconds());
    }

    private static void run(String type, Optional<Script> script, int timeoutSeconds) {
        if (script.isEmpty()) return;
        Script s = script.get();
        LOG.info("Running {} script {}", type, s.command());
        ScriptRunner.Outcome outcome = RUNNER.run(CommandWords.split(s.command()), ScriptPolicySetting.userOf(s).orElse(null), timeoutSeconds * 1000L);
        switch (outcome) {
            case ScriptRunner.Outcome.Exited e when e.code() == 0 -> LOG.info("{} script succeeded", type);
            case ScriptRunner.Outcome.Exited e -> LOG.info("{} script failed, status {}", type, e.code());
            case ScriptRunner.Outcome.TimedOut t -> LOG.info("{} script timed out after {} s ({} process(es) killed)", type, timeoutSeconds,
                    t.processesKilled());
            case ScriptRunner.Outcome.FailedToStart f -> LOG.info("Call of {} script {} failed: {}", type, s.command(), f.reason());
        }
    }
}
