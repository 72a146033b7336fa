package io.vigil.net;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class InetTextTest {
    private static String text(String literal) throws Exception {
        return InetText.of(InetAddress.getByName(literal));
    }

    @Test
    void writesAddressesAsInetNtop() throws Exception {
        assertThat(text("198.18.0.1")).isEqualTo("198.18.0.1");
        assertThat(text("2001:2:0:0:0:0:0:10")).isEqualTo("2001:2::10");
        assertThat(text("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(text("0:0:0:0:0:0:0:0")).isEqualTo("::");
        assertThat(text("ff02:0:0:0:0:0:0:12")).isEqualTo("ff02::12");
        assertThat(text("fe80:0:0:0:0:0:0:0")).isEqualTo("fe80::");
        // One zero group stays a 0; of two equal runs the first becomes "::".
        assertThat(text("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(text("2001:0:0:1:0:0:1:1")).isEqualTo("2001::1:0:0:1:1");
        assertThat(text("2001:db8:0:0:1:0:0:0")).isEqualTo("2001:db8:0:0:1::");
    }
}
