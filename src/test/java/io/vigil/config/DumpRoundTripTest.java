package io.vigil.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The -d output is itself a valid configuration that reads back to the same effective configuration. */
class DumpRoundTripTest {
    @Test
    void dumpOfEveryValidSampleReadsBackUnchanged() throws IOException {
        Path dir = SharedCorpus.file("corpus/keepalived-samples");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        int checked = 0;
        for (Path f : files) {
            LoadResult first = ConfigLoader.load(f, new LoadOptions("high", true)); // --compat: refused keywords are dumped too
            if (!first.isValid()) {
                continue;
            }
            LoadResult second = ConfigLoader.loadText("dump.conf", first.effectiveConfig(), new LoadOptions("high", true));
            assertThat(second.errors()).as("%s dump:%n%s", f.getFileName(), first.effectiveConfig()).isEmpty();
            // defaults and inherited values are explicit in the dump, so only their comments may differ
            assertThat(uncommented(second.effectiveConfig())).as("%s", f.getFileName()).isEqualTo(uncommented(first.effectiveConfig()));
            checked++;
        }
        assertThat(checked).as("the 23 valid samples, and vrrp.lvs_syncd whose unknown keywords --compat ignores").isEqualTo(24);
    }

    private static String uncommented(String dump) {
        return dump.replaceAll(" {3}# [a-z ,]+(Vigil)?\n", "\n");
    }
}
