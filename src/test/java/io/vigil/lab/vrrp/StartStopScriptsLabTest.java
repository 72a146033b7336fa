package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import io.vigil.lab.VigilNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * startup_script and shutdown_script on a real daemon in a namespace, in keepalived's order: the startup script runs
 * to its end before the VRRP process does anything (no VIP while it runs, VRRP started after it succeeded); the
 * shutdown script runs once the VRRP process has exited and its VIP is gone, while the parent's pid file still exists,
 * and is killed at shutdown_script_timeout (it would sleep 30 s; the parent exits well within the 15 s
 * {@link VigilNode#terminate} allows).
 */
class StartStopScriptsLabTest {
    @Test
    @Timeout(180)
    void startupScriptRunsBeforeVrrpAndShutdownScriptAfterIt() throws Exception {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24");
            Path events = v.dir.resolve("events");
            Path vrrpPidCopy = v.dir.resolve("vrrp-pid");
            Path startup = script(v.dir, "startup.sh", """
                    echo startup-begin >> %1$s
                    sleep 4
                    echo "startup-end vip=$(ip -o addr show dev eth0 | grep -c 198.18.0.100)" >> %1$s
                    """.formatted(events));
            Path shutdown = script(v.dir, "shutdown.sh", """
                    alive=gone; kill -0 "$(cat %2$s)" 2>/dev/null && alive=alive
                    pidfile=absent; test -f %3$s && pidfile=present
                    echo "shutdown-begin vrrp=$alive vip=$(ip -o addr show dev eth0 | grep -c 198.18.0.100) pidfile=$pidfile" >> %1$s
                    sleep 30
                    echo shutdown-end >> %1$s
                    """.formatted(events, vrrpPidCopy, v.dir.resolve("a.pid")));
            // The same run shows two global keywords of the VRRP process: default_interface (the instance names none) and
            // vrrp_notify_fifo_script (started with the FIFO's path; it copies the transition lines it reads).
            Path fifo = v.dir.resolve("vrrp.fifo"), copied = v.dir.resolve("fifo-lines");
            Path reader = script(v.dir, "reader.sh", "exec cat \"$1\" >> " + copied + "\n");
            VigilNode a = new VigilNode(ha, "a", v.dir, VrrpConf.fast(200, "198.18.0.100/24").text("a")
                    .replace("  interface eth0\n", "")
                    .replace("global_defs {\n", "global_defs {\n  startup_script " + startup + "\n  startup_script_timeout 20\n"
                            + "  shutdown_script \"" + shutdown + "\"\n  shutdown_script_timeout 2\n"
                            + "  default_interface eth0\n  vrrp_notify_fifo " + fifo + "\n  vrrp_notify_fifo_script " + reader + "\n"));
            try {
                a.start();
                v.awaitStates(a, "MASTER");
                assertThat(Files.readAllLines(events)).containsExactly("startup-begin", "startup-end vip=0");
                String log = a.log();
                assertThat(log).contains("waiting for the startup script to end before starting", "startup script succeeded");
                assertThat(log.indexOf("VRRP started")).as("VRRP starts after the startup script").isGreaterThan(log.indexOf("startup script succeeded"));
                v.awaitOrDump("the FIFO reader got the transitions", java.time.Duration.ofSeconds(20), () -> assertThat(Files.exists(copied) ? Files.readAllLines(copied) : java.util.List.<String>of())
                        .containsSubsequence("INSTANCE \"VI_1\" BACKUP 200", "INSTANCE \"VI_1\" MASTER 200"));
                assertThat(VrrpLab.holds(a, "198.18.0.100")).as("default_interface eth0 carries the VIP").isTrue();
                Files.writeString(vrrpPidCopy, Long.toString(a.vrrpPid()));
                a.terminate();
                assertThat(Files.readAllLines(events)).containsExactly("startup-begin", "startup-end vip=0",
                        "shutdown-begin vrrp=gone vip=0 pidfile=present");
                assertThat(a.log()).contains("shutdown script timed out after 2 s");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n" + a.log(), e);
            } finally {
                a.close();
            }
        }
    }

    private static Path script(Path dir, String name, String body) throws java.io.IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }
}
