package io.vigil.sys;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;

/** sd_notify datagrams received on a unix datagram socket standing in for systemd (no root needed). */
class SdNotifyTest {
    /** A bound AF_UNIX datagram socket playing systemd's notify socket. */
    private static final class FakeSystemd implements AutoCloseable {
        final int fd = Libc.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        final Arena arena = Arena.ofConfined();

        FakeSystemd(String path) {
            Libc.bind(fd, Sockaddrs.unix(arena, path));
        }

        String next() {
            assertThat(Libc.pollIn(fd, 5000)).as("a datagram within 5 s").isTrue();
            MemorySegment buf = arena.allocate(4096);
            long n = Libc.recvfrom(fd, buf, 4096, Libc.MSG_DONTWAIT, null, null);
            byte[] b = new byte[(int) n];
            MemorySegment.copy(buf, JAVA_BYTE, 0, b, 0, (int) n);
            return new String(b, StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            Libc.close(fd);
            arena.close();
        }
    }

    @Test
    void sendsStatesToAPathSocket() throws Exception {
        Path dir = Files.createTempDirectory("vigil-sdnotify");
        String path = dir.resolve("notify").toString();
        try (FakeSystemd systemd = new FakeSystemd(path);
             SdNotify n = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", path), 1)) {
            assertThat(n.enabled()).isTrue();
            assertThat(n.ready()).isTrue();
            assertThat(systemd.next()).isEqualTo("READY=1");
            n.status("2 VRRP instances, 1 MASTER");
            assertThat(systemd.next()).isEqualTo("STATUS=2 VRRP instances, 1 MASTER");
            n.watchdog();
            assertThat(systemd.next()).isEqualTo("WATCHDOG=1");
            n.reloading();
            assertThat(systemd.next()).startsWith("RELOADING=1\nMONOTONIC_USEC=");
            n.stopping();
            assertThat(systemd.next()).isEqualTo("STOPPING=1");
        } finally {
            Files.deleteIfExists(dir.resolve("notify"));
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void sendsToAnAbstractSocket() {
        String name = "@vigil-sdnotify-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (FakeSystemd systemd = new FakeSystemd(name); SdNotify n = SdNotify.to(name)) {
            assertThat(n.ready()).isTrue();
            assertThat(systemd.next()).isEqualTo("READY=1");
        }
    }

    @Test
    void withoutNotifySocketEverythingIsANoOp() {
        SdNotify n = SdNotify.fromEnvironment(Map.of(), 1);
        assertThat(n.enabled()).isFalse();
        assertThat(n.ready()).isFalse();
    }

    @Test
    void aVanishedSupervisorIsReportedNotThrown() {
        try (SdNotify n = SdNotify.to("/nonexistent-dir/notify")) {
            assertThat(n.ready()).isFalse();
        }
    }

    @Test
    void watchdogIntervalIsOnlyForTheNamedPid() {
        assertThat(SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "/x", "WATCHDOG_USEC", "20000000", "WATCHDOG_PID", "42"), 42)
                .watchdogMicros()).isEqualTo(20_000_000L);
        assertThat(SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "/x", "WATCHDOG_USEC", "20000000", "WATCHDOG_PID", "41"), 42)
                .watchdogMicros()).isZero();
    }
}
