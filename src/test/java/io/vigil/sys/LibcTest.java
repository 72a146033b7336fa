package io.vigil.sys;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LibcTest {
    @Test
    void loopbackHasAnIndexAndUnknownInterfacesHaveNone() {
        assertThat(Libc.ifNameToIndex("lo")).isPositive();
        assertThat(Libc.ifNameToIndex("no-such-if0")).isZero();
    }

    @Test
    void failingCallCarriesErrno() {
        assertThatThrownBy(() -> Libc.socket(12345, Libc.SOCK_DGRAM, 0))
                .isInstanceOf(NativeException.class)
                .satisfies(e -> assertThat(((NativeException) e).errno()).isEqualTo(97 /* EAFNOSUPPORT */))
                .hasMessageContaining("socket");
    }

    @Test
    void udpSocketOpensAndCloses() {
        int fd = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        assertThat(fd).isGreaterThanOrEqualTo(0);
        Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, 1);
        assertThat(Libc.getsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR)).isEqualTo(1);
        Libc.close(fd);
    }

    @Test
    void udpDatagramRoundTripOverLoopback() {
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
            int rx = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
            int tx = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
            // struct sockaddr_in { family; port (network order); addr (network order); zero[8] }
            java.lang.foreign.MemorySegment sin = a.allocate(16);
            sin.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_INET);
            sin.set(Libc.NET_INT, 4, 0x7f000001);
            Libc.bind(rx, sin);
            Libc.getsockname(rx, sin);
            java.lang.foreign.MemorySegment msg = a.allocateFrom("ping");
            assertThat(Libc.sendto(tx, msg, 4, 0, sin)).isEqualTo(4);
            assertThat(Libc.pollIn(rx, 2000)).isTrue();
            java.lang.foreign.MemorySegment buf = a.allocate(64);
            assertThat(Libc.recvfrom(rx, buf, 64, 0, null, null)).isEqualTo(4);
            assertThat(Libc.cString(buf, 4)).isEqualTo("ping");
            assertThat(Libc.recvfrom(rx, buf, 64, Libc.MSG_DONTWAIT, null, null)).as("nothing more: EAGAIN is -1").isEqualTo(-1);
            Libc.close(rx);
            Libc.close(tx);
        }
    }

    @Test
    void indexToNameIsTheInverseOfNameToIndex() {
        assertThat(Libc.ifIndexToName(Libc.ifNameToIndex("lo"))).isEqualTo("lo");
        assertThat(Libc.ifIndexToName(999_999)).isNull();
    }

    @Test
    void eventfdReadsWhatWasWritten() {
        int fd = Libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
            var buf = a.allocate(8);
            assertThat(Libc.read(fd, buf, 8)).isEqualTo(-1); // EAGAIN: nothing yet
            buf.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, 3L);
            Libc.write(fd, buf, 8);
            assertThat(Libc.pollIn(fd, 0)).isTrue();
            assertThat(Libc.read(fd, buf, 8)).isEqualTo(8);
            assertThat(buf.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0)).isEqualTo(3L);
        } finally {
            Libc.close(fd);
        }
    }

    @Test
    void prctlNamesTheCallingThreadAndUmaskIsTheProcesssMask() throws Exception {
        var names = new java.util.concurrent.CompletableFuture<java.util.List<String>>();
        Thread.ofPlatform().start(() -> {
            try {
                Libc.setThreadName("vigil-test");
                names.complete(java.util.List.of(Libc.threadName(),
                        java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/comm")).strip()));
            } catch (Throwable e) {
                names.completeExceptionally(e);
            }
        });
        assertThat(names.get()).containsExactly("vigil-test", "vigil-test");
        int old = Libc.umask(027);
        try {
            assertThat(Libc.umask(027)).isEqualTo(027);
            assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/status"))).contains("Umask:\t0027");
        } finally {
            Libc.umask(old);
        }
    }
}
