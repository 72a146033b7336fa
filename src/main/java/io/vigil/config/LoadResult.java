package io.vigil.config;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What reading a configuration gave: the model when there is no error, and every diagnostic.
 * {@link #effectiveConfig()} is the text {@code -d} prints (includes, variables and defaults applied),
 * computed on first use.
 */
public final class LoadResult {
    private final Optional<KeepalivedConfig> config;
    private final List<Diagnostic> diagnostics;
    private Supplier<String> dump;
    private String effective;

    LoadResult(Optional<KeepalivedConfig> config, List<Diagnostic> diagnostics, Supplier<String> dump) {
        this.config = config;
        this.diagnostics = diagnostics;
        this.dump = dump;
    }

    public Optional<KeepalivedConfig> config() {
        return config;
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    public synchronized String effectiveConfig() {
        if (effective == null) {
            effective = dump.get();
            dump = null;
        }
        return effective;
    }

    public boolean isValid() {
        return config.isPresent();
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.WARNING).toList();
    }

    /** Keywords that do not apply to Vigil, once each, with the reason. */
    public List<Diagnostic> notes() {
        return diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.NOTE).toList();
    }
}
