package io.vigil.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Test-scope JSON parser and JSON Schema checker, for the subset status.schema.json uses: type (one or a list), const,
 * enum, properties, required, additionalProperties (boolean or schema), patternProperties, items, $ref into $defs,
 * oneOf, minimum, maximum. Returns the violations as "path: problem" lines (empty: valid).
 */
public final class JsonSchemaCheck {
    private JsonSchemaCheck() {}

    // ---- parser: objects as LinkedHashMap, arrays as ArrayList, numbers as BigDecimal ----
    public static Object parse(String text) {
        int[] pos = {0};
        Object v = value(text, pos);
        skip(text, pos);
        if (pos[0] != text.length()) throw new IllegalArgumentException("trailing text at " + pos[0]);
        return v;
    }

    private static void skip(String s, int[] p) {
        while (p[0] < s.length() && Character.isWhitespace(s.charAt(p[0]))) p[0]++;
    }

    private static Object value(String s, int[] p) {
        skip(s, p);
        char c = s.charAt(p[0]);
        switch (c) {
            case '{' -> {
                Map<String, Object> m = new LinkedHashMap<>();
                p[0]++;
                skip(s, p);
                if (s.charAt(p[0]) == '}') {
                    p[0]++;
                    return m;
                }
                while (true) {
                    skip(s, p);
                    String k = (String) value(s, p);
                    skip(s, p);
                    if (s.charAt(p[0]++) != ':') throw new IllegalArgumentException("':' expected at " + p[0]);
                    if (m.put(k, value(s, p)) != null) throw new IllegalArgumentException("duplicate key " + k);
                    skip(s, p);
                    char d = s.charAt(p[0]++);
                    if (d == '}') return m;
                    if (d != ',') throw new IllegalArgumentException("',' expected at " + p[0]);
                }
            }
            case '[' -> {
                List<Object> l = new ArrayList<>();
                p[0]++;
                skip(s, p);
                if (s.charAt(p[0]) == ']') {
                    p[0]++;
                    return l;
                }
                while (true) {
                    l.add(value(s, p));
                    skip(s, p);
                    char d = s.charAt(p[0]++);
                    if (d == ']') return l;
                    if (d != ',') throw new IllegalArgumentException("',' expected at " + p[0]);
                }
            }
            case '"' -> {
                StringBuilder b = new StringBuilder();
                p[0]++;
                while (true) {
                    char d = s.charAt(p[0]++);
                    if (d == '"') return b.toString();
                    if (d < 0x20) throw new IllegalArgumentException("raw control character in string at " + p[0]);
                    if (d == '\\') {
                        char e = s.charAt(p[0]++);
                        switch (e) {
                            case 'n' -> b.append('\n');
                            case 't' -> b.append('\t');
                            case 'r' -> b.append('\r');
                            case 'b' -> b.append('\b');
                            case 'f' -> b.append('\f');
                            case 'u' -> {
                                b.append((char) Integer.parseInt(s.substring(p[0], p[0] + 4), 16));
                                p[0] += 4;
                            }
                            default -> b.append(e);
                        }
                    } else b.append(d);
                }
            }
            default -> {
                for (String lit : new String[]{"true", "false", "null"}) {
                    if (s.startsWith(lit, p[0])) {
                        p[0] += lit.length();
                        return lit.equals("null") ? null : Boolean.valueOf(lit);
                    }
                }
                int start = p[0];
                while (p[0] < s.length() && "+-0123456789.eE".indexOf(s.charAt(p[0])) >= 0) p[0]++;
                if (start == p[0]) throw new IllegalArgumentException("unexpected '" + c + "' at " + start);
                return new BigDecimal(s.substring(start, p[0]));
            }
        }
    }

