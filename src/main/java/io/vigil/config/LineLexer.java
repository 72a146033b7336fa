package io.vigil.config;

import java.util.ArrayList;
import java.util.List;

/**
 * One physical line's lexical rules, as keepalived's {@code decomment()} and {@code alloc_strvec()}:
 * comments, escaped comment characters, a trailing continuation '\\', and splitting into tokens.
 */
final class LineLexer {
    private LineLexer() {
    }

    record Decommented(String text, int offset) { }

    /** Removes comments, escapes of comment characters, and surrounding blanks; keeps a trailing '\'. */
    static Decommented decomment(String line, SourcePos start, Diagnostics diags) {
        int offset = 0;
        while (offset < line.length() && (line.charAt(offset) == ' ' || line.charAt(offset) == '\t')) {
            offset++;
        }
        if (!hasSpecial(line, offset)) {
            return new Decommented(Preprocessor.stripTrailingBlanks(line.substring(offset)), offset);
        }
        StringBuilder sb = new StringBuilder(line.length());
        boolean quote = false;
        boolean cont = false;
        int skip = -1;
        for (int i = offset; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (skip < 0) {
                    quote = !quote;
                }
            } else if (c == '\\') {
                if (i + 1 < line.length()) {
                    char next = line.charAt(i + 1);
                    if (!quote && (next == '#' || next == '!')) {
                        if (skip < 0) {
                            sb.append(next);
                        }
                    } else if (skip < 0) {
                        sb.append(c).append(next);
                    }
                    i++;
                    continue;
                }
                cont = true;
                break;
            } else if (!quote && skip < 0 && (c == '!' || c == '#')) {
                skip = i;
            }
            if (skip < 0) {
                sb.append(c);
            }
        }
        if (quote) {
            diags.error(new SourcePos(start.file(), start.line(), offset + 1), "unterminated quote", line.substring(offset).strip());
        }
        String text = Preprocessor.stripTrailingBlanks(sb.toString());
        return new Decommented(cont ? text + "\\" : text, offset);
    }

    /** Words split at blanks; "quoted strings" are one token without quotes; braces are tokens. */
    static List<Token> tokenize(String text, String file, int line, int baseCol, Diagnostics diags, boolean report, boolean braces) {
        return tokenize(text, 0, text.length(), null, file, line, baseCol, diags, report, braces);
    }

    /**
     * As {@link #tokenize(String, String, int, int, Diagnostics, boolean, boolean)} on {@code src[from, to)} without
     * copying the line first; columns count from {@code from}. Word texts come from {@code texts} when given, so the
     * keywords and small values a big configuration repeats a million times are one String each.
     */
    static List<Token> tokenize(String src, int from, int to, TokenTexts texts, String file, int line, int baseCol,
                                Diagnostics diags, boolean report, boolean braces) {
        List<Token> out = new ArrayList<>(8);
        int i = from;
        int n = to;
        String text = src;
        baseCol -= from;
        while (i < n) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\f' || c == '\r' || c == 0x0b) {
                i++;
            } else if (braces && c == '{') {
                out.add(token(file, line, baseCol, Token.Kind.OPEN, "{", i));
                i++;
            } else if (braces && c == '}') {
                out.add(token(file, line, baseCol, Token.Kind.CLOSE, "}", i));
                i++;
            } else if (c == '"') {
                int close = text.indexOf('"', i + 1);
                if (close < 0 || close >= n) {
                    if (report) {
                        diags.error(new SourcePos(file, line, baseCol + i + 1), "unmatched quote", text.substring(i, n));
                    }
                    close = n;
                }
                out.add(token(file, line, baseCol, Token.Kind.QUOTED, text.substring(i + 1, close), i));
                i = Math.min(n, close + 1);
            } else {
                int start = i;
                while (i < n && !endsWord(text.charAt(i), braces)) {
                    i++;
                }
                String word = texts == null ? text.substring(start, i) : texts.text(text, start, i);
                out.add(token(file, line, baseCol, Token.Kind.WORD, word, start));
            }
        }
        return out;
    }

    private static boolean endsWord(char c, boolean braces) {
        return c == ' ' || c == '\t' || c == '\f' || c == '\r' || c == 0x0b || c == '"' || (braces && (c == '{' || c == '}'));
    }

    /** True when the line holds a comment, quote or backslash character (the slow path of decomment). */
    private static boolean hasSpecial(String line, int from) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '!' || c == '#' || c == '"' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    private static Token token(String file, int line, int baseCol, Token.Kind kind, String text, int index) {
        return new Token(kind, text, file, line, baseCol + index + 1);
    }
}
