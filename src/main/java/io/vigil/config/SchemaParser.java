package io.vigil.config;

import java.util.ArrayList;
import java.util.List;

/** Types the statement tree against the schema: one {@link Section} per block, diagnostics for the rest. */
final class SchemaParser {
    private final Diagnostics diags;
    private final boolean compat;
    /** Not-applicable keywords already noted: one note per keyword, however often it is written. */
    private final java.util.Set<Keyword<?>> noted = new java.util.HashSet<>();

    SchemaParser(Diagnostics diags, boolean compat) {
        this.diags = diags;
        this.compat = compat;
    }

    Section parse(List<Stmt> stmts, BlockSchema schema, Section parent, SourcePos pos, Object header) {
        Section section = new Section(schema, parent, pos, header);
        for (Stmt s : stmts) {
            statement(s, schema, section);
        }
        return section;
    }

    /** Types one more top-level statement into {@code root} (statements streamed from {@link TreeBuilder}). */
    void topLevel(Stmt s, Section root) {
        statement(s, root.schema(), root);
    }

    private void statement(Stmt s, BlockSchema schema, Section section) {
        Keyword<?> k = schema.lookup(s.name());
        SourcePos at = s.pos(); // one position object per statement, not one per use
        if (k == null && schema.entries() != null && !s.hasBlock()) {
            Object e = schema.entries().type().parse(new Args(s.keyword(), s.words(), diags));
            if (e != null) {
                section.set(schema.entries(), java.util.List.of(e), at);
            }
            return;
        }
        if (k == null) {
            unknown(s, schema);
            return;
        }
        if (k.deprecation() != null) {
            diags.warning(at, "'" + s.name() + "' is deprecated", s.name(), k.deprecation());
        }
        support(k, s.name(), at);
        if (!k.isRepeatable() && k.kind() != Keyword.Kind.RAW && section.isSet(k)) {
            diags.warning(at, "'" + k.name() + "' given again in this block; the last one applies", s.name());
        }
        Args args = new Args(s.keyword(), s.args(), diags, k.isSecret());
        section.markWritten(k, at);
        switch (k.kind()) {
            case VALUE -> {
                if (noBlock(s)) {
                    Object v = k.type().parse(args);
                    if (v != null) {
                        section.set(k, v, at);
                    }
                }
            }
            case FLAG -> {
                if (noBlock(s) && args.count(0, 1)) {
                    Boolean v = args.size() == 0 ? Boolean.TRUE : Types.bool(args, 0);
                    if (v != null) {
                        section.set(k, v, at);
                    }
                }
            }
            case BLOCK -> {
                BlockSchema sub = k.block();
                Object header = null;
                if (sub.header() != null) {
                    header = sub.header().parse(args);
                    if (header == null) {
                        return; // reported; the block cannot be identified
                    }
                } else if (!s.args().isEmpty()) {
                    diags.error(s.args().getFirst().pos(), "'" + s.name() + "' takes no value before its block", s.args().getFirst().text());
                }
                if (!s.hasBlock()) {
                    diags.error(at, "'" + s.name() + "' needs a { } block", s.name());
                    return;
                }
                section.set(k, parse(s.block(), sub, section, at, header), at);
            }
            case LIST -> {
                if (!s.args().isEmpty()) {
                    diags.error(s.args().getFirst().pos(), "entries of '" + s.name() + "' go inside its { } block", s.args().getFirst().text());
                }
                if (!s.hasBlock()) {
                    diags.error(at, "'" + s.name() + "' needs a { } block", s.name());
                    return;
                }
                List<Object> entries = new ArrayList<>(s.block().size());
                for (Stmt line : s.block()) {
                    if (line.hasBlock()) {
                        diags.error(line.pos(), "unexpected block inside '" + s.name() + "'", line.name());
                        continue;
                    }
                    Object e = k.type().parse(new Args(s.keyword(), line.words(), diags));
                    if (e != null) {
                        entries.add(e);
                    }
                }
                section.set(k, entries, at);
            }
            case RAW -> section.set(k, k.type().parse(args), at);
        }
    }

    /** Refused: an error (--compat: a warning, Vigil runs without it). Not applicable: a note, once per keyword. */
    private void support(Keyword<?> k, String written, SourcePos at) {
        switch (k.support()) {
            case IMPLEMENTED -> {
            }
            case REFUSED -> {
                if (compat) {
                    diags.warning(at, "keyword refused by Vigil, running without it (--compat)", written, k.supportReason());
                } else {
                    diags.error(at, "keyword refused by Vigil", written, k.supportReason() + "; --compat runs without it");
                }
            }
            case NOT_APPLICABLE -> {
                if (noted.add(k)) {
                    diags.note(at, "keyword does not apply to Vigil", written, k.supportReason());
                }
            }
        }
    }

    private boolean noBlock(Stmt s) {
        if (s.hasBlock()) {
            diags.error(s.pos(), "'" + s.name() + "' does not take a { } block", s.name());
            return false;
        }
        return true;
    }

    private void unknown(Stmt s, BlockSchema schema) {
        String reason = schema.ignored().get(s.name());
        if (reason != null) {
            diags.warning(s.pos(), "keyword ignored as keepalived ignores it", s.name(), reason);
            return;
        }
        String where = "unknown keyword in " + schema.name();
        String hint = EditDistance.suggest(s.name(), iterable(schema.names()));
        if (hint.isEmpty()) {
            List<String> homes = Schema.blocksDeclaring(s.name());
            if (!homes.isEmpty()) {
                hint = "'" + s.name() + "' belongs in " + String.join(" or ", homes);
            } else if (schema == VrrpSchema.SYNC_GROUP && s.args().isEmpty() && !s.hasBlock()) {
                hint = "list the sync group's instances inside 'group { ... }'";
            }
        }
        if (compat) {
            diags.warning(s.pos(), where + " (ignored, --compat)", s.name(), hint);
        } else {
            diags.error(s.pos(), where, s.name(), hint);
        }
    }

    private static List<String> iterable(Iterable<String> it) {
        List<String> l = new ArrayList<>();
        it.forEach(l::add);
        return l;
    }
}
