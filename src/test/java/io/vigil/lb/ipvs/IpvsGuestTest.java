package io.vigil.lb.ipvs;

import io.vigil.lab.Uml;
import io.vigil.lab.UmlGuest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IPVS for real: each test boots one user-mode-linux guest (a 6.1 kernel with ip_vs) and runs a batch of checks
 * in a JVM inside it. Skipped where user-mode-linux is not installed.
 */
@Tag("uml")
class IpvsGuestTest {

    static void assertAllPassed(Uml.Result r, String... expectedChecks) {
        System.out.println("guest run took " + r.wallMillis() + " ms, exit " + r.exitCode() + "\n" + r.output());
        Map<String, String> results = UmlGuest.results(r.output());
        assertThat(results).as("checks reported by the guest:\n%s", r.output()).containsOnlyKeys(expectedChecks);
        assertThat(results).as("guest output:\n%s", r.output()).allSatisfy((name, verdict) -> assertThat(verdict).as(name).isEqualTo("PASS"));
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    void rulesOwnershipDaemonsTimeoutsAndKeepalivedParityAgainstIpvsadm() {
        Uml.Result r = Uml.runJava(Duration.ofMinutes(6), IpvsGuestChecks.class);
        assertAllPassed(r, "netlink-family-and-info", "rules-match-ipvsadm", "drain-edit-remove", "timeouts", "sync-daemons",
                "close-keeps-foreign", "same-config-as-keepalived", "vigil-daemon-vs-keepalived");
    }

    @Test
    void natAndDirectRoutingCarryRealTraffic() {
        Uml.Result r = Uml.runJava(Duration.ofMinutes(4), IpvsGuestTrafficChecks.class);
        assertAllPassed(r, "nat-lab", "nat-rr-alternates", "nat-wrr-3-to-1", "nat-weight-0-drains", "nat-persistence", "nat-stats",
                "nat-ipv6-rr", "dr-lab", "dr-rr-alternates", "close-removes-rules");
    }

    /** Like keepalived, Vigil loads ip_vs itself when the kernel has it as an unloaded module. */
    @Test
    void loadsTheIpVsModuleWhenItIsMissing() {
        Uml.Result r = Uml.run(Duration.ofMinutes(2), java.util.List.of("--no-ipvs"),
                "grep -c '^ip_vs ' /proc/modules; " + Uml.javaCommand(IpvsModuleLoadCheck.class) + " && grep -c '^ip_vs ' /proc/modules");
        System.out.println("guest run took " + r.wallMillis() + " ms\n" + r.output());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("IPVS version 1.2.1");
        assertThat(r.output().lines().filter(l -> l.matches("[0-9]+")).toList()).containsExactly("0", "1");
    }
}
