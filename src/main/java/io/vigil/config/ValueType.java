package io.vigil.config;

/**
 * How the words after a keyword become a typed value: parsing (with diagnostics), the syntax shown in
 * docs/config-reference.md, and the text {@code -d} prints back (which parses to the same value).
 */
interface ValueType<T> {
    /** The value, or null after reporting why the words are not one. */
    T parse(Args args);

    /** Syntax for the reference, e.g. {@code INTEGER 1..255}. */
    String syntax();

    /** Configuration text for the value (what follows the keyword in -d output). */
    default String format(T value) {
        return String.valueOf(value);
    }
}
