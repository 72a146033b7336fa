package io.vigil.sys;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** ICMP echo on loopback through both socket kinds, IPv4 and IPv6. */
class IcmpSocketTest {
    @Test
    void checksumOfAKnownEchoRequest() {
        // type 8, code 0, checksum 0, id 0x1234, seq 1, payload "ab": 0x0800 + 0x1234 + 0x0001 + 0x6162 = 0x7b97 -> ~ = 0x8468
        byte[] packet = {8, 0, 0, 0, 0x12, 0x34, 0, 1, 'a', 'b'};
        assertThat(IcmpSocket.checksum(packet)).isEqualTo(0x8468);
        packet[2] = (byte) 0x84;
        packet[3] = 0x68;
        assertThat(IcmpSocket.checksum(packet)).isZero();
    }

    @Test
    void datagramSocketEchoesOnLoopback() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (IcmpSocket s = IcmpSocket.open(lo)) {
            long rtt = s.echo(lo, 1, 1000);
            assertThat(rtt).isPositive();
            assertThat(s.echo(lo, 2, 1000)).isPositive();
        }
    }

    @Test
    void rawSocketEchoesOnLoopbackV4AndV6() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "SKIPPED: raw ICMP sockets need root");
        for (String a : new String[]{"127.0.0.1", "::1"}) {
            InetAddress lo = InetAddress.getByName(a);
            try (IcmpSocket s = IcmpSocket.open(lo, false)) {
                assertThat(s.isDatagram()).isFalse();
                assertThat(s.echo(lo, 7, 1000)).as(a).isPositive();
            } catch (NativeException e) {
                if (a.equals("::1")) Assumptions.abort("SKIPPED: no IPv6 here: " + e.getMessage());
                throw e;
            }
        }
    }

    @Test
    void ipv6DatagramEcho() throws Exception {
        InetAddress lo = InetAddress.getByName("::1");
        try (IcmpSocket s = IcmpSocket.open(lo)) {
            assertThat(s.echo(lo, 3, 1000)).isPositive();
        } catch (NativeException e) {
            Assumptions.abort("SKIPPED: no IPv6 ICMP here: " + e.getMessage());
        }
    }
}
