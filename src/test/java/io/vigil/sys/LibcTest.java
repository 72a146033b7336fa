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
}
