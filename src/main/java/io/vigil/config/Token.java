package io.vigil.config;

/**
 * A word of a configuration line after preprocessing; braces are tokens of their own.
 * The position is kept as plain fields (one object per token, not two: big configurations have millions).
 */
public record Token(Kind kind, String text, String file, int line, int column) {
    public enum Kind { WORD, QUOTED, OPEN, CLOSE }

    Token(Kind kind, String text, SourcePos pos) {
        this(kind, text, pos.file(), pos.line(), pos.column());
    }

    public SourcePos pos() {
        return new SourcePos(file, line, column);
    }

    public boolean isOpen() {
        return kind == Kind.OPEN;
    }

    public boolean isClose() {
        return kind == Kind.CLOSE;
    }
}
