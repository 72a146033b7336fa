package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * net_namespace (at the top level, as keepalived's conditional_conf sample writes it) and instance: the daemon is
 * started in the initial namespace; its VRRP and checker processes run inside /run/netns/NAME (their /proc/PID/ns/net
 * is that namespace; the VIP appears there and nowhere else), and the pid files and control socket follow keepalived's
 * naming under Vigil's directory: /run/vigil/NAME/vigil_INSTANCE.pid, vrrp_INSTANCE.pid, checkers_INSTANCE.pid.
 */
class NetNamespaceLabTest {
    @Test
    @Timeout(180)
    void daemonStartedOutsideRunsItsChildrenInTheNamespaceWithKeepalivedsPidNames() throws Exception {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24");
            String ns = ha.ns();
            Path conf = v.dir.resolve("ns.conf");
            Files.writeString(conf, "net_namespace " + ns + "\n" + VrrpConf.fast(200, "198.18.0.100/24").text("a")
                    .replace("global_defs {\n", "global_defs {\n  instance t1\n"));
            Path dir = Path.of("/run/vigil", ns), log = v.dir.resolve("ns.log");
            String javaBin = ProcessHandle.current().info().command().orElse("java");
            List<String> argv = new ArrayList<>(List.of(javaBin, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"), "io.vigil.daemon.Main", "-n", "-l", "-G", "-f", conf.toString(),
                    "--data-dump", v.dir.resolve("ns.data").toString(), "--stats-dump", v.dir.resolve("ns.stats").toString()));
            Process parent = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                v.awaitOrDump("VIP inside the namespace", Duration.ofSeconds(60), () -> assertThat(VrrpLab.addresses(ha).contains("198.18.0.100"))
                        .as(Files.exists(log) ? Files.readString(log) : "").isTrue());
                assertThat(Lab.exec(List.of("ip", "-o", "addr"))).as("the initial namespace is untouched").doesNotContain("198.18.0.100");
                long nsInode = (Long) Files.getAttribute(Path.of("/run/netns", ns), "unix:ino");
                assertThat(pidIn(dir.resolve("vigil_t1.pid"))).isEqualTo(parent.pid());
                for (String child : List.of("vrrp_t1.pid", "checkers_t1.pid")) {
                    long pid = pidIn(dir.resolve(child));
                    assertThat(Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")).toString()).as(child + "'s network namespace")
                            .isEqualTo("net:[" + nsInode + "]");
                }
                assertThat(dir.resolve("vigil_t1.ctl")).exists();
                Lab.exec(List.of("kill", "-TERM", Long.toString(parent.pid())));
                assertThat(parent.waitFor(30, TimeUnit.SECONDS)).as("the daemon stops on TERM").isTrue();
                assertThat(VrrpLab.addresses(ha).contains("198.18.0.100")).as("VIP removed at stop").isFalse();
                assertThat(dir.resolve("vigil_t1.pid")).doesNotExist();
                assertThat(Files.readString(log)).contains("children in network namespace " + ns);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n" + (Files.exists(log) ? Files.readString(log) : ""), e);
            } finally {
                for (String f : List.of("vrrp_t1.pid", "checkers_t1.pid")) {
                    long pid = pidIn(dir.resolve(f));
                    if (pid > 0) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
                parent.destroyForcibly();
                parent.waitFor(10, TimeUnit.SECONDS);
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) Files.deleteIfExists(f);
                } catch (java.io.IOException ignored) {
                    // gone already
                }
                Files.deleteIfExists(dir);
            }
        }
    }

    private static long pidIn(Path file) {
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
    }
}
