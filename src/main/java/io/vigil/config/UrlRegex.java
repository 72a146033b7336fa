package io.vigil.config;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A url's regex, regex_options, regex_min_offset and regex_max_offset (keepalived's check_http.c), for java.util.regex.
 * Each PCRE2 option keepalived 2.2.7 knows maps onto a Java flag with the same meaning, is without effect on whether and
 * where a match is found (optimisation and callout switches, checks of what the pattern may contain), or is refused
 * with the reason; a word keepalived does not know is ignored by it, and warned about here. The pattern always runs
 * with UNIX_LINES, as PCRE2 built with its default newline (LF): {@code .}, {@code ^} and {@code $} know only {@code \n}.
 */
final class UrlRegex {
    private UrlRegex() {}

    private static final int NO_EFFECT = 0;

    /** PCRE2 option -> Java flag (NO_EFFECT: the result does not depend on it); absent: refused (see REFUSED). */
    private static final Map<String, Integer> MAPPED = Map.ofEntries(
            Map.entry("caseless", Pattern.CASE_INSENSITIVE), Map.entry("multiline", Pattern.MULTILINE),
            Map.entry("dotall", Pattern.DOTALL), Map.entry("extended", Pattern.COMMENTS),
            Map.entry("firstline", NO_EFFECT), Map.entry("no_auto_capture", NO_EFFECT),
            Map.entry("auto_callout", NO_EFFECT), Map.entry("no_auto_possess", NO_EFFECT), Map.entry("no_dotstar_anchor", NO_EFFECT),
            Map.entry("no_start_optimize", NO_EFFECT), Map.entry("never_utf", NO_EFFECT), Map.entry("never_ucp", NO_EFFECT),
            Map.entry("never_backslash_c", NO_EFFECT), Map.entry("dupnames", NO_EFFECT), Map.entry("use_offset_limit", NO_EFFECT));

    private static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("ungreedy", "java.util.regex has no flag that inverts the greediness of quantifiers"),
            Map.entry("dollar_endonly", "java.util.regex's $ also matches before a final newline, and has no flag to stop it"),
            Map.entry("alt_bsux", "java.util.regex reads \\U, \\u and \\x as Java escapes, not JavaScript's"),
            Map.entry("allow_empty_class", "java.util.regex has no empty character class []"),
            Map.entry("match_unset_backref", "in java.util.regex a reference to an unset group never matches"),
            Map.entry("alt_circumflex", "java.util.regex's multiline ^ never matches after a final newline"),
            Map.entry("alt_verbnames", "java.util.regex has no backtracking verbs"),
            Map.entry("utf", "the body is matched byte for byte (Latin-1), not decoded as UTF-8"),
            Map.entry("ucp", "the body is matched byte for byte (Latin-1): no Unicode properties for \\d, \\w, \\s"));

    static final String OPTIONS_DOC = "caseless, multiline, dotall and extended as the Java flags of the same meaning; firstline"
            + " (a match must start at or before the first newline); no_auto_capture, auto_callout, no_auto_possess,"
            + " no_dotstar_anchor, no_start_optimize, never_utf, never_ucp, never_backslash_c, dupnames and use_offset_limit"
            + " change nothing in the result. Refused (no faithful equivalent): " + String.join(", ", new java.util.TreeSet<>(REFUSED.keySet())) + ".";

    static Optional<Checker.Regex> read(Section u, Diagnostics diags, boolean compat) {
        String pattern = u.get(CheckerSchema.REGEX);
        boolean any = u.isSet(CheckerSchema.REGEX_OPTIONS) || u.isSet(CheckerSchema.REGEX_MIN_OFFSET) || u.isSet(CheckerSchema.REGEX_MAX_OFFSET)
                || u.get(CheckerSchema.REGEX_NO_MATCH);
        if (pattern == null) {
            if (any) diags.warning(u.pos(), "regex parameters specified without regex: ignored, as keepalived", "url");
            return Optional.empty();
        }
        int flags = Pattern.UNIX_LINES;
        boolean firstLine = false;
        String options = u.get(CheckerSchema.REGEX_OPTIONS);
        if (options != null) {
            SourcePos at = u.posOf(CheckerSchema.REGEX_OPTIONS);
            for (String o : options.strip().split("\\s+")) {
                if (o.isEmpty()) continue;
                Integer flag = MAPPED.get(o);
                if (flag != null) {
                    flags |= flag;
                    firstLine |= o.equals("firstline");
                } else if (REFUSED.containsKey(o)) {
                    if (compat) diags.warning(at, "regex option " + o + " refused by Vigil, running without it (--compat)", o, REFUSED.get(o));
                    else diags.error(at, "regex option " + o + " refused by Vigil", o, REFUSED.get(o) + "; --compat runs without it");
                } else {
                    diags.warning(at, "regex option " + o + " is not a PCRE2 option keepalived knows: ignored, as keepalived", o);
                }
            }
            if (options.contains("extended") && (flags & Pattern.COMMENTS) != 0 && blankInClass(pattern)) {
                diags.error(at, "regex option extended with a blank inside [...]: PCRE2 keeps it, java.util.regex would drop it", "extended",
                        "write the blank as \\x20 (or \\s)");
            }
            if (options.contains("no_auto_capture") && pattern.matches("(?s).*\\\\[1-9].*")) {
                diags.error(at, "regex option no_auto_capture with a numbered back reference: PCRE2 and java.util.regex disagree on it",
                        "no_auto_capture", "name the group and use \\k<name>");
            }
        }
        try {
            Pattern.compile(pattern, flags);
        } catch (PatternSyntaxException e) {
            diags.error(u.posOf(CheckerSchema.REGEX), "invalid regex: " + e.getDescription() + " at index " + e.getIndex(), pattern);
            return Optional.empty();
        }
        int min = u.isSet(CheckerSchema.REGEX_MIN_OFFSET) ? u.get(CheckerSchema.REGEX_MIN_OFFSET) : 0;
        int max = u.isSet(CheckerSchema.REGEX_MAX_OFFSET) ? u.get(CheckerSchema.REGEX_MAX_OFFSET) : -1;
        if (max >= 0 && min > max) {
            diags.warning(u.posOf(CheckerSchema.REGEX_MIN_OFFSET), "regex_min_offset " + min + " is beyond regex_max_offset " + max
                    + ": both ignored, as keepalived", "regex_min_offset");
            min = 0;
            max = -1;
        }
        return Optional.of(new Checker.Regex(pattern, flags, firstLine, min, max));
    }

    /** A blank inside a bracket expression (escapes skipped). */
    private static boolean blankInClass(String p) {
        int depth = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') i++;
            else if (c == '[') depth++;
            else if (c == ']' && depth > 0) depth--;
            else if (depth > 0 && Character.isWhitespace(c)) return true;
        }
        return false;
    }
}
