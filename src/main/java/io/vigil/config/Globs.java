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

    /** Regular files matching the pattern, sorted as glob(3) sorts them; empty when none or on error. */
    static List<Path> expand(Path baseDir, String pattern) {
        try {
            Path abs = baseDir.resolve(pattern).normalize();
            if (!hasGlob(pattern)) {
                return Files.isRegularFile(abs) ? List.of(abs) : List.of();
            }
            // walk from the deepest directory without glob characters
            Path root = abs.getRoot() == null ? Path.of("/") : abs.getRoot();
            Path fixed = root;
            int globAt = 0;
            for (int i = 0; i < abs.getNameCount(); i++) {
                if (hasGlob(abs.getName(i).toString())) {
                    globAt = i;
                    break;
                }
                fixed = fixed.resolve(abs.getName(i));
                globAt = i + 1;
            }
            int depth = abs.getNameCount() - globAt;
            if (!Files.isDirectory(fixed) || depth <= 0) {
                return List.of();
            }
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + abs);
            List<Path> out = new ArrayList<>();
            try (Stream<Path> s = Files.walk(fixed, depth)) {
                s.filter(p -> p.getNameCount() == abs.getNameCount() && matcher.matches(p) && Files.isRegularFile(p))
                        .limit(MAX_MATCHES).forEach(out::add);
            }
            out.sort(null);
            return out;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    static boolean hasGlob(String s) {
        for (int i = 0; i < s.length(); i++) {
            if ("*?[{".indexOf(s.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }
}
