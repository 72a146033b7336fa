package io.vigil.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The values of one block instance as the schema typed them, before they become model records.
 * Unset keywords answer with the enclosing block's value when {@link Keyword#isInherited()}, else the default.
 */
public final class Section {
    /** Slots per entry in {@link #entries}: keyword, value (null when written but invalid), first position. */
    private static final int STRIDE = 3;
    private final BlockSchema schema;
    private final Section parent;
    private final SourcePos pos;
    private final Object header;
    /**
     * The keywords written in this block as {keyword, value, position} triples, in order of first use. A block sets
     * a few of the keywords its schema declares, and a big configuration has hundreds of thousands of blocks: one
     * short array each instead of two arrays the size of the schema (and no hash lookup per access).
     */
    private Object[] entries = new Object[4 * STRIDE];
    private int used;

    Section(BlockSchema schema, Section parent, SourcePos pos, Object header) {
        this.schema = schema;
        this.parent = parent;
        this.pos = pos;
        this.header = header;
    }

    /** The slot of k's triple, or -1 when k was not written here. */
    private int find(Keyword<?> k) {
        Object[] e = entries;
        for (int i = 0; i < used; i += STRIDE) {
            if (e[i] == k) {
                return i;
            }
        }
        return -1;
    }

    private int findOrAdd(Keyword<?> k) {
        int i = find(k);
        if (i >= 0) {
            return i;
        }
        if (used == entries.length) {
            entries = java.util.Arrays.copyOf(entries, entries.length * 2);
        }
        i = used;
        entries[i] = k;
        used += STRIDE;
        return i;
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
        if (!schema.declares(k)) {
            throw new ArrayIndexOutOfBoundsException("keyword " + k.name() + " not declared in " + schema.name());
        }
        int i = findOrAdd(k);
        if (k.isRepeatable()) {
            List<Object> list = (List<Object>) entries[i + 1];
            if (list == null) {
                list = new ArrayList<>(k.kind() == Keyword.Kind.LIST ? 4 : 1);
                entries[i + 1] = list;
            }
            if (k.kind() == Keyword.Kind.LIST) {
                list.addAll((List<Object>) value);
            } else {
                list.add(value);
            }
        } else {
            entries[i + 1] = value;
        }
        if (entries[i + 2] == null) {
            entries[i + 2] = at;
        }
    }

    /** Records that the keyword was written even if its value was invalid (so "missing" is not reported too). */
    void markWritten(Keyword<?> k, SourcePos at) {
        if (!schema.declares(k)) {
            return;
        }
        int i = findOrAdd(k);
        if (entries[i + 2] == null) {
            entries[i + 2] = at;
        }
    }

    boolean wasWritten(Keyword<?> k) {
        int i = find(k);
        return i >= 0 && entries[i + 2] != null;
    }

    boolean isSet(Keyword<?> k) {
        int i = find(k);
        return i >= 0 && entries[i + 1] != null;
    }

    /** Where the keyword was first written here, or this block's position. */
    SourcePos posOf(Keyword<?> k) {
        int i = find(k);
        return i >= 0 && entries[i + 2] != null ? (SourcePos) entries[i + 2] : pos;
    }

    /** The effective value: set here, else inherited, else the block's default (may be null). */
    @SuppressWarnings("unchecked")
    <T> T get(Keyword<T> k) {
        int i = find(k);
        if (i >= 0 && entries[i + 1] != null) {
            return (T) entries[i + 1];
        }
        if (k.isInherited()) {
            for (Section p = parent; p != null; p = p.parent) {
                if (p.isSet(k)) {
                    return p.get(k);
                }
            }
        }
        return schema.declares(k) ? schema.defaultOf(k) : k.defaultValue();
    }

    /** All occurrences of a repeatable keyword (empty when none). */
    @SuppressWarnings("unchecked")
    <T> List<T> all(Keyword<T> k) {
        Object v = stored(k);
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
        int i = find(k);
        return i >= 0 ? entries[i + 1] : null;
    }
}
