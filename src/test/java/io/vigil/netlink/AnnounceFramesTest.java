package io.vigil.netlink;

import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** Golden frames captured from keepalived 2.2.7 with {@code tcpdump -xx} in a lab namespace. */
class AnnounceFramesTest {
    static final byte[] MAC = Link.parseMac("02:6b:6c:00:00:0b");

    /** src/test/resources/io/vigil/vrrp/wire/multicast/capture-v2.txt: GARP for 198.18.0.100 from 02:6b:6c:00:00:0b. */
    static final String KEEPALIVED_GARP = """
            ffff ffff ffff 026b 6c00 000b 0806 0001
            0800 0604 0001 026b 6c00 000b c612 0064
            ffff ffff ffff c612 0064""";

    /**
     * keepalived 2.2.7, IPv6 VIP 2001:2::100 on an interface with MAC 02:6b:6c:00:00:0b and forwarding off,
     * captured on 2026-11-25 in this project's lab (tcpdump -xx -i eth0 --immediate-mode on the peer).
     */
    static final String KEEPALIVED_NA = """
            3333 0000 0001 026b 6c00 000b 86dd 6000
            0000 0020 3aff 2001 0002 0000 0000 0000
            0000 0000 0100 ff02 0000 0000 0000 0000
            0000 0000 0001 8800 a623 2000 0000 2001
            0002 0000 0000 0000 0000 0000 0100 0201
            026b 6c00 000b""";

    @Test
    void gratuitousArpIsKeepalivedsFrame() throws Exception {
        byte[] f = AnnounceFrames.gratuitousArp(MAC, (Inet4Address) InetAddress.getByName("198.18.0.100"));
        assertThat(f).hasSize(AnnounceFrames.GARP_LENGTH);
        assertThat(Hex.of(f)).isEqualTo(Hex.of(Hex.bytes(KEEPALIVED_GARP)));
    }

    @Test
    void neighbourAdvertIsKeepalivedsFrame() throws Exception {
        byte[] f = AnnounceFrames.unsolicitedNeighbourAdvert(MAC, (Inet6Address) InetAddress.getByName("2001:2::100"), false);
        assertThat(f).hasSize(AnnounceFrames.NA_LENGTH);
        assertThat(Hex.of(f)).isEqualTo(Hex.of(Hex.bytes(KEEPALIVED_NA)));
    }

    @Test
    void routerFlagChangesFlagsAndChecksumOnly() throws Exception {
        Inet6Address vip = (Inet6Address) InetAddress.getByName("2001:2::100");
        byte[] plain = AnnounceFrames.unsolicitedNeighbourAdvert(MAC, vip, false);
        byte[] router = AnnounceFrames.unsolicitedNeighbourAdvert(MAC, vip, true);
        assertThat(router[AnnounceFrames.OFF_NA_FLAGS]).isEqualTo((byte) 0xa0);
        // The checksum verifies: summing the message with its checksum in place gives zero.
        assertThat(AnnounceFrames.icmpv6Checksum(router, AnnounceFrames.OFF_IP6_SRC, AnnounceFrames.OFF_IP6_DST,
                AnnounceFrames.OFF_ICMP6, 32)).isZero();
        for (int i = 0; i < plain.length; i++) {
            if (i != AnnounceFrames.OFF_NA_FLAGS && i != AnnounceFrames.OFF_ICMP6_CSUM && i != AnnounceFrames.OFF_ICMP6_CSUM + 1)
                assertThat(router[i]).as("byte %d", i).isEqualTo(plain[i]);
        }
    }
}
