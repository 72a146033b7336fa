package io.vigil.lab.seed;

import io.vigil.lab.Uml;
import io.vigil.lab.UmlGuest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Netem delay, jitter, reordering and duplication on the MASTER's link, and wall-clock jumps forward and back, under a
 * running pair (issue #12), in a user-mode-linux guest: this kernel has no netem, and its clock is the host's
 * ({@link NetemClockGuest} has the scenario). Skipped where not root, where user-mode-linux or a lab tool is missing, or
 * where the guest cannot boot.
 */
@Tag("uml")
class NetemClockLabTest {

    @Test
    @Timeout(480)
    void delayJitterReorderingAndClockJumpsCauseNoTransition() {
        SeedLabs.assumeTools();
        for (String tool : List.of("nginx", "tcpdump", "tc")) SeedLabs.assume(tool);
        Uml.assumeAvailable();
        Uml.Result boot = Uml.run(Duration.ofSeconds(60), List.of("--no-ipvs"), "echo guest-up");
        Assumptions.assumeTrue(boot.exitCode() == 0 && boot.output().contains("guest-up"),
                () -> "SKIPPED: the user-mode-linux guest cannot boot here (exit " + boot.exitCode() + "):\n" + boot.output());

        Uml.Result r = Uml.run(Duration.ofSeconds(420), List.of("--no-ipvs"), Uml.javaCommand(NetemClockGuest.class));
        System.out.println("guest run took " + r.wallMillis() + " ms, exit " + r.exitCode() + "\n" + r.output());
        assertThat(UmlGuest.results(r.output())).as("guest output:\n%s", r.output()).containsExactly(Map.entry("netem-clock", "PASS"));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("[netem-clock] ok: no transition under delay", "[netem-clock] ok: no transition across the clock jumps",
                "[netem-clock] ok: real server stopped after the backward jump");
    }
}
