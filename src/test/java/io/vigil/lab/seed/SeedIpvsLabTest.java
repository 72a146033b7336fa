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
 * The seed's scenario on the IPVS data plane, DR and NAT (issue #5): this kernel has no IPVS, so the whole scenario (two
 * directors running the whole daemon, two real servers, the client) runs inside one user-mode-linux guest, in network
 * namespaces of the guest ({@link SeedIpvsGuest}). Skipped where not root, where user-mode-linux or a lab tool is missing,
 * or where the guest cannot boot.
 */
@Tag("uml")
class SeedIpvsLabTest {

    @Test
    @Timeout(240)
    void seedScenarioThroughIpvsDirectRoutingAndNat() {
        SeedLabs.assumeTools();
        SeedLabs.assume("ipvsadm");
        SeedLabs.assume("python3");
        Uml.assumeAvailable();
        Uml.Result boot = Uml.run(Duration.ofSeconds(60), List.of("--no-ipvs"), "echo guest-up");
        Assumptions.assumeTrue(boot.exitCode() == 0 && boot.output().contains("guest-up"),
                () -> "SKIPPED: the user-mode-linux guest cannot boot here (exit " + boot.exitCode() + "):\n" + boot.output());

        Uml.Result r = Uml.run(Duration.ofSeconds(200), List.of("--mem", "1G"), Uml.javaCommand(SeedIpvsGuest.class));
        System.out.println("guest run took " + r.wallMillis() + " ms, exit " + r.exitCode() + "\n" + r.output());
        Map<String, String> results = UmlGuest.results(r.output());
        assertThat(results).as("checks reported by the guest:\n%s", r.output()).containsOnlyKeys("seed-ipvs-dr", "seed-ipvs-nat");
        assertThat(results).as("guest output:\n%s", r.output()).allSatisfy((name, verdict) -> assertThat(verdict).as(name).isEqualTo("PASS"));
        assertThat(r.exitCode()).as(r.output()).isZero();
        for (String label : List.of("ipvs-dr", "ipvs-nat")) {
            // Every step reported its measurement (the scenario asserts on each inside the guest).
            assertThat(r.output()).contains("[seed-lab " + label + "] ipvsadm -Ln in lb", "[seed-lab " + label + "] spread over 3 s",
                    "[seed-lab " + label + "] rs2 killed", "[seed-lab " + label + "] lb", "[seed-lab " + label + "] rs2 restarted");
        }
    }
}
