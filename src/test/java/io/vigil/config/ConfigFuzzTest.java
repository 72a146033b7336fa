package io.vigil.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any input ends in a model or in diagnostics, never in another exception. The Jazzer test runs its seed corpus
 * (src/test/resources/.../ConfigFuzzTestInputs) in regression mode during {@code mvn test}; {@code bench/fuzz.sh config}
 * fuzzes it with coverage feedback (Jazzer 0.26; 0.24 could not instrument Java 25 classes: docs/fuzzing.md). The
 * deterministic random-mutation test below adds seeded mutants of the same property to every build.
 */
class ConfigFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void anyInputEndsInAModelOrADiagnostic(byte[] input) {
        check(new String(input, StandardCharsets.UTF_8));
    }

    static void check(String text) {
        LoadResult r = ConfigLoader.loadText("fuzz.conf", text, new LoadOptions("x", false));
        // a model exactly when there is no error; the internal-error diagnostic means a reader defect
        assertThat(r.config().isPresent()).isEqualTo(r.errors().isEmpty());
        assertThat(r.diagnostics()).noneMatch(d -> d.message().startsWith("internal error"));
        assertThat(r.effectiveConfig()).isNotNull();
    }

    @Test
    void randomMutationsOfTheSeedCorpusNeverThrow() throws Exception {
        List<String> seeds = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("vigil.projectDir", "."))
                .resolve("src/test/resources/io/vigil/config/ConfigFuzzTestInputs/anyInputEndsInAModelOrADiagnostic"))) {
            for (Path p : s.sorted().toList()) {
                seeds.add(Files.readString(p, StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(seeds).hasSizeGreaterThanOrEqualTo(5);
        Random rnd = new Random(20261125L);
        String alphabet = "{}\"#!\\$@^~()\n\t ,.-/:0123456789abcdefSEQLST_x";
        for (int round = 0; round < 800; round++) {
            StringBuilder sb = new StringBuilder(seeds.get(rnd.nextInt(seeds.size())));
            int edits = 1 + rnd.nextInt(8);
            for (int e = 0; e < edits && !sb.isEmpty(); e++) {
                int at = rnd.nextInt(sb.length());
                switch (rnd.nextInt(4)) {
                    case 0 -> sb.deleteCharAt(at);
                    case 1 -> sb.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    case 2 -> sb.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    default -> {
                        int len = Math.min(sb.length() - at, 1 + rnd.nextInt(40));
                        sb.insert(rnd.nextInt(sb.length()), sb.substring(at, at + len));
                    }
                }
            }
            check(sb.toString());
        }
    }
}
