package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import io.vigil.lab.VigilNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Vigil (parent + VRRP child) in a namespace: the SIGUSR1 data dump shows the configured router_id as
 * keepalived's does, and the VRRP child is named vigil-vrrp for ps and pgrep.
 */
class VigilDumpAndNamesLabTest {
    @Test
    @Timeout(180)
    void dataDumpShowsRouterIdAndTheVrrpChildIsNamed() {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24");
            VigilNode a = v.vigil(ha, "a", VrrpConf.fast(200, "198.18.0.100/24")); // router_id a (VrrpConf.text)
            a.start();
            v.awaitStates(a, "MASTER");
            Path data = v.dir.resolve("a.data");
            a.signalParent("USR1");
            v.awaitOrDump("data dump with router_id", Duration.ofSeconds(20),
                    () -> assertThat(Files.readString(data)).contains("------< Global definitions >------\n Router ID = a\n"));
            v.awaitOrDump("VRRP child named", Duration.ofSeconds(10), () -> {
                assertThat(Files.readString(Path.of("/proc/" + a.vrrpPid() + "/comm")).strip()).isEqualTo("vigil-vrrp");
                assertThat(Files.readString(Path.of("/proc/" + a.parentPid() + "/comm")).strip()).isEqualTo("vigil");
                assertThat(Lab.exec(java.util.List.of("pgrep", "-x", "vigil-vrrp"))).contains(Long.toString(a.vrrpPid()));
            });
        }
    }
}
