package io.vigil.config;

import java.util.List;

/**
 * The words a value type parses, with the keyword they belong to, and where to report problems. The words of a
 * {@link Keyword#isSecret() secret} keyword are never quoted in a diagnostic (they reach -t output and logs).
 */
record Args(Token keyword, List<Token> words, Diagnostics diags, boolean secret) {
    Args(Token keyword, List<Token> words, Diagnostics diags) {
        this(keyword, words, diags, false);
    }

    /** What a diagnostic may quote of argument i. */
    private String offending(int i) {
        if (i >= words.size()) return keyword.text();
        return secret ? "(secret, not shown)" : words.get(i).text();
    }

    int size() {
        return words.size();
    }

    Token get(int i) {
        return words.get(i);
    }

    String text(int i) {
        return words.get(i).text();
    }

    /** Position for a problem with argument i (or the keyword when there is no such argument). */
    SourcePos pos(int i) {
        return i < words.size() ? words.get(i).pos() : keyword.pos();
    }

    /** Reports an error at argument i and returns null, so parsers can {@code return a.error(...)}. */
    <T> T error(int i, String message) {
        diags.error(pos(i), message, offending(i));
        return null;
    }

    <T> T errorHint(int i, String message, String hint) {
        diags.error(pos(i), message, offending(i), hint);
        return null;
    }

    void warning(int i, String message) {
        diags.warning(pos(i), message, offending(i));
    }

    /** Checks the argument count; reports and returns false when outside [min, max]. */
    boolean count(int min, int max) {
        if (words.size() < min) {
            diags.error(keyword.pos(), "'" + keyword.text() + "' is missing " + (min == 1 ? "its value" : "values")
                    + " (expects " + (min == max ? min : min + ".." + max) + ")", keyword.text());
            return false;
        }
        if (words.size() > max) {
            diags.error(words.get(max).pos(), "'" + keyword.text() + "' has too many values (expects at most " + max + ")",
                    offending(max));
            return false;
        }
        return true;
    }

    String joined(int from) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < words.size(); i++) {
            if (i > from) {
                sb.append(' ');
            }
            sb.append(words.get(i).text());
        }
        return sb.toString();
    }
}
