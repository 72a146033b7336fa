package io.vigil.config;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@code include} patterns: shell globs (with csh braces) resolved against the including file's directory. */
final class Globs {
    private static final int MAX_MATCHES = 10_000;

    private Globs() {
    }

    /**
     * What an include pattern gives, with what keepalived's glob reports beside the matches: literal names (brace
     * alternatives included) that do not exist, directories a wildcard had to search that do not exist, and whether
     * any alternative has a wildcard. Matches include directories and other non-regular files, for the caller to refuse.
     */
    record Expansion(List<Path> matches, int missing, boolean wildcards, boolean braces) {}

    static Expansion expandChecked(Path baseDir, String pattern) {
        List<String> alternatives = braceAlternatives(pattern);
        List<Path> matches = new ArrayList<>();
        int missing = 0;
        boolean wildcards = false;
        for (String alt : alternatives) {
            Path abs = baseDir.resolve(alt).normalize();
            if (!hasWildcard(alt)) {
                if (Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) matches.add(abs);
                else missing++;
                continue;
            }
            wildcards = true;
            Path dir = abs.getParent();
            while (dir != null && hasWildcard(dir.toString())) dir = dir.getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                missing++;
                continue;
            }
            matches.addAll(wildcardMatches(abs));
        }
        List<Path> sorted = new ArrayList<>(new java.util.TreeSet<>(matches));
        return new Expansion(sorted, missing, wildcards, alternatives.size() > 1 || pattern.indexOf('{') >= 0);
    }

    private static List<Path> wildcardMatches(Path abs) {
        Path root = abs.getRoot() == null ? Path.of("/") : abs.getRoot();
        Path fixed = root;
        int globAt = 0;
        for (int i = 0; i < abs.getNameCount(); i++) {
            if (hasWildcard(abs.getName(i).toString())) {
                globAt = i;
                break;
            }
            fixed = fixed.resolve(abs.getName(i));
            globAt = i + 1;
        }
        int depth = abs.getNameCount() - globAt;
        if (!Files.isDirectory(fixed) || depth <= 0) return List.of();
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + abs);
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(fixed, depth)) {
            s.filter(p -> p.getNameCount() == abs.getNameCount() && matcher.matches(p)).limit(MAX_MATCHES).forEach(out::add);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return out;
    }

    /** csh brace expansion, nested: a{b,c{d,e}} is ab, acd, ace; a lone or unbalanced brace stays as written. */
    static List<String> braceAlternatives(String pattern) {
        int open = pattern.indexOf('{');
        if (open < 0) return List.of(pattern);
        int depth = 0;
        List<Integer> commas = new ArrayList<>();
        for (int i = open; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '{') depth++;
            else if (c == ',' && depth == 1) commas.add(i);
            else if (c == '}' && --depth == 0) {
                String head = pattern.substring(0, open), tail = pattern.substring(i + 1);
                List<String> out = new ArrayList<>();
                int from = open + 1;
                commas.add(i);
                for (int end : commas) {
                    for (String rest : braceAlternatives(pattern.substring(from, end) + tail)) out.add(head + rest);
                    from = end + 1;
                    if (out.size() > MAX_MATCHES) return out;
                }
                return out;
            }
        }
        return List.of(pattern);
    }

    private static boolean hasWildcard(String s) {
        for (int i = 0; i < s.length(); i++) {
            if ("*?[".indexOf(s.charAt(i)) >= 0) return true;
        }
        return false;
    }
}
