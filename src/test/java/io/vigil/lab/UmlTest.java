package io.vigil.lab;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** bin/uml-run's contract: output and exit code come back, ip_vs and scheduler modules load. One boot per test. */
@Tag("uml")
class UmlTest {

    @Test
    void outputAndExitCodeComeBackAndModulesAutoload() {
        Uml.Result r = Uml.run(Duration.ofMinutes(1), "echo to-stdout; echo to-stderr >&2; uname -r;"
                + " ipvsadm -A -t 198.18.0.1:80 -s lblcr && grep -o '^ip_vs_lblcr' /proc/modules; exit 7");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(7);
        assertThat(r.output()).contains("to-stdout", "to-stderr", "6.1.", "ip_vs_lblcr");
    }

    @Test
    void theHostFileSystemIsReadOnlyAndTheGuestHasItsOwnTmp() {
        Uml.Result r = Uml.run(Duration.ofMinutes(1), List.of("--no-ipvs"),
                "touch /etc/uml-write-test 2>/dev/null && echo host-writable || echo host-read-only;"
                        + " touch /tmp/x && echo tmp-writable; grep -c '^ip_vs ' /proc/modules; true");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("host-read-only", "tmp-writable").doesNotContain("host-writable");
        assertThat(r.output().lines().toList()).contains("0"); // --no-ipvs: ip_vs not loaded
    }
}
