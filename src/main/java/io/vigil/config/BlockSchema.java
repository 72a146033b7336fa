package io.vigil.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The keywords one kind of block accepts, in documentation order, with per-block default overrides. */
final class BlockSchema {
    private final String name;
    private final String doc;
    private final ValueType<?> header;
    private final String headerSyntax;
    private final List<Keyword<?>> keywords = new ArrayList<>();
    private final Map<String, Keyword<?>> byName = new HashMap<>();
    private final Map<Keyword<?>, Integer> index = new IdentityHashMap<>();
    private final Map<Keyword<?>, Object> overrides = new IdentityHashMap<>();
    private final Map<String, String> ignored = new LinkedHashMap<>();
    private Keyword<?> entries;

    /** @param header the type of the words after the block's keyword (null when none) */
    BlockSchema(String name, String doc, ValueType<?> header) {
        this.name = name;
        this.doc = doc;
        this.header = header;
        this.headerSyntax = header == null ? "" : header.syntax();
    }

    BlockSchema add(Keyword<?>... ks) {
        for (Keyword<?> k : ks) {
            if (index.containsKey(k)) {
                continue;
            }
            index.put(k, keywords.size());
            keywords.add(k);
            byName.put(k.name(), k);
            for (String a : k.aliases()) {
                byName.put(a, k);
            }
        }
        return this;
    }

    <T> BlockSchema override(Keyword<T> k, T value) {
        overrides.put(k, value);
        return this;
    }

    /**
     * A word keepalived does not know but that circulates widely in copied configurations; keepalived
     * ignores it, so Vigil does too, with a warning that says why (even without --compat).
     */
    BlockSchema ignore(String word, String reason) {
        ignored.put(word, reason);
        return this;
    }

    /** Lines that start with no keyword of this block are entries of this list keyword (virtual_server_group). */
    BlockSchema entries(Keyword<?> list) {
        add(list);
        this.entries = list;
        return this;
    }

    Keyword<?> entries() {
        return entries;
    }

    String name() {
        return name;
    }

    String doc() {
        return doc;
    }

    ValueType<?> header() {
        return header;
    }

    String headerSyntax() {
        return headerSyntax;
    }

    List<Keyword<?>> keywords() {
        return keywords;
    }

    Keyword<?> lookup(String word) {
        return byName.get(word);
    }

    Iterable<String> names() {
        return byName.keySet();
    }

    Map<String, String> ignored() {
        return ignored;
    }

    int indexOf(Keyword<?> k) {
        Integer i = index.get(k);
        return i == null ? -1 : i;
    }

    int size() {
        return keywords.size();
    }

    boolean declares(Keyword<?> k) {
        return index.containsKey(k);
    }

    @SuppressWarnings("unchecked")
    <T> T defaultOf(Keyword<T> k) {
        return overrides.containsKey(k) ? (T) overrides.get(k) : k.defaultValue();
    }

    boolean hasOverride(Keyword<?> k) {
        return overrides.containsKey(k);
    }
}
