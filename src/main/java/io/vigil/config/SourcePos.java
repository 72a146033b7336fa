package io.vigil.config;

/** A place in a configuration file: {@code file:line:col}, both 1-based. */
public record SourcePos(String file, int line, int column) {
    public static final SourcePos NONE = new SourcePos("<none>", 0, 0);

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
