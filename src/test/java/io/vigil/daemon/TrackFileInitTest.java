package io.vigil.daemon;

import io.vigil.config.ConfigLoader;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.LoadOptions;
import io.vigil.config.LoadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** keepalived's init_file of a track_file (trackers/track_file.c): from the configuration text to the file. */
class TrackFileInitTest {
    @TempDir
    Path tmp;

    private KeepalivedConfig load(String initLine, Path file) {
        LoadResult r = ConfigLoader.loadText("test.conf", """
                track_file weight_file {
                    file %s
                    %s
                }
                """.formatted(file, initLine), LoadOptions.defaults());
        assertThat(r.errors()).isEmpty();
        return r.config().orElseThrow();
    }

    @Test
    void aMissingFileIsCreatedWithTheValue_atStartAndOnReload() throws Exception {
        Path f = tmp.resolve("prio");
        TrackFileInit.apply(load("init_file -10", f), false);
        assertThat(Files.readString(f)).isEqualTo("-10\n");
        Files.delete(f);
        TrackFileInit.apply(load("init_file", f), true);
        assertThat(Files.readString(f)).as("default value 0, written on reload too").isEqualTo("0\n");
    }

    @Test
    void anExistingFileIsKept_unlessOverwrite_andNeverOverwrittenOnReload() throws Exception {
        Path f = tmp.resolve("prio");
        Files.writeString(f, "7\n");
        TrackFileInit.apply(load("init_file 3", f), false);
        assertThat(Files.readString(f)).isEqualTo("7\n");
        TrackFileInit.apply(load("init_file overwrite 3", f), true);
        assertThat(Files.readString(f)).as("not on reload").isEqualTo("7\n");
        TrackFileInit.apply(load("init_file 3 overwrite", f), false);
        assertThat(Files.readString(f)).isEqualTo("3\n");
    }

    @Test
    void badWordsAreErrors_valuesOutsideTheSensibleRangeWarnings() {
        LoadResult bad = ConfigLoader.loadText("test.conf", "track_file t {\n    file /tmp/x\n    init_file fast\n}\n", LoadOptions.defaults());
        assertThat(bad.errors()).singleElement().asString().contains("3:").contains("expected an init value or overwrite");
        LoadResult wide = ConfigLoader.loadText("test.conf", "track_file t {\n    file /tmp/x\n    init_file 300\n}\n", LoadOptions.defaults());
        assertThat(wide.errors()).isEmpty();
        assertThat(wide.warnings()).singleElement().asString().contains("outside the sensible range");
    }
}