    // ---- checker ----
    static List<String> check(Map<String, Object> root, Object instance) {
        List<String> out = new ArrayList<>();
        check(root, root, instance, "$", out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void check(Map<String, Object> root, Map<String, Object> schema, Object v, String path, List<String> out) {
        if (schema.containsKey("$ref")) {
            String ref = (String) schema.get("$ref");
            if (!ref.startsWith("#/$defs/")) throw new IllegalArgumentException("unsupported $ref " + ref);
            check(root, (Map<String, Object>) ((Map<String, Object>) root.get("$defs")).get(ref.substring(8)), v, path, out);
        }
        if (schema.containsKey("type")) {
            Object t = schema.get("type");
            List<Object> types = t instanceof List<?> l ? (List<Object>) l : List.of(t);
            if (types.stream().noneMatch(x -> is((String) x, v))) {
                out.add(path + ": " + describe(v) + " is not " + types);
                return;
            }
        }
        if (schema.containsKey("const") && !same(schema.get("const"), v)) out.add(path + ": not " + schema.get("const"));
        if (schema.containsKey("enum") && ((List<Object>) schema.get("enum")).stream().noneMatch(e -> same(e, v)))
            out.add(path + ": " + v + " not one of " + schema.get("enum"));
        if (v instanceof BigDecimal n) {
            if (schema.get("minimum") instanceof BigDecimal min && n.compareTo(min) < 0) out.add(path + ": " + n + " < " + min);
            if (schema.get("maximum") instanceof BigDecimal max && n.compareTo(max) > 0) out.add(path + ": " + n + " > " + max);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> props = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
            Map<String, Object> patterns = (Map<String, Object>) schema.getOrDefault("patternProperties", Map.of());
            for (Object r : (List<Object>) schema.getOrDefault("required", List.of()))
                if (!m.containsKey(r)) out.add(path + ": missing " + r);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = (String) e.getKey();
                boolean known = false;
                if (props.containsKey(k)) {
                    known = true;
                    check(root, (Map<String, Object>) props.get(k), e.getValue(), path + "." + k, out);
                }
                for (Map.Entry<String, Object> pe : patterns.entrySet()) {
                    if (k.matches(pe.getKey())) {
                        known = true;
                        check(root, (Map<String, Object>) pe.getValue(), e.getValue(), path + "." + k, out);
                    }
                }
                Object ap = schema.get("additionalProperties");
                if (!known && Boolean.FALSE.equals(ap)) out.add(path + ": unexpected property " + k);
                if (!known && ap instanceof Map<?, ?> aps) check(root, (Map<String, Object>) aps, e.getValue(), path + "." + k, out);
            }
        }
        if (v instanceof List<?> l && schema.get("items") instanceof Map<?, ?> items)
            for (int i = 0; i < l.size(); i++) check(root, (Map<String, Object>) items, l.get(i), path + "[" + i + "]", out);
        if (schema.get("oneOf") instanceof List<?> alts) {
            int matches = 0;
            List<String> why = new ArrayList<>();
            for (Object alt : alts) {
                List<String> sub = new ArrayList<>();
                check(root, (Map<String, Object>) alt, v, path, sub);
                if (sub.isEmpty()) matches++;
                else why.add(String.join("; ", sub));
            }
            if (matches != 1) out.add(path + ": matches " + matches + " of oneOf (" + String.join(" | ", why) + ")");
        }
    }

    private static boolean is(String type, Object v) {
        return switch (type) {
            case "null" -> v == null;
            case "string" -> v instanceof String;
            case "boolean" -> v instanceof Boolean;
            case "object" -> v instanceof Map;
            case "array" -> v instanceof List;
            case "number" -> v instanceof BigDecimal;
            case "integer" -> v instanceof BigDecimal n && n.stripTrailingZeros().scale() <= 0;
            default -> throw new IllegalArgumentException("type " + type);
        };
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) return x.compareTo(y) == 0;
        return Objects.equals(a, b);
    }

    private static String describe(Object v) {
        return v == null ? "null" : v.getClass().getSimpleName() + " " + v;
    }
}
