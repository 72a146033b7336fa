package io.vigil.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every keyword keepalived 2.2.7 knows is in exactly one class (implemented, not applicable, refused), and every
 * keyword marked implemented names the test that exercises it through a configuration, or stands in the listed debt.
 * keepalived-2.2.7-keywords.txt is every name its parsers install (install_keyword* in its v2.2.7 sources).
 */
class KeywordClassTest {

    /** keepalived keywords that only exist inside a block Vigil refuses as a whole (kept as written, not parsed). */
    /** Keywords keepalived knows only inside a block Vigil refuses, to that block (none since garp_group is implemented). */
    private static final Map<String, String> INSIDE_REFUSED_BLOCK = Map.of();

    @Test
    void everyKeywordHasExactlyOneClassWithItsReason() {
        for (BlockSchema b : Schema.allBlocks()) {
            for (Keyword<?> k : b.keywords()) {
                assertThat(k.support()).as("%s in %s", k.name(), b.name()).isNotNull();
                if (k.support() == Keyword.Support.IMPLEMENTED) {
                    assertThat(k.kind()).as("%s in %s: a keyword kept as written cannot be implemented", k.name(), b.name())
                            .isNotEqualTo(Keyword.Kind.RAW);
                    assertThat(k.supportReason()).isEmpty();
                } else {
                    assertThat(k.supportReason()).as("%s in %s: reason", k.name(), b.name()).isNotBlank();
                }
            }
        }
    }

    @Test
    void everyKeepalivedKeywordIsDeclared() throws IOException {
        Set<String> declared = new TreeSet<>();
        Map<String, Keyword<?>> byName = new LinkedHashMap<>();
        for (BlockSchema b : Schema.allBlocks()) {
            for (Keyword<?> k : b.keywords()) {
                declared.add(k.name());
                declared.addAll(k.aliases());
                byName.putIfAbsent(k.name(), k);
            }
        }
        List<String> missing = new ArrayList<>();
        for (String name : resourceLines("keepalived-2.2.7-keywords.txt")) {
            String parent = INSIDE_REFUSED_BLOCK.get(name);
            if (parent != null) {
                assertThat(byName.get(parent)).as("%s lives in %s", name, parent).isNotNull();
                assertThat(byName.get(parent).support()).as("%s lives in %s, which must be refused", name, parent)
                        .isEqualTo(Keyword.Support.REFUSED);
                continue;
            }
            if (!declared.contains(name)) {
                missing.add(name);
            }
        }
        assertThat(missing).as("keepalived 2.2.7 keywords in no class").isEmpty();
    }

    @Test
    void everyImplementedKeywordIsExercisedByANamedTestOrListedAsDebt() throws IOException {
        Set<String> implemented = new TreeSet<>();
        collectImplemented(Schema.ROOT, implemented, new java.util.HashSet<>());
        Map<String, String[]> registry = new LinkedHashMap<>();
        for (String line : resourceLines("keyword-tests.txt")) {
            String[] f = line.split("\\s+", 3);
            assertThat(registry.put(f[0], f)).as("%s listed twice", f[0]).isNull();
        }
        assertThat(registry.keySet()).as("registry entries = implemented keywords").containsExactlyInAnyOrderElementsOf(implemented);
        Path root = Path.of("src/test/java/io/vigil");
        for (String[] f : registry.values()) {
            if (f[1].equals("-")) {
                assertThat(f.length > 2 && f[2].equals("gap")).as("%s: '- gap' or a test", f[0]).isTrue();
                continue;
            }
            assertThat(f[1]).as("%s: a parser test does not show the keyword is acted on", f[0]).doesNotStartWith("config/");
            Path test = root.resolve(f[1] + ".java");
            assertThat(test).as("%s: test class", f[0]).exists();
            String text = Files.readString(test);
            String evidence = f.length > 2 ? f[2].strip() : f[0];
            String end = Character.isLetterOrDigit(evidence.charAt(evidence.length() - 1)) ? "(?![\\w-])" : "";
            assertThat(Pattern.compile("(?<![\\w-])" + Pattern.quote(evidence) + end).matcher(text).find())
                    .as("%s: %s mentions '%s'", f[0], f[1], evidence).isTrue();
        }
    }

    /** Implemented keywords reachable from the top level, not descending into refused blocks (kept, never run). */
    private static void collectImplemented(BlockSchema b, Set<String> out, Set<BlockSchema> seen) {
        if (!seen.add(b)) {
            return;
        }
        for (Keyword<?> k : b.keywords()) {
            if (k.support() != Keyword.Support.IMPLEMENTED) {
                continue;
            }
            if (!k.name().startsWith("(")) {
                out.add(k.name());
            }
            if (k.kind() == Keyword.Kind.BLOCK) {
                collectImplemented(k.block(), out, seen);
            }
        }
    }

    private static List<String> resourceLines(String name) throws IOException {
        try (InputStream in = KeywordClassTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }
}
