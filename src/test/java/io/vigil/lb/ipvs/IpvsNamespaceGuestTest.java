package io.vigil.lb.ipvs;

import io.vigil.lab.Uml;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

/**
 * net_namespace_ipvs for real, in a user-mode-linux guest (a kernel with ip_vs): the daemon's IPVS rules land in the
 * named namespace. Skipped where user-mode-linux is not installed.
 */
@Tag("uml")
class IpvsNamespaceGuestTest {
    @Test
    void theDaemonProgramsIpvsInNetNamespaceIpvs() {
        Uml.Result r = Uml.runJava(Duration.ofMinutes(5), IpvsNamespaceGuestChecks.class);
        IpvsGuestTest.assertAllPassed(r, "net-namespace-ipvs");
    }
}
