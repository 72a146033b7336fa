package io.vigil.check;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** Addresses print as inet_ntop prints them (RFC 5952 for IPv6), as keepalived's logs and Host headers do. */
class AddressesTest {
    @ParameterizedTest
    @CsvSource({
            "0:0:0:0:0:0:0:1, ::1",
            "::, ::",
            "2001:2:0:0:0:0:0:12, 2001:2::12",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "fe80:0:0:0:0:0:0:0, fe80::",
            "192.0.2.1, 192.0.2.1",
    })
    void text(String in, String out) throws Exception {
        assertThat(Addresses.text(InetAddress.getByName(in))).isEqualTo(out);
    }
}
