package io.vigil.config;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Helpers for tests: load text, assert on the outcome. */
final class Configs {
    static final LoadOptions OPTS = new LoadOptions("node1", false);

    private Configs() {
    }

    static LoadResult load(String text) {
        return ConfigLoader.loadText("test.conf", text, OPTS);
    }

    static LoadResult load(String text, LoadOptions o) {
        return ConfigLoader.loadText("test.conf", text, o);
    }

    /** Loads text that must be valid and returns the model. */
    static KeepalivedConfig valid(String text) {
        LoadResult r = load(text);
        assertThat(r.errors()).as("errors of\n%s", text).isEmpty();
        return r.config().orElseThrow();
    }

    /**
     * Loads text with --compat (refused keywords are warnings, read but not acted on) that must have no error: for
     * tests of the reader itself, on keywords Vigil refuses.
     */
    static KeepalivedConfig parsed(String text) {
        LoadResult r = load(text, OPTS.withCompat(true));
        assertThat(r.errors()).as("errors of\n%s", text).isEmpty();
        return r.config().orElseThrow();
    }

    /** Loads text that must be invalid and returns its errors. */
    static List<Diagnostic> errors(String text) {
        LoadResult r = load(text);
        assertThat(r.isValid()).as("should be invalid:\n%s", text).isFalse();
        return r.errors();
    }

    static String formatted(List<Diagnostic> ds) {
        return String.join("\n", ds.stream().map(Diagnostic::format).toList());
    }
}
