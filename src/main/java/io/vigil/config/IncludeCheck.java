package io.vigil.config;

import java.util.List;

/**
 * keepalived's {@code include_check [[+|-]read|match|wildcard_match|brace_match ...]} and the include variants'
 * checks: which include problems are errors (the others are warnings). {@link #READ}: a match that is a directory, not
 * a regular file, executable or unreadable; {@link #MATCH}: a file named without wildcards is missing;
 * {@link #WILDCARD}: a wildcard matches nothing; {@link #BRACE}: some alternative of a brace expansion is missing.
 */
final class IncludeCheck {
    static final int READ = 1, MATCH = 2, WILDCARD = 4, BRACE = 8, ALL = READ | MATCH | WILDCARD | BRACE;
    private static final List<String> NAMES = List.of("read", "match", "wildcard_match", "brace_match");

    private IncludeCheck() {}

    /** The checks an include line's keyword adds: include none, includer read, includem/w/b read and theirs, includea all. */
    static int ofInclude(String keyword) {
        return switch (keyword) {
            case "includer" -> READ;
            case "includem" -> READ | MATCH;
            case "includew" -> READ | MATCH | WILDCARD;
            case "includeb" -> READ | BRACE;
            case "includea" -> ALL;
            default -> 0;
        };
    }

    /**
     * The setting after an {@code include_check} line: no word means all; a bare word (first only) sets read and it;
     * +word adds, -word removes. Unknown or misplaced words change nothing (the keyword's parser reports them).
     */
    static int apply(int current, List<String> words) {
        if (words.isEmpty()) return ALL;
        int checks = current;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            char sign = w.isEmpty() ? ' ' : w.charAt(0);
            int flag = flag(sign == '+' || sign == '-' ? w.substring(1) : w);
            if (flag == 0) continue;
            if (sign == '+') checks |= flag;
            else if (sign == '-') checks &= ~flag;
            else if (i == 0) checks = READ | flag;
        }
        return checks;
    }

    private static int flag(String name) {
        int i = NAMES.indexOf(name);
        return i < 0 ? 0 : 1 << i;
    }

    /** The keyword's value: checks the words, keeps them as written. */
    static ValueType<String> type() {
        return new ValueType<>() {
            @Override
            public String parse(Args a) {
                StringBuilder out = new StringBuilder();
                for (int i = 0; i < a.size(); i++) {
                    String w = a.text(i);
                    boolean signed = w.startsWith("+") || w.startsWith("-");
                    if (flag(signed ? w.substring(1) : w) == 0) {
                        return a.error(i, "unknown include_check type (read, match, wildcard_match, brace_match, each optionally after + or -)");
                    }
                    if (!signed && i > 0) return a.error(i, "only the first include_check type may be given without + or -");
                    out.append(i == 0 ? "" : " ").append(w);
                }
                return out.toString();
            }

            @Override
            public String syntax() {
                return "[[+|-]read|match|wildcard_match|brace_match ...]";
            }
        };
    }
}
