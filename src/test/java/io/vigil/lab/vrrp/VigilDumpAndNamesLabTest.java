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

    /** global_defs umask: the parent and the VRRP child run with it (keepalived: every process); without it, 022. */
    @Test
    @Timeout(180)
    void umaskOfEveryProcessFollowsTheConfiguration() throws Exception {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24"), hb = v.host("b", "198.18.0.12/24");
            VigilNode a = new VigilNode(ha, "a", v.dir, VrrpConf.fast(200, "198.18.0.100/24").text("a")
                    .replace("global_defs {\n", "global_defs {\n  umask IWGRP|IROTH|IWOTH|IXOTH\n")); // 027
            VigilNode b = new VigilNode(hb, "b", v.dir, VrrpConf.fast(100, "198.18.0.100/24").text("b"));
            try {
                a.start();
                b.start();
                v.awaitStates(a, "MASTER", b, "BACKUP");
                v.awaitOrDump("umask of a's processes", Duration.ofSeconds(20), () -> {
                    assertThat(umask(a.parentPid())).isEqualTo("0027");
                    assertThat(umask(a.vrrpPid())).isEqualTo("0027");
                });
                assertThat(umask(b.parentPid())).as("keepalived's default").isEqualTo("0022");
                assertThat(umask(b.vrrpPid())).isEqualTo("0022");
            } finally {
                a.close();
                b.close();
            }
        }
    }

    /** process_names / process_name: keepalived's names for the VRRP process, and the parent's own. */
    @Test
    @Timeout(180)
    void processNamesFromTheConfiguration() {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24");
            VigilNode a = new VigilNode(ha, "a", v.dir, VrrpConf.fast(200, "198.18.0.100/24").text("a")
                    .replace("global_defs {\n", "global_defs {\n  process_names\n  process_name lb-parent\n"));
            try {
                a.start();
                v.awaitStates(a, "MASTER");
                v.awaitOrDump("names", Duration.ofSeconds(20), () -> {
                    assertThat(Files.readString(Path.of("/proc/" + a.vrrpPid() + "/comm")).strip()).isEqualTo("keepalived_vrrp");
                    assertThat(Files.readString(Path.of("/proc/" + a.parentPid() + "/comm")).strip()).isEqualTo("lb-parent");
                });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n" + a.log(), e);
            } finally {
                a.close();
            }
        }
    }

    /** log_unknown_vrids: an advert of another VRID on the LAN is logged with keepalived's wording. */
    @Test
    @Timeout(180)
    void logUnknownVridsLogsAdvertsOfOtherRouters() {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24"), hb = v.host("b", "198.18.0.12/24");
            VigilNode a = new VigilNode(ha, "a", v.dir, VrrpConf.fast(200, "198.18.0.100/24").text("a")
                    .replace("global_defs {\n", "global_defs {\n  log_unknown_vrids\n"));
            VigilNode b = new VigilNode(hb, "b", v.dir, VrrpConf.fast(200, "198.18.0.101/24").text("b")
                    .replace("virtual_router_id 51", "virtual_router_id 52"));
            try {
                a.start();
                b.start();
                v.awaitStates(a, "MASTER", b, "MASTER");
                v.awaitOrDump("a logs b's adverts", Duration.ofSeconds(20), () -> assertThat(a.log())
                        .contains("Unknown VRID(52) received on interface(eth0) from 198.18.0.12. ignoring..."));
                assertThat(b.log()).as("without the keyword: counted, not logged").doesNotContain("Unknown VRID");
            } finally {
                a.close();
                b.close();
            }
        }
    }

    private static String umask(long pid) throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("Umask:"))
                .map(l -> l.substring(6).strip()).findFirst().orElse("?");
    }
}
