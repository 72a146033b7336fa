package io.vigil.snmp;

import java.util.Arrays;

/** An SNMP object identifier: sub-identifiers are unsigned 32-bit values, compared lexicographically as unsigned. */
public record Oid(int[] parts) implements Comparable<Oid> {
    public static final Oid EMPTY = new Oid(new int[0]);

    public Oid {
        parts = parts.clone();
    }

    /** Parses dotted text ({@code 1.3.6.1} or {@code .1.3.6.1}); throws IllegalArgumentException on anything else. */
    public static Oid parse(String text) {
        String t = text.startsWith(".") ? text.substring(1) : text;
        if (t.isEmpty()) return EMPTY;
        String[] w = t.split("\\.", -1);
        int[] p = new int[w.length];
        for (int i = 0; i < w.length; i++) {
            try {
                p[i] = (int) Long.parseLong(w[i]);
                if (Long.parseLong(w[i]) < 0 || Long.parseLong(w[i]) > 0xFFFFFFFFL) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an OID: " + text);
            }
        }
        return new Oid(p);
    }

    public static Oid of(int... parts) {
        return new Oid(parts);
    }

    public int size() {
        return parts.length;
    }

    public int get(int i) {
        return parts[i];
    }

    /** This OID with more sub-identifiers appended. */
    public Oid append(int... more) {
        int[] p = Arrays.copyOf(parts, parts.length + more.length);
        System.arraycopy(more, 0, p, parts.length, more.length);
        return new Oid(p);
    }

    public Oid append(Oid more) {
        return append(more.parts);
    }

    public boolean startsWith(Oid prefix) {
        if (prefix.parts.length > parts.length) return false;
        return Arrays.equals(parts, 0, prefix.parts.length, prefix.parts, 0, prefix.parts.length);
    }

    @Override
    public int compareTo(Oid o) {
        return Arrays.compareUnsigned(parts, o.parts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Oid other && Arrays.equals(parts, other.parts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(parts);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int p : parts) sb.append('.').append(Integer.toUnsignedString(p));
        return sb.isEmpty() ? "." : sb.toString();
    }
}
