package io.vigil.lb.ipvs;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** On this machine's kernel, which has no IPVS at all: the probe says so instead of failing. */
class IpvsHostProbeTest {
    @Test
    void aKernelWithoutIpvsIsReportedAsSuch() {
        assumeTrue(!Files.exists(Path.of("/proc/net/ip_vs")), "this kernel has IPVS; the probe's negative case cannot be seen here");
        assertThat(IpvsKernel.available()).isFalse();
        assertThat(IpvsDataPlane.open(null)).isEmpty();
    }
}
