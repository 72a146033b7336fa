package io.vigil.config;

import java.util.Map;

/**
 * vigil.conf(5) in roff, from the keyword schema (as {@link ReferenceDoc} makes docs/config-reference.md), so the man
 * page cannot drift from the parser. bin/package-deb writes it into the .deb through io.vigil.daemon.ManPages.
 */
public final class ConfManPage {
    private ConfManPage() {
    }

    public static String generate(String version) {
        StringBuilder sb = new StringBuilder();
        sb.append(".TH VIGIL.CONF 5 \"\" \"").append(Roff.text(version)).append("\" \"File Formats\"\n")
                .append(".SH NAME\nvigil.conf \\- keepalived.conf as Vigil reads it\n")
                .append(".SH SYNOPSIS\n/etc/vigil/keepalived.conf, else /etc/keepalived/keepalived.conf\n")
                .append(".SH DESCRIPTION\n")
                .append(Roff.text("Vigil reads keepalived.conf with keepalived's lexical rules: ! and # comments, include with globs, "
                        + "$NAME=value definitions, @id and @^id conditional lines (-i), ~SEQ and ~LST expansions. "
                        + "Unknown keywords are errors (--compat: warnings)."))
                .append("\n.PP\n")
                .append(Roff.text("Every keyword keepalived 2.2.7 knows is in one of three classes: IMPLEMENTED (keepalived's meaning, "
                        + "tested), NOT_APPLICABLE (means nothing for Vigil; -t and the start-up log note it with the reason) or "
                        + "REFUSED (-t fails on it with the reason; --compat makes it a warning and Vigil runs without it). "
                        + "Keywords marked Vigil do not exist in keepalived."))
                .append("\n");
        for (BlockSchema b : Schema.allBlocks()) {
            sb.append(".SH ").append(Roff.text(b.name().equals("the top level") ? "TOP LEVEL" : b.name().toUpperCase(java.util.Locale.ROOT)))
                    .append('\n');
            if (b.header() != null) sb.append(".B ").append(Roff.text(b.name() + " " + b.headerSyntax())).append('\n');
            sb.append(".PP\n").append(Roff.text(b.doc())).append('\n');
            for (Keyword<?> k : b.keywords()) {
                String name = k == b.entries() ? "(each line)" : k.name();
                sb.append(".TP\n\\fB").append(Roff.text(name)).append("\\fR");
                if (!k.syntax().isEmpty()) sb.append(" \\fI").append(Roff.text(k.syntax())).append("\\fR");
                sb.append('\n').append(k.support().name());
                if (k.isVigilOnly()) sb.append(" (Vigil)");
                if (k.support() != Keyword.Support.IMPLEMENTED) sb.append(": ").append(Roff.text(k.supportReason()));
                sb.append(".\n");
                if (!k.doc().isEmpty()) sb.append(Roff.text(k.doc())).append('\n');
                String def = b.hasOverride(k) ? ReferenceDoc.formatDefault(k, b) : k.defaultDescription();
                if (def != null && !def.isEmpty()) sb.append("Default: ").append(Roff.text(def)).append(".\n");
                if (!k.aliases().isEmpty()) sb.append("Legacy spelling: ").append(Roff.text(String.join(", ", k.aliases()))).append(".\n");
                if (k.isInherited()) sb.append("Inherited from the enclosing block when unset.\n");
                if (k.deprecation() != null) sb.append("Deprecated: ").append(Roff.text(k.deprecation())).append(".\n");
            }
            for (Map.Entry<String, String> e : b.ignored().entrySet()) {
                sb.append(".TP\n.B ").append(Roff.text(e.getKey())).append("\nIgnored with a warning: ").append(Roff.text(e.getValue())).append(".\n");
            }
        }
        sb.append(".SH SEE ALSO\n.BR vigil (8),\n.BR keepalived.conf (5)\n");
        return sb.toString();
    }
}
