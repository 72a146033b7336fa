package io.vigil.lab.seed;

import io.vigil.lab.Uml;
import io.vigil.lab.UmlGuest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/guide.md, run: every command of the operator's guide, in order, on two directors, two real servers and a
 * client inside a user-mode-linux guest (its kernel has IPVS, for the guide's DR set-up). {@link GuideScriptTest}
 * checks that every block is annotated and that the Chinese guide has the same steps. Skipped where not root, where
 * user-mode-linux or a tool the guide uses is missing.
 */
@Tag("uml")
class GuideLabTest {
    @Test
    @Timeout(600)
    void theGuideRunsAsWritten() {
        SeedLabs.assumeTools();
        for (String tool : List.of("ipvsadm", "wrk", "rsyslogd", "nsenter", "curl")) SeedLabs.assume(tool);
        Uml.assumeAvailable();
        Uml.Result boot = Uml.run(Duration.ofSeconds(60), List.of("--no-ipvs"), "echo guest-up");
        Assumptions.assumeTrue(boot.exitCode() == 0 && boot.output().contains("guest-up"),
                () -> "SKIPPED: the user-mode-linux guest cannot boot here (exit " + boot.exitCode() + "):\n" + boot.output());

        Uml.Result r = Uml.run(Duration.ofSeconds(540), Uml.javaCommand(GuideGuest.class, Path.of("docs/guide.md").toAbsolutePath().toString()));
        System.out.println("guest run took " + r.wallMillis() + " ms, exit " + r.exitCode() + "\n" + r.output());
        assertThat(UmlGuest.results(r.output())).as("guest output:\n%s", r.output()).containsEntry("guide", "PASS");
        assertThat(r.exitCode()).as(r.output()).isZero();
        // The run reached the failover and the logs, and showed what the guide says it shows.
        assertThat(r.output()).contains("[guide]   lb2: ", "held here (MASTER)", "VI_1 MASTER; 2/2 real servers up", "Entering BACKUP STATE");
    }
}
