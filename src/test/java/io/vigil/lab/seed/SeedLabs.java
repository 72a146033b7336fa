package io.vigil.lab.seed;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Skips a seed lab test with a clear message when it cannot run here. */
final class SeedLabs {
    private SeedLabs() {}

    static void assumeTools() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "SKIPPED: seed lab tests need root (network namespaces)");
        Assumptions.assumeTrue(Files.exists(Path.of("examples/seed-lab.conf")), "SKIPPED: examples/seed-lab.conf not found (run from the project root)");
        for (String tool : List.of("socat", "curl", "ss")) assume(tool);
    }

    static void assume(String tool) {
        boolean found = false;
        for (String d : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) found |= Files.isExecutable(Path.of(d, tool));
        Assumptions.assumeTrue(found, "SKIPPED: seed lab tests need " + tool + " (installed by bin/setup)");
    }
}
