package io.vigil.config;

import java.util.Collection;

/** "Did you mean" suggestions by Levenshtein distance. */
final class EditDistance {
    private EditDistance() {
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The closest candidate within a third of the word's length (at least 1, at most 3 edits), else "". */
    static String closest(String word, Collection<String> candidates) {
        if (word.length() > 64) {
            return "";
        }
        int limit = Math.max(1, Math.min(3, word.length() / 3));
        String best = "";
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (Math.abs(c.length() - word.length()) > limit) {
                continue;
            }
            int d = distance(word.toLowerCase(), c.toLowerCase());
            if (d <= limit && d < bestD) {
                best = c;
                bestD = d;
            }
        }
        return best;
    }

    /** "did you mean 'x'?" or "". */
    static String suggest(String word, Collection<String> candidates) {
        String c = closest(word, candidates);
        return c.isEmpty() ? "" : "did you mean '" + c + "'?";
    }
}
