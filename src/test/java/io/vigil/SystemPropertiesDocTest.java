package io.vigil;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every Vigil system property read or set in src/main is in CONTRIBUTING.md's table: none is hidden. */
class SystemPropertiesDocTest {
    /** A {@code "vigil.x"} literal on a line that reads, sets or passes a property. */
    private static final Pattern USE = Pattern.compile("getProperty|getBoolean|getInteger|getLong|_PROPERTY =|\"-Dvigil\\.");
    private static final Pattern NAME = Pattern.compile("\"(?:-D)?(vigil\\.[A-Za-z.]+?)\\.?[=\"]");

    @Test
    void everyPropertyIsDocumented() throws IOException {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (!USE.matcher(line).find()) continue;
                    Matcher m = NAME.matcher(line);
                    while (m.find()) used.add(m.group(1));
                }
            }
        }
        assertThat(used).as("properties found in src/main").contains("vigil.process", "vigil.ipvs.ownership", "vigil.umask.fixed");
        String doc = Files.readString(Path.of("CONTRIBUTING.md"));
        String table = doc.substring(doc.indexOf("## System properties"));
        for (String name : used) assertThat(table).as("CONTRIBUTING.md documents %s", name).contains("`" + name);
    }
}
