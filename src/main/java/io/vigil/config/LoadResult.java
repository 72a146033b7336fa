package io.vigil.config;

import java.util.List;
import java.util.Optional;

/**
 * What reading a configuration gave: the model when there is no error, and every diagnostic in file order.
 * {@link #effectiveConfig()} is the text {@code -d} prints (includes, variables and defaults applied).
 */
public record LoadResult(Optional<KeepalivedConfig> config, List<Diagnostic> diagnostics, String effectiveConfig) {

    public boolean isValid() {
        return config.isPresent();
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }
}
