package io.vigil.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Generates docs/config-reference.md from the schema, so the reference cannot drift from the parser.
 * Regenerate with {@code java -cp target/classes io.vigil.config.ReferenceDoc docs/config-reference.md}.
 */
public final class ReferenceDoc {
    private ReferenceDoc() {
    }

    public static String generate() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Vigil configuration reference\n\n")
                .append("Generated from the keyword schema in `io.vigil.config` (do not edit by hand; ")
                .append("`ReferenceDocTest` fails when this file and the schema differ).\n\n")
                .append("Vigil reads keepalived.conf with keepalived's lexical rules: `!`/`#` comments, `include` with globs, ")
                .append("`$NAME=value` definitions, `@id`/`@^id` conditional lines (`-i`), `~SEQ`/`~LST` expansions. ")
                .append("Unknown keywords are errors (`--compat`: warnings). Every keyword keepalived 2.2.7 knows is in one of three ")
                .append("classes, shown in the Class column: **implemented** (keepalived's meaning, tested), **not applicable** (means ")
                .append("nothing for Vigil; `-t` and the start-up log note it with the reason) or **refused** (`-t` fails on it with ")
                .append("the reason; `--compat` makes it a warning and Vigil runs without it). Keywords marked **Vigil** do not ")
                .append("exist in keepalived.\n\n");
        for (BlockSchema b : Schema.allBlocks()) {
            sb.append("## ").append(b.name().equals("the top level") ? "Top level" : "`" + b.name() + "`");
            if (b.header() != null) {
                sb.append(" ").append(b.headerSyntax());
            }
            sb.append("\n\n").append(b.doc()).append("\n\n");
            sb.append("| Keyword | Class | Syntax | Default | Description |\n|---|---|---|---|---|\n");
            for (Keyword<?> k : b.keywords()) {
                String name = k == b.entries() ? "*(each line)*" : "`" + k.name() + "`";
                String def = b.hasOverride(k) ? formatDefault(k, b) : k.defaultDescription();
                StringBuilder desc = new StringBuilder(k.doc());
                if (k.support() != Keyword.Support.IMPLEMENTED) {
                    desc.append(desc.isEmpty() ? "" : " ").append(capitalised(k.supportReason())).append('.');
                }
                if (!k.aliases().isEmpty()) {
                    desc.append(" Legacy spelling: ").append(String.join(", ", k.aliases().stream().map(a -> "`" + a + "`").toList())).append('.');
                }
                if (k.isInherited()) {
                    desc.append(" Inherited from the enclosing block when unset.");
                }
                if (k.deprecation() != null) {
                    desc.append(" Deprecated: ").append(k.deprecation()).append('.');
                }
                if (k.isVigilOnly()) {
                    desc.insert(0, "**Vigil** ");
                }
                sb.append("| ").append(name).append(" | ").append(className(k.support())).append(" | ").append(cell(k.syntax())).append(" | ").append(cell(def)).append(" | ")
                        .append(cell(desc.toString())).append(" |\n");
            }
            for (Map.Entry<String, String> e : b.ignored().entrySet()) {
                sb.append("\n*Ignored with a warning*: `").append(e.getKey()).append("` — ").append(e.getValue()).append(".\n");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    static <T> String formatDefault(Keyword<T> k, BlockSchema b) {
        T v = b.defaultOf(k);
        return v == null ? "" : k.kind() == Keyword.Kind.FLAG ? ((Boolean) v ? "on" : "off") : ((ValueType<T>) (ValueType<?>) k.type()).format(v);
    }

    private static String className(Keyword.Support s) {
        return switch (s) {
            case IMPLEMENTED -> "implemented";
            case NOT_APPLICABLE -> "not applicable";
            case REFUSED -> "**refused**";
        };
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/config-reference.md");
        Files.writeString(out, generate());
    }
}
