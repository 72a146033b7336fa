package io.vigil.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The values of one block instance as the schema typed them, before they become model records.
 * Unset keywords answer with the enclosing block's value when {@link Keyword#isInherited()}, else the default.
 */
public final class Section {
    private final BlockSchema schema;
    private final Section parent;
    private final SourcePos pos;
    private final Object header;
    private final Object[] values;
    private final SourcePos[] positions;

    Section(BlockSchema schema, Section parent, SourcePos pos, Object header) {
        this.schema = schema;
        this.parent = parent;
        this.pos = pos;
        this.header = header;
        this.values = new Object[schema.size()];
        this.positions = new SourcePos[schema.size()];
    }

    BlockSchema schema() {
        return schema;
    }

    public SourcePos pos() {
        return pos;
    }

    /** The typed words after the block's keyword (instance name, real server address, ...). */
    @SuppressWarnings("unchecked")
    <H> H header() {
        return (H) header;
    }

    @SuppressWarnings("unchecked")
    void set(Keyword<?> k, Object value, SourcePos at) {
        int i = schema.indexOf(k);
        if (k.isRepeatable()) {
            List<Object> list = (List<Object>) values[i];
            if (list == null) {
                list = new ArrayList<>(k.kind() == Keyword.Kind.LIST ? 4 : 1);
                values[i] = list;
            }
            if (k.kind() == Keyword.Kind.LIST) {
                list.addAll((List<Object>) value);
            } else {
                list.add(value);
            }
        } else {
            values[i] = value;
        }
        if (positions[i] == null) {
            positions[i] = at;
        }
    }

    /** Records that the keyword was written even if its value was invalid (so "missing" is not reported too). */
    void markWritten(Keyword<?> k, SourcePos at) {
        int i = schema.indexOf(k);
        if (i >= 0 && positions[i] == null) {
            positions[i] = at;
        }
    }

    boolean wasWritten(Keyword<?> k) {
        int i = schema.indexOf(k);
        return i >= 0 && positions[i] != null;
    }

    boolean isSet(Keyword<?> k) {
        int i = schema.indexOf(k);
        return i >= 0 && values[i] != null;
    }

    /** Where the keyword was first written here, or this block's position. */
    SourcePos posOf(Keyword<?> k) {
        int i = schema.indexOf(k);
        return i >= 0 && positions[i] != null ? positions[i] : pos;
    }

    /** The effective value: set here, else inherited, else the block's default (may be null). */
    @SuppressWarnings("unchecked")
    <T> T get(Keyword<T> k) {
        int i = schema.indexOf(k);
        if (i >= 0 && values[i] != null) {
            return (T) values[i];
        }
        if (k.isInherited()) {
            for (Section p = parent; p != null; p = p.parent) {
                if (p.isSet(k)) {
                    return p.get(k);
                }
            }
        }
        return i >= 0 ? schema.defaultOf(k) : k.defaultValue();
    }

    /** All occurrences of a repeatable keyword (empty when none). */
    @SuppressWarnings("unchecked")
    <T> List<T> all(Keyword<T> k) {
        int i = schema.indexOf(k);
        Object v = i >= 0 ? values[i] : null;
        return v == null ? List.of() : (List<T>) v;
    }

    /** Entries of a list keyword such as virtual_ipaddress. */
    <E> List<E> list(Keyword<List<E>> k) {
        List<List<E>> raw = all(k);
        @SuppressWarnings("unchecked")
        List<E> flat = (List<E>) (List<?>) raw;
        return flat;
    }

    /** The raw stored value (list for repeatable keywords), null when unset. */
    Object stored(Keyword<?> k) {
        int i = schema.indexOf(k);
        return i >= 0 ? values[i] : null;
    }
}
