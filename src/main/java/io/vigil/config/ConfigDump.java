package io.vigil.config;

import java.util.List;

/**
 * The effective configuration as keepalived.conf text ({@code -d}): includes, variables, conditionals and
 * expansions already applied, and every default or inherited value written out with a comment saying so.
 * The text reads back to the same model, except that secrets ({@link Keyword#isSecret()}: auth_pass, the SSL key
 * password) are written as {@value #SECRET_PLACEHOLDER}.
 */
final class ConfigDump {
    static final String SECRET_PLACEHOLDER = "********";

    private ConfigDump() {
    }

    static String dump(Section root) {
        StringBuilder sb = new StringBuilder(4096);
        if (!root.isSet(Schema.GLOBAL_DEFS)) {
            sb.append("global_defs {\n");
            body(new Section(GlobalSchema.GLOBAL_DEFS, root, root.pos(), null), sb, 1);
            sb.append("}\n");
        }
        body(root, sb, 0);
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void body(Section s, StringBuilder sb, int depth) {
        BlockSchema schema = s.schema();
        for (Keyword<?> k : schema.keywords()) {
            Object stored = s.stored(k);
            if (k == schema.entries()) {
                for (Object e : (List<Object>) (stored == null ? List.of() : stored)) {
                    indent(sb, depth).append(k.type().format(e)).append('\n');
                }
                continue;
            }
            switch (k.kind()) {
                case BLOCK -> {
                    List<Section> subs = stored == null ? List.of() : k.isRepeatable() ? (List<Section>) stored : List.of((Section) stored);
                    for (Section sub : subs) {
                        indent(sb, depth).append(k.name());
                        if (sub.schema().header() != null) {
                            sb.append(' ').append(((ValueType<Object>) sub.schema().header()).format(sub.header()));
                        }
                        sb.append(" {\n");
                        body(sub, sb, depth + 1);
                        indent(sb, depth).append("}\n");
                    }
                }
                case LIST -> {
                    if (stored != null) {
                        indent(sb, depth).append(k.name()).append(" {\n");
                        for (Object e : (List<Object>) stored) {
                            indent(sb, depth + 1).append(k.type().format(e)).append('\n');
                        }
                        indent(sb, depth).append("}\n");
                    }
                }
                case RAW -> {
                    if (stored != null) {
                        for (Object v : (List<Object>) (k.isRepeatable() ? stored : List.of(stored))) {
                            indent(sb, depth).append(k.name()).append(v.toString().isEmpty() ? "" : " " + v)
                                    .append(k.support() == Keyword.Support.REFUSED ? "   # refused by Vigil\n" : "   # not applicable to Vigil\n");
                        }
                    }
                }
                case FLAG -> {
                    Object v = s.get(k);
                    if (stored != null) {
                        indent(sb, depth).append(k.name()).append(Boolean.TRUE.equals(v) ? "" : " off").append('\n');
                    } else if (Boolean.TRUE.equals(v)) {
                        indent(sb, depth).append(k.name()).append("   # inherited\n");
                    }
                }
                case VALUE -> {
                    Object v = s.get(k);
                    if (v != null && k.isSecret()) {
                        // Never the secret itself: the dump goes to terminals, logs and bug reports.
                        indent(sb, depth).append(k.name()).append(' ').append(SECRET_PLACEHOLDER).append("   # secret, not shown\n");
                        continue;
                    }
                    if (v != null) {
                        String text = k.type().format(v);
                        indent(sb, depth).append(k.name()).append(text.isEmpty() ? "" : " " + text); // use_vmac alone has no value
                        if (stored == null) {
                            sb.append(schema.declares(k) && k.isInherited() && !isDefault(s, k, v) ? "   # inherited" : "   # default");
                        }
                        sb.append('\n');
                    }
                }
            }
        }
    }

    private static boolean isDefault(Section s, Keyword<?> k, Object v) {
        return v.equals(s.schema().defaultOf(k));
    }

    private static StringBuilder indent(StringBuilder sb, int depth) {
        for (int i = 0; i < depth; i++) {
            sb.append("    ");
        }
        return sb;
    }
}
