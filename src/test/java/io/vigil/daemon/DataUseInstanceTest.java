package io.vigil.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** keepalived's data_use_instance (core/global_data.c open_dump_file): dump files named after namespace and instance. */
class DataUseInstanceTest {
    @TempDir
    Path dir;

    private DaemonPlacement placed(String globals) throws Exception {
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, "global_defs {\n" + globals + "}\n");
        return DaemonPlacement.find(conf, null, false);
    }

    private static Path data(DaemonPlacement p) {
        return p.dumpFile(DaemonPlacement.DEFAULT_DATA_DUMP, DaemonPlacement.DEFAULT_DATA_DUMP);
    }

    @Test
    void dumpFilesCarryTheNamespaceAndInstance() throws Exception {
        DaemonPlacement both = placed("    net_namespace ns1\n    instance lb2\n    data_use_instance\n");
        assertThat(data(both)).isEqualTo(Path.of("/tmp/keepalived.ns1_lb2.data"));
        assertThat(both.dumpFile(DaemonPlacement.DEFAULT_STATS_DUMP, DaemonPlacement.DEFAULT_STATS_DUMP)).isEqualTo(Path.of("/tmp/keepalived.ns1_lb2.stats"));
        assertThat(data(placed("    instance lb2\n    data_use_instance\n"))).isEqualTo(Path.of("/tmp/keepalived.lb2.data"));
        assertThat(data(placed("    net_namespace ns1\n    data_use_instance true\n"))).isEqualTo(Path.of("/tmp/keepalived.ns1.data"));
    }

    @Test
    void notWithoutIt_norWithoutANamespaceOrInstance_norOverAFileGivenOnTheCommandLine() throws Exception {
        assertThat(data(placed("    net_namespace ns1\n    instance lb2\n"))).isEqualTo(DaemonPlacement.DEFAULT_DATA_DUMP);
        assertThat(data(placed("    data_use_instance\n"))).isEqualTo(DaemonPlacement.DEFAULT_DATA_DUMP);
        DaemonPlacement both = placed("    net_namespace ns1\n    instance lb2\n    data_use_instance\n");
        assertThat(both.dumpFile(Path.of("/var/tmp/mine.data"), DaemonPlacement.DEFAULT_DATA_DUMP)).isEqualTo(Path.of("/var/tmp/mine.data"));
    }
}
