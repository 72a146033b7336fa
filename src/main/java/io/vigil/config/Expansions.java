package io.vigil.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * keepalived's {@code ~SEQ(var, start, step, end)}, {@code ~SEQx(...)} (hexadecimal values) and
 * {@code ~LST(var, v1, v2, ...)} / {@code ~LST({a, b}, {1, 2}, {3, 4})} line expansions.
 */
final class Expansions {
    /** The most values one expansion may produce (keepalived has no limit; a typo must not hang us). */
    static final long MAX_VALUES = 1_000_000;

    /** Receives one value set: defines var=value, then processes rest; returns false to stop. */
    interface Step {
        boolean apply(String var, String value, String rest);
    }

    private Expansions() {
    }

    static void expand(String text, SourcePos pos, Diagnostics diags, UnaryOperator<String> substitute, Step step) {
        if (text.startsWith("~SEQ")) {
            seq(text, pos, diags, substitute, step);
        } else {
            lst(text, pos, diags, substitute, step);
        }
    }

    private static void seq(String text, SourcePos pos, Diagnostics diags, UnaryOperator<String> substitute, Step step) {
        int p = 4;
        boolean hex = p < text.length() && text.charAt(p) == 'x';
        if (hex) {
            p++;
        }
        int open = skipBlanks(text, p);
        int close = text.indexOf(')', open);
        if (open >= text.length() || text.charAt(open) != '(' || close < 0) {
            diags.error(pos, "invalid ~SEQ specification", text);
            return;
        }
        String[] parts = substitute.apply(text.substring(open + 1, close)).split(",", -1);
        String var = parts[0].strip();
        if (!var.matches("[A-Za-z_][A-Za-z0-9_]*") || parts.length < 2 || parts.length > 4) {
            diags.error(pos, "invalid ~SEQ specification", text);
            return;
        }
        long[] nums = new long[parts.length - 1];
        for (int i = 1; i < parts.length; i++) {
            Long v = parseLong(parts[i].strip());
            if (v == null) {
                diags.error(pos, "invalid ~SEQ number", parts[i].strip());
                return;
            }
            nums[i - 1] = v;
        }
        long start;
        long stepBy;
        long end;
        switch (nums.length) {
            case 1 -> {
                end = nums[0];
                stepBy = end < 1 ? -1 : 1;
                start = end < 0 ? -1 : 1;
            }
            case 2 -> {
                start = nums[0];
                end = nums[1];
                stepBy = start <= end ? 1 : -1;
            }
            default -> {
                start = nums[0];
                stepBy = nums[1];
                end = nums[2];
                if (stepBy == 0 || (start < end && stepBy < 0) || (start > end && stepBy > 0)) {
                    diags.error(pos, "invalid ~SEQ values", text);
                    return;
                }
            }
        }
        if (hex && (start < 0 || end < 0)) {
            diags.error(pos, "~SEQx is only valid for positive numbers", text);
            return;
        }
        if (Math.abs((double) end - start) / Math.abs((double) stepBy) > MAX_VALUES) {
            diags.error(pos, "~SEQ produces more than " + MAX_VALUES + " values", text);
            return;
        }
        String rest = text.substring(close + 1).strip();
        for (long v = start; stepBy > 0 ? v <= end : v >= end; v += stepBy) {
            if (!step.apply(var, hex ? Long.toHexString(v) : Long.toString(v), rest)) {
                return;
            }
        }
    }

    private static void lst(String text, SourcePos pos, Diagnostics diags, UnaryOperator<String> substitute, Step step) {
        int open = skipBlanks(text, 4);
        if (open >= text.length() || text.charAt(open) != '(') {
            diags.error(pos, "invalid ~LST specification", text);
            return;
        }
        // find the ')' that closes the specification (values may hold {...} groups)
        int depth = 0;
        int close = -1;
        for (int i = open + 1; i < text.length() && close < 0; i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == ')' && depth == 0) {
                close = i;
            }
        }
        if (close < 0) {
            diags.error(pos, "invalid ~LST specification", text);
            return;
        }
        List<List<String>> items = groups(substitute.apply(text.substring(open + 1, close)));
        if (items == null || items.size() < 2) {
            diags.error(pos, "invalid ~LST specification", text);
            return;
        }
        List<String> vars = items.get(0);
        for (String v : vars) {
            if (!v.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                diags.error(pos, "invalid ~LST variable", v);
                return;
            }
        }
        String rest = text.substring(close + 1).strip();
        for (List<String> values : items.subList(1, items.size())) {
            if (values.size() != vars.size()) {
                diags.error(pos, "~LST value has " + values.size() + " parts for " + vars.size() + " variables", String.join(",", values));
                return;
            }
            // define all but the last variable directly; the last goes through the step
            for (int i = 0; i < vars.size() - 1; i++) {
                if (!step.apply(vars.get(i), values.get(i), "")) {
                    return;
                }
            }
            if (!step.apply(vars.getLast(), values.getLast(), rest)) {
                return;
            }
        }
    }

    /** Splits "a, {b, c}, d" into [[a], [b, c], [d]]; null when braces do not balance. */
    private static List<List<String>> groups(String spec) {
        List<List<String>> out = new ArrayList<>();
        int i = 0;
        while (i < spec.length()) {
            i = skipBlanks(spec, i);
            if (i >= spec.length()) {
                break;
            }
            if (spec.charAt(i) == '{') {
                int close = spec.indexOf('}', i);
                if (close < 0) {
                    return null;
                }
                List<String> g = new ArrayList<>();
                for (String s : spec.substring(i + 1, close).split(",", -1)) {
                    g.add(s.strip());
                }
                out.add(g);
                i = skipBlanks(spec, close + 1);
                if (i < spec.length() && spec.charAt(i) != ',') {
                    return null;
                }
                i++;
            } else {
                int comma = spec.indexOf(',', i);
                int end = comma < 0 ? spec.length() : comma;
                out.add(List.of(spec.substring(i, end).strip()));
                i = end + 1;
            }
        }
        return out;
    }

    private static Long parseLong(String s) {
        try {
            boolean neg = s.startsWith("-");
            String body = neg || s.startsWith("+") ? s.substring(1) : s;
            long v;
            if (body.startsWith("0x") || body.startsWith("0X")) {
                v = Long.parseLong(body.substring(2), 16);
            } else if (body.length() > 1 && body.startsWith("0")) {
                v = Long.parseLong(body.substring(1), 8);
            } else {
                v = Long.parseLong(body);
            }
            return neg ? -v : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
