package io.vigil.config;

/** A word of a configuration line after preprocessing; braces are tokens of their own. */
public record Token(Kind kind, String text, SourcePos pos) {
    public enum Kind { WORD, QUOTED, OPEN, CLOSE }

    public boolean isOpen() {
        return kind == Kind.OPEN;
    }

    public boolean isClose() {
        return kind == Kind.CLOSE;
    }
}
