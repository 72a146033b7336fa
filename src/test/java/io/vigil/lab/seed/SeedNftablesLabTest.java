package io.vigil.lab.seed;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;

/** The seed's scenario on the nftables back end (NAT, gateway VIP in a sync group). See {@link SeedScenario}. */
class SeedNftablesLabTest {
    @Test
    @Timeout(150)
    void seedScenarioThroughNftables() throws Exception {
        SeedLabs.assumeTools();
        SeedLabs.assume("nft");
        Path dir = Files.createTempDirectory("vigil-seed-nft");
        SeedScenario scenario = null;
        try (Lab lab = Lab.create()) {
            scenario = new SeedScenario(lab, dir, SeedPlane.NFTABLES);
            scenario.run();
        } catch (Throwable t) {
            if (scenario != null) System.out.println(scenario.logs());
            throw t;
        } finally {
            SeedScenario.deleteTree(dir);
        }
    }
}
