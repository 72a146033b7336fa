package io.vigil.lb.ipvs;

import io.vigil.lab.Uml;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

/** persistence_engine against a real kernel: one user-mode-linux guest (skipped where user-mode-linux is not installed). */
@Tag("uml")
class IpvsPersistenceEngineGuestTest {
    @Test
    void sipEngineIsSetEditedAndReadBackAsKeepalivedSetsIt() {
        Uml.Result r = Uml.runJava(Duration.ofMinutes(3), IpvsPersistenceEngineGuestChecks.class);
        IpvsGuestTest.assertAllPassed(r, "keepalived-sets-sip", "vigil-sets-edits-and-reads-back-sip", "unknown-engine-refused-by-the-kernel");
    }
}
