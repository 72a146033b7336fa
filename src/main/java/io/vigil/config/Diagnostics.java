package io.vigil.config;

import java.util.ArrayList;
import java.util.List;

/** Collects diagnostics while a configuration is read; never throws. */
final class Diagnostics {
    /** Stop collecting after this many, so a binary file does not produce a million lines. */
    static final int MAX_DIAGNOSTICS = 1000;

    private final List<Diagnostic> list = new ArrayList<>();
    private int errorCount;

    void error(SourcePos pos, String message, String offending) {
        add(new Diagnostic(Diagnostic.Severity.ERROR, pos, message, nz(offending), ""));
    }

    void error(SourcePos pos, String message, String offending, String hint) {
        add(new Diagnostic(Diagnostic.Severity.ERROR, pos, message, nz(offending), nz(hint)));
    }

    void warning(SourcePos pos, String message, String offending) {
        add(new Diagnostic(Diagnostic.Severity.WARNING, pos, message, nz(offending), ""));
    }

    void warning(SourcePos pos, String message, String offending, String hint) {
        add(new Diagnostic(Diagnostic.Severity.WARNING, pos, message, nz(offending), nz(hint)));
    }

    void add(Diagnostic d) {
        if (d.isError()) {
            errorCount++;
        }
        if (list.size() < MAX_DIAGNOSTICS) {
            list.add(d);
        } else if (list.size() == MAX_DIAGNOSTICS) {
            list.add(new Diagnostic(Diagnostic.Severity.ERROR, d.pos(), "too many diagnostics, stopped listing", "", ""));
        }
    }

    boolean hasErrors() {
        return errorCount > 0;
    }

    List<Diagnostic> list() {
        return List.copyOf(list);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
