package io.vigil.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The gate every configuration passes before it is started or reloaded: its error diagnostics. */
final class ConfigValidation {
    private ConfigValidation() {}

    static List<String> errors(Path configFile) {
        if (!Files.isReadable(configFile)) return List.of(configFile + ": cannot read the configuration file");
        return List.of();
    }
}
