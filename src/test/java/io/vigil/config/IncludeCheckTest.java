package io.vigil.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * include_check and the include variants on real files: which include problems fail the load (errors) and which are
 * only warnings, as keepalived 2.2.7 decides, and how far an include_check line reaches.
 */
class IncludeCheckTest {
    @TempDir
    Path dir;

    private LoadResult load(String main) throws Exception {
        Files.writeString(dir.resolve("main.conf"), main);
        return ConfigLoader.load(dir.resolve("main.conf"), Configs.OPTS);
    }

    private static List<String> messages(List<Diagnostic> ds) {
        return ds.stream().map(Diagnostic::message).toList();
    }

    @Test
    void withoutItAMissingFileOrAnEmptyWildcardIsAWarning_includeCheckMakesThemErrors() throws Exception {
        LoadResult lax = load("include missing.conf\ninclude nothing/*.conf\n");
        assertThat(lax.errors()).isEmpty();
        assertThat(messages(lax.warnings())).containsExactly("include pattern matches no file", "include pattern matches no file");

        LoadResult all = load("global_defs {\n    include_check\n}\ninclude missing.conf\n");
        assertThat(messages(all.errors())).containsExactly("include pattern matches no file");
        assertThat(all.errors().getFirst().pos().line()).isEqualTo(4);
    }

    @Test
    void matchIsAboutNamedFiles_wildcardMatchAboutWildcards() throws Exception {
        Files.createDirectory(dir.resolve("conf.d"));
        LoadResult match = load("global_defs {\n    include_check match\n}\ninclude conf.d/*.conf\ninclude missing.conf\n");
        assertThat(match.errors()).extracting(d -> d.pos().line()).containsExactly(5);
        assertThat(match.warnings()).extracting(d -> d.pos().line()).containsExactly(4);

        LoadResult wildcard = load("global_defs {\n    include_check wildcard_match\n}\ninclude conf.d/*.conf\ninclude missing.conf\n");
        assertThat(wildcard.errors()).extracting(d -> d.pos().line()).containsExactly(4);

        LoadResult removed = load("global_defs {\n    include_check\n    include_check -wildcard_match\n}\ninclude conf.d/*.conf\n");
        assertThat(removed.errors()).isEmpty();
        LoadResult includew = load("includew conf.d/*.conf\n");
        assertThat(includew.errors()).extracting(d -> d.pos().line()).containsExactly(1);
    }

    @Test
    void braceMatchRefusesABraceWithAMissingAlternative_andReadsNoneOfIt() throws Exception {
        Files.writeString(dir.resolve("x.conf"), "global_defs {\n    router_id from-x\n}\n");
        LoadResult lax = load("include {x,y}.conf\n");
        assertThat(lax.errors()).isEmpty();
        assertThat(messages(lax.warnings())).containsExactly("include: some configuration files missing");
        assertThat(lax.config().orElseThrow().globalDefs().routerId()).contains("from-x");

        LoadResult strict = load("includeb {x,y}.conf\n");
        assertThat(messages(strict.errors())).containsExactly("include: some configuration files missing");
    }

    @Test
    void readRefusesDirectoriesAndExecutables_withoutItTheyAreSkippedWithAWarning() throws Exception {
        Path exe = dir.resolve("exe.conf");
        Files.writeString(exe, "global_defs {\n    router_id from-exe\n}\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        LoadResult lax = load("include exe.conf\n");
        assertThat(lax.errors()).isEmpty();
        assertThat(messages(lax.warnings())).singleElement().asString().contains("not a regular non-executable file");
        assertThat(lax.config().orElseThrow().globalDefs().routerId()).as("skipped, as keepalived").isEmpty();

        Files.createDirectory(dir.resolve("d.conf"));
        assertThat(messages(load("includer d.conf\n").errors())).singleElement().asString().contains("is a directory");
        assertThat(messages(load("includer exe.conf\n").errors())).singleElement().asString().contains("not a regular non-executable file");
    }

    @Test
    void anIncludedFilesSettingEndsWithIt() throws Exception {
        Files.writeString(dir.resolve("strict.conf"), "global_defs {\n    include_check\n}\ninclude inner-missing.conf\n");
        LoadResult r = load("include strict.conf\ninclude outer-missing.conf\n");
        assertThat(r.errors()).extracting(d -> d.offending()).containsExactly("inner-missing.conf");
        assertThat(r.warnings()).extracting(d -> d.offending()).containsExactly("outer-missing.conf");
    }

    @Test
    void unknownTypesAreRefused() throws Exception {
        assertThat(messages(load("global_defs {\n    include_check readable\n}\n").errors())).singleElement().asString()
                .startsWith("unknown include_check type");
        assertThat(messages(load("global_defs {\n    include_check read match\n}\n").errors())).singleElement().asString()
                .startsWith("only the first include_check type");
    }

    @Test
    void theSettingFollowsKeepalivedsRules() {
        assertThat(IncludeCheck.apply(0, List.of())).isEqualTo(IncludeCheck.ALL);
        assertThat(IncludeCheck.apply(IncludeCheck.ALL, List.of("match"))).isEqualTo(IncludeCheck.READ | IncludeCheck.MATCH);
        assertThat(IncludeCheck.apply(0, List.of("+brace_match", "-read"))).isEqualTo(IncludeCheck.BRACE);
        assertThat(Globs.braceAlternatives("a{b,c{d,e}}f")).containsExactly("abf", "acdf", "acef");
    }
}
