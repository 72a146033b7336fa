package io.vigil.config;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared folder beside the project (surefire sets vigil.shared); tests skip when it is absent. */
final class SharedCorpus {
    private SharedCorpus() {
    }

    static Path shared() {
        String p = System.getProperty("vigil.shared", "../shared");
        Path dir = Path.of(p);
        Assumptions.assumeTrue(Files.isDirectory(dir.resolve("corpus/keepalived-samples")),
                "shared corpus not found at " + dir.toAbsolutePath() + " (set -Dvigil.shared); skipping");
        return dir;
    }
}
