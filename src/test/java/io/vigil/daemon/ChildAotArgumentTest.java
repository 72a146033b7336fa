package io.vigil.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ChildAotArgumentTest {
    @Test
    void trainingRunWritesOneCachePerChildKind() {
        assertThat(Daemon.childAotArgument("-XX:AOTCacheOutput=/var/lib/vigil/vigil.aot", Subsystem.Kind.VRRP))
                .isEqualTo("-XX:AOTCacheOutput=/var/lib/vigil/vigil-vrrp.aot");
        assertThat(Daemon.childAotArgument("-XX:AOTCacheOutput=/tmp/cache", Subsystem.Kind.CHECKERS))
                .isEqualTo("-XX:AOTCacheOutput=/tmp/cache-checkers");
    }

    @Test
    void childUsesItsOwnCacheWhenPresentElseTheParents(@TempDir Path dir) throws Exception {
        String parent = "-XX:AOTCache=" + dir.resolve("vigil.aot");
        assertThat(Daemon.childAotArgument(parent, Subsystem.Kind.VRRP)).isEqualTo(parent);
        Files.writeString(dir.resolve("vigil-vrrp.aot"), "x");
        assertThat(Daemon.childAotArgument(parent, Subsystem.Kind.VRRP)).isEqualTo("-XX:AOTCache=" + dir.resolve("vigil-vrrp.aot"));
        assertThat(Daemon.childAotArgument(parent, Subsystem.Kind.CHECKERS)).isEqualTo(parent);
    }

    @Test
    void otherArgumentsPassUnchanged() {
        assertThat(Daemon.childAotArgument("-Xmx32m", Subsystem.Kind.VRRP)).isEqualTo("-Xmx32m");
    }
}
