package io.vigil.daemon;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Diagnostic;
import io.vigil.config.LoadOptions;
import io.vigil.config.LoadResult;

import java.nio.file.Path;
import java.util.List;

/** The gate every configuration passes before it is started or reloaded: its error diagnostics. */
final class ConfigValidation {
    private ConfigValidation() {}

    static List<String> errors(Path configFile, LoadOptions options) {
        LoadResult result = ConfigLoader.load(configFile, options);
        List<String> errors = result.diagnostics().stream().filter(Diagnostic::isError).map(Object::toString).toList();
        if (errors.isEmpty() && result.config().isEmpty()) return List.of(configFile + ": no configuration could be read");
        return errors;
    }
}
