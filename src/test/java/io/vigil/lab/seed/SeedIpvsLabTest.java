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
import java.util.regex.Pattern;

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
    @Timeout(540)
    void seedScenarioThroughIpvsDirectRoutingAndNat() {
        SeedLabs.assumeTools();
        SeedLabs.assume("ipvsadm");
        SeedLabs.assume("python3");
        Uml.assumeAvailable();
        Uml.Result boot = Uml.run(Duration.ofSeconds(60), List.of("--no-ipvs"), "echo guest-up");
        Assumptions.assumeTrue(boot.exitCode() == 0 && boot.output().contains("guest-up"),
                () -> "SKIPPED: the user-mode-linux guest cannot boot here (exit " + boot.exitCode() + "):\n" + boot.output());

        // bin/uml-run's default 768 MB: the two scenarios' peak was ~360 MB (the guest prints its minimum available memory).
        // The guest has one slow CPU and shares the host: beside a loaded suite (load 18) one scenario took 120 s.
        Uml.Result r = Uml.run(Duration.ofSeconds(480), Uml.javaCommand(SeedIpvsGuest.class));
        System.out.println("guest run took " + r.wallMillis() + " ms, exit " + r.exitCode() + "\n" + r.output());
        Map<String, String> results = UmlGuest.results(r.output());
        assertThat(results).as("checks reported by the guest:\n%s", r.output()).containsOnlyKeys("seed-ipvs-dr", "seed-ipvs-nat");
        assertThat(results).as("guest output:\n%s", r.output()).allSatisfy((name, verdict) -> assertThat(verdict).as(name).isEqualTo("PASS"));
        assertThat(r.exitCode()).as(r.output()).isZero();
        for (String label : List.of("ipvs-dr", "ipvs-nat")) {
            // Every step reported its measurement (the scenario asserts on each inside the guest).
            String tag = "[seed-lab " + label + "] ";
            assertThat(r.output()).contains(tag + "ipvsadm -Ln in lb", tag + "spread over ", tag + "rs2 killed: the checker removed it",
                    tag + "rs2 restarted");
            // lvs_sync_daemon: master daemon on the MASTER, backup daemon on the other; the survivor then runs a master one,
            // its restarted checker child starts it again, and none is left once it stopped on SIGTERM.
            assertThat(r.output()).containsPattern(Pattern.quote(tag) + "ipvsadm -L --daemon: lb[12] \\(MASTER\\) \\[master sync daemon \\(mcast=eth0, syncid=1[,)].*\\], lb[12] \\[backup sync daemon \\(mcast=eth0, syncid=1[,)]")
                    .containsPattern(Pattern.quote(tag) + "ipvsadm -L --daemon after the failover: lb[12] \\[master sync daemon \\(mcast=eth0, syncid=1[,)][^;]*\\]")
                    .containsPattern(Pattern.quote(tag) + "lb[12]'s checker child SIGKILLed after its master daemon was stopped: the restarted one \\(pid \\d+\\) ran the master daemon \\d+ ms after the kill \\[master sync daemon")
                    .containsPattern(Pattern.quote(tag) + "lb[12] stopped on SIGTERM after \\d+ ms: ipvsadm -L --daemon \\[\\]");
            // Either director may have been the master; its whole daemon (parent, VRRP and checker children) was killed.
            assertThat(r.output()).containsPattern(Pattern.quote(tag) + "lb[12]'s IPVS service counted \\d+ new connections since the kill")
                    .containsPattern(Pattern.quote(tag) + "lb[12] killed \\(3 processes\\): lb[12] took the VIP");
        }
    }
}
