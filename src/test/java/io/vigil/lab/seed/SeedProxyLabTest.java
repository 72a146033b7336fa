package io.vigil.lab.seed;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;

/** The seed's scenario on the userspace proxy: {@code examples/seed-lab.conf} unchanged. See {@link SeedScenario}. */
class SeedProxyLabTest {
    @Test
    @Timeout(150)
    void seedScenarioThroughTheProxy() throws Exception {
        SeedLabs.assumeTools();
        Path dir = Files.createTempDirectory("vigil-seed-proxy");
        SeedScenario scenario = null;
        try (Lab lab = Lab.create()) {
            scenario = new SeedScenario(lab, dir, SeedPlane.PROXY);
            scenario.run();
        } catch (Throwable t) {
            if (scenario != null) System.out.println(scenario.logs());
            throw t;
        } finally {
            SeedScenario.deleteTree(dir);
        }
    }
}
