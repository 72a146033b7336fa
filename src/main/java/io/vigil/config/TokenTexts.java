package io.vigil.config;

/**
 * A small direct-mapped cache of token texts for one read: a big configuration repeats the same keywords and
 * values ({@code weight}, {@code 3}, {@code connect_port}) hundreds of thousands of times, and without it each would
 * be a String (and byte array) of its own, allocated and then kept alive by the statement tree. A slot holds the
 * last text that hashed to it; unique words (addresses) just replace each other, so it stays bounded.
 */
final class TokenTexts {
    private static final int SLOTS = 4096;
    private static final int MAX_CHARS = 32;
    private final String[] slots = new String[SLOTS];

    /** {@code src.substring(from, to)}, shared with an equal earlier text when the cache still holds it. */
    String text(String src, int from, int to) {
        int len = to - from;
        if (len > MAX_CHARS) {
            return src.substring(from, to);
        }
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + src.charAt(i);
        }
        int slot = (h ^ (h >>> 12)) & (SLOTS - 1);
        String cached = slots[slot];
        if (cached != null && cached.length() == len && src.regionMatches(from, cached, 0, len)) {
            return cached;
        }
        String s = src.substring(from, to);
        slots[slot] = s;
        return s;
    }
}
