package io.vigil.config;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files of the shared folder beside the project (surefire sets vigil.shared): keepalived's sample configurations and
 * the seed's example, which the project does not carry. A test that needs one skips, saying so, where it is absent
 * (a fresh clone has no ../shared).
 */
final class SharedCorpus {
    private SharedCorpus() {
    }

    /** {@code relative} inside the shared folder; skips the calling test when it does not exist. */
    static Path file(String relative) {
        Path dir = Path.of(System.getProperty("vigil.shared", "../shared"));
        Path file = dir.resolve(relative);
        Assumptions.assumeTrue(Files.exists(file), () -> "SKIPPED: " + relative + " of the shared corpus not found at "
                + file.toAbsolutePath() + " (the project does not carry it; set -Dvigil.shared to its folder)");
        return file;
    }
}
