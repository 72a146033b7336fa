package io.vigil.config;

import java.util.ArrayList;
import java.util.List;

/**
 * One configuration keyword, declared once: its name, legacy aliases, value type, range, default and a
 * one-line description. Parsing, validation, the {@code -d} dump and docs/config-reference.md all read it.
 *
 * @param <T> the value a {@link Section} holds for it
 */
public final class Keyword<T> {
    /** How the keyword is written. */
    public enum Kind {
        /** {@code name VALUE...} */
        VALUE,
        /** {@code name} or {@code name BOOL} */
        FLAG,
        /** {@code name [HEADER...] { keywords }} */
        BLOCK,
        /** {@code name { entry \n entry ... }}: each line is one entry of the list */
        LIST,
        /** kept as written (any arguments, any block): a keyword Vigil does not act on, see {@link Support} */
        RAW
    }

    /**
     * What Vigil does with a keyword keepalived accepts: exactly one of these, declared here, shown in the reference.
     * Nothing is accepted and silently ignored.
     */
    public enum Support {
        /** acted on with keepalived's meaning; {@code KeywordClassTest} names the test that exercises it */
        IMPLEMENTED,
        /** meaningless for Vigil (the reason says why); {@code -t} and the start-up log note it once per keyword */
        NOT_APPLICABLE,
        /** not done by Vigil: {@code -t} fails on it; {@code --compat} makes it a warning and Vigil runs without it */
        REFUSED
    }

    private final String name;
    private final Kind kind;
    private final ValueType<?> type;
    private final BlockSchema block;
    private final String doc;
    private final List<String> aliases = new ArrayList<>();
    private T defaultValue;
    private String defaultText;
    private boolean repeatable;
    private boolean inherited;
    private boolean vigilOnly;
    private String deprecation;
    private Support support = Support.IMPLEMENTED;
    private String supportReason = "";
    private boolean secret;

    private Keyword(String name, Kind kind, ValueType<?> type, BlockSchema block, String doc) {
        this.name = name;
        this.kind = kind;
        this.type = type;
        this.block = block;
        this.doc = doc;
    }

    static <T> Keyword<T> value(String name, ValueType<T> type, String doc) {
        return new Keyword<>(name, Kind.VALUE, type, null, doc);
    }

    static Keyword<Boolean> flag(String name, String doc) {
        Keyword<Boolean> k = new Keyword<>(name, Kind.FLAG, Types.bool(), null, doc);
        k.defaultValue = Boolean.FALSE;
        return k;
    }

    static Keyword<Section> block(String name, BlockSchema block, String doc) {
        return new Keyword<>(name, Kind.BLOCK, null, block, doc);
    }

    static <E> Keyword<List<E>> list(String name, ValueType<E> entry, String doc) {
        Keyword<List<E>> k = new Keyword<>(name, Kind.LIST, entry, null, doc);
        k.defaultValue = List.of();
        return k;
    }

    /** A keepalived keyword Vigil refuses, kept as written: {@code -t} fails on it with the reason. */
    static Keyword<String> refused(String name, String reason) {
        return new Keyword<String>(name, Kind.RAW, Types.raw(), null, "").refused(reason);
    }

    /** A keepalived keyword that means nothing for Vigil, kept as written and noted with the reason. */
    static Keyword<String> notApplicable(String name, String reason) {
        return new Keyword<String>(name, Kind.RAW, Types.raw(), null, "").notApplicable(reason);
    }

    /** Marks a declared keyword as refused (its value is still parsed and checked). */
    Keyword<T> refused(String reason) {
        return classify(Support.REFUSED, reason);
    }

    Keyword<T> notApplicable(String reason) {
        return classify(Support.NOT_APPLICABLE, reason);
    }

    private Keyword<T> classify(Support s, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException(name + ": a " + s + " keyword needs its reason");
        }
        this.support = s;
        this.supportReason = reason;
        return this;
    }

    /** A password or key: never written by -d nor quoted in a diagnostic. */
    Keyword<T> secret() {
        this.secret = true;
        return this;
    }

    public boolean isSecret() {
        return secret;
    }

    Keyword<T> alias(String... legacy) {
        aliases.addAll(List.of(legacy));
        return this;
    }

    Keyword<T> defaultsTo(T value) {
        this.defaultValue = value;
        return this;
    }

    /** A default that is not a constant (e.g. "global vrrp_garp_master_delay"), shown in the reference only. */
    Keyword<T> defaultText(String text) {
        this.defaultText = text;
        return this;
    }

    Keyword<T> repeatable() {
        this.repeatable = true;
        return this;
    }

    /** Unset here, the value of the enclosing block's same keyword applies (virtual_server → real_server → checker). */
    Keyword<T> inherited() {
        this.inherited = true;
        return this;
    }

    Keyword<T> vigilOnly() {
        this.vigilOnly = true;
        return this;
    }

    Keyword<T> deprecated(String advice) {
        this.deprecation = advice;
        return this;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public List<String> aliases() {
        return List.copyOf(aliases);
    }

    public String doc() {
        return doc;
    }

    public boolean isRepeatable() {
        return repeatable || kind == Kind.LIST;
    }

    public boolean isInherited() {
        return inherited;
    }

    public boolean isVigilOnly() {
        return vigilOnly;
    }

    public String deprecation() {
        return deprecation;
    }

    public Support support() {
        return support;
    }

    /** Why a keyword is not applicable or refused ("" when implemented). */
    public String supportReason() {
        return supportReason;
    }

    T defaultValue() {
        return defaultValue;
    }

    @SuppressWarnings("unchecked")
    ValueType<Object> type() {
        return (ValueType<Object>) type;
    }

    BlockSchema block() {
        return block;
    }

    /** Syntax for the reference. */
    public String syntax() {
        return switch (kind) {
            case VALUE -> type.syntax();
            case FLAG -> "[BOOL]";
            case BLOCK -> (block.header() == null ? "" : block.headerSyntax() + " ") + "{ ... }";
            case LIST -> "{ " + type.syntax() + " ... }";
            case RAW -> "...";
        };
    }

    /** Default for the reference ("" when none). */
    @SuppressWarnings("unchecked")
    public String defaultDescription() {
        if (defaultText != null) {
            return defaultText;
        }
        if (defaultValue == null || kind == Kind.LIST) {
            return "";
        }
        if (kind == Kind.FLAG) {
            return ((Boolean) defaultValue) ? "on" : "off";
        }
        return ((ValueType<T>) type).format(defaultValue);
    }

    @Override
    public String toString() {
        return name;
    }
}
