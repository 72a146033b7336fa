package io.vigil.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet6Address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one IP-literal parser: what it accepts, what it refuses, and that it never asks a name server. */
class IpLiteralTest {
    @ParameterizedTest
    @CsvSource({
            "198.18.0.1, 198.18.0.1",
            "0.0.0.0, 0.0.0.0",
            "255.255.255.255, 255.255.255.255",
            "2001:2::12, 2001:2::12",
            "[2001:2::12], 2001:2::12",
            "FF02::12, ff02::12",
            "::, ::",
            "::ffff:198.18.0.1, 198.18.0.1",
    })
    void acceptsLiterals(String text, String formatted) {
        assertThat(InetText.of(IpLiteral.parseOrNull(text))).isEqualTo(formatted);
        assertThat(IpLiteral.parse(" " + text + "\t")).isEqualTo(IpLiteral.parseOrNull(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "example.com", "198.18.0", "198.18.1", "10", "198.18.0.01", "198.18.0.256",
            "198.18.0.1.", "198.18.0.1/24", "0x7f.0.0.1", "fe80::1%eth0", "2001:2::12::1", "[198.18.0.1]", "[]", "2001:2::g"})
    void refusesAnythingElse(String text) {
        assertThat(IpLiteral.parseOrNull(text)).isNull();
        assertThatThrownBy(() -> IpLiteral.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an IP address literal: " + text);
    }

    @Test
    void nullAndOverlongTextAreNotLiterals() {
        assertThat(IpLiteral.parseOrNull(null)).isNull();
        assertThat(IpLiteral.parseOrNull("1:".repeat(40))).isNull();
        assertThatThrownBy(() -> IpLiteral.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ipv6StaysIpv6() {
        assertThat(IpLiteral.parse("2001:2::100")).isInstanceOf(Inet6Address.class);
    }
}
