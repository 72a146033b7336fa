package io.vigil.config;

import java.util.ArrayList;
import java.util.List;

/** Collects diagnostics while a configuration is read; never throws. */
final class Diagnostics {
    /** Stop collecting after this many, so a binary file does not produce a million lines. */
    static final int MAX_DIAGNOSTICS = 1000;

    private final List<Diagnostic> list = new ArrayList<>();
    private int errorCount;
    /** A buffer keeps diagnostics to hand to {@link #addAll} later: no "too many" entry of its own. */
    private final boolean buffer;
    /** Errors a buffer counted beyond what it keeps (the collector it is added to would drop them too). */
    private int unlistedErrors;

    Diagnostics() {
        this(false);
    }

    private Diagnostics(boolean buffer) {
        this.buffer = buffer;
    }

    /** A collector whose diagnostics are later appended, in order, to another with {@link #addAll}. */
    static Diagnostics buffer() {
        return new Diagnostics(true);
    }

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

    void note(SourcePos pos, String message, String offending, String hint) {
        add(new Diagnostic(Diagnostic.Severity.NOTE, pos, message, nz(offending), nz(hint)));
    }

    void add(Diagnostic d) {
        if (d.isError()) {
            errorCount++;
        }
        if (buffer) {
            // one more than the target can list, so it still writes its "too many" entry at the same place
            if (list.size() <= MAX_DIAGNOSTICS) {
                list.add(d);
            } else if (d.isError()) {
                unlistedErrors++;
            }
            return;
        }
        if (list.size() < MAX_DIAGNOSTICS) {
            list.add(d);
        } else if (list.size() == MAX_DIAGNOSTICS) {
            list.add(new Diagnostic(Diagnostic.Severity.ERROR, d.pos(), "too many diagnostics, stopped listing", "", ""));
        }
    }

    /** Appends what a {@link #buffer()} collected, exactly as if it had been reported here after what is here. */
    void addAll(Diagnostics later) {
        for (Diagnostic d : later.list) {
            add(d);
        }
        errorCount += later.unlistedErrors;
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
