package io.vigil.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/config-reference.md is generated from the schema and must equal what the schema generates now. */
class ReferenceDocTest {
    @Test
    void checkedInReferenceMatchesTheSchema() throws Exception {
        Path doc = Path.of(System.getProperty("vigil.projectDir", ".")).resolve("docs/config-reference.md");
        assertThat(doc).exists();
        assertThat(Files.readString(doc)).as("regenerate: java -cp target/classes io.vigil.config.ReferenceDoc docs/config-reference.md")
                .isEqualTo(ReferenceDoc.generate());
    }

    @Test
    void everyDeclaredKeywordIsDocumented() {
        String doc = ReferenceDoc.generate();
        for (BlockSchema b : Schema.allBlocks()) {
            for (Keyword<?> k : b.keywords()) {
                if (k != b.entries()) {
                    assertThat(doc).contains("`" + k.name() + "`");
                }
            }
        }
        assertThat(doc).contains("| `vigil_data_plane` | implemented | ipvs\\|nftables\\|proxy\\|auto | auto | **Vigil** ");
        assertThat(doc).contains("Legacy spelling: `lb_algo`", "Legacy spelling: `nb_get_retry`", "Legacy spelling: `vrrp_track_file`");
    }
}
