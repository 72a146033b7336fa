package io.vigil.sys;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real VRRP sockets in two lab namespaces: what one sends the other receives with the right TTL, source,
 * destination and interface; the multicast join is what lets group adverts in; close unblocks a receiver.
 */
class RawVrrpSocketLabTest {
    /** keepalived's first VRRPv2 advert from src/test/resources/io/vigil/vrrp/wire/multicast/capture-v2.txt (IP header on). */
    static final byte[] KEEPALIVED_V2_ADVERT = HexFormat.of().parseHex(
            "45c00028000100 00ff701475c612000be0000012".replace(" ", "")
                    + "21336401000 1b453c61200640000000000000000".replace(" ", ""));

    @Test
    void ipv4MulticastAdvertArrivesWithTtlSourceDestinationAndIfindex() throws Exception {
        try (Lab lab = Lab.create()) {
            Lab.Host a = lab.host("a", "198.18.0.11/24");
            Lab.Host b = lab.host("b", "198.18.0.12/24");
            try (RawVrrpSocket tx = NetNs.call(a.ns(), () -> RawVrrpSocket.openIpv4("eth0", true));
                 RawVrrpSocket rx = NetNs.call(b.ns(), () -> RawVrrpSocket.openIpv4("eth0", true))) {
                assertThat(b.sh("ip maddr show dev eth0")).contains("224.0.0.18");
                int bEth0 = Integer.parseInt(b.sh("cat /sys/class/net/eth0/ifindex").trim());

                tx.sendIpv4(KEEPALIVED_V2_ADVERT, RawVrrpSocket.GROUP_V4);
                RawVrrpSocket.Received r = receiveWithin(rx);
                assertThat(r.source()).isEqualTo(InetAddress.getByName("198.18.0.11"));
                assertThat(r.destination()).isEqualTo(RawVrrpSocket.GROUP_V4);
                assertThat(r.ttl()).isEqualTo(255);
                assertThat(r.ifIndex()).isEqualTo(bEth0);
                assertThat(r.payloadOffset()).isEqualTo(20);
                // IP_HDRINCL: the header on the wire is exactly the one given (TOS 0xc0, id 1, no DF, checksum).
                assertThat(HexFormat.of().formatHex(r.packet())).isEqualTo(HexFormat.of().formatHex(KEEPALIVED_V2_ADVERT));
                assertThat(HexFormat.of().formatHex(r.payload())).isEqualTo("21336401000 1b453c61200640000000000000000".replace(" ", ""));

                // IP_MULTICAST_LOOP 0: the sender does not hear itself.
                assertThat(tx.receive(200)).isNull();
            }
        }
    }

    @Test
    void withoutTheJoinGroupAdvertsDoNotArrive() throws Exception {
        try (Lab lab = Lab.create()) {
            Lab.Host a = lab.host("a", "198.18.0.11/24");
            Lab.Host b = lab.host("b", "198.18.0.12/24");
            try (RawVrrpSocket tx = NetNs.call(a.ns(), () -> RawVrrpSocket.openIpv4("eth0", false));
                 RawVrrpSocket rx = NetNs.call(b.ns(), () -> RawVrrpSocket.openIpv4("eth0", false))) {
                assertThat(b.sh("ip maddr show dev eth0")).doesNotContain("224.0.0.18");
                tx.sendIpv4(KEEPALIVED_V2_ADVERT, RawVrrpSocket.GROUP_V4);
                assertThat(rx.receive(300)).isNull();

                rx.join();
                assertThat(b.sh("ip maddr show dev eth0")).contains("224.0.0.18");
                tx.sendIpv4(KEEPALIVED_V2_ADVERT, RawVrrpSocket.GROUP_V4);
                assertThat(receiveWithin(rx).ttl()).isEqualTo(255);

                rx.leave();
                assertThat(b.sh("ip maddr show dev eth0")).doesNotContain("224.0.0.18");
            }
        }
    }

    @Test
    void ipv4UnicastAdvertCarriesThePeerDestination() throws Exception {
        try (Lab lab = Lab.create()) {
            Lab.Host a = lab.host("a", "198.18.0.11/24");
            Lab.Host b = lab.host("b", "198.18.0.12/24");
            try (RawVrrpSocket tx = NetNs.call(a.ns(), () -> RawVrrpSocket.openIpv4("eth0", false));
                 RawVrrpSocket rx = NetNs.call(b.ns(), () -> RawVrrpSocket.openIpv4("eth0", false))) {
                byte[] p = KEEPALIVED_V2_ADVERT.clone();
                // destination 198.18.0.12 and TTL 64, header checksum recomputed
                p[8] = 64;
                p[16] = (byte) 198; p[17] = 18; p[18] = 0; p[19] = 12;
                fixHeaderChecksum(p);
                tx.sendIpv4(p, InetAddress.getByName("198.18.0.12"));
                RawVrrpSocket.Received r = receiveWithin(rx);
                assertThat(r.destination()).isEqualTo(InetAddress.getByName("198.18.0.12"));
                assertThat(r.source()).isEqualTo(InetAddress.getByName("198.18.0.11"));
                assertThat(r.ttl()).isEqualTo(64);
            }
        }
    }

    @Test
    void ipv6AdvertGoesFromTheLinkLocalAddressWithHopLimit255() throws Exception {
        try (Lab lab = Lab.create()) {
            Lab.Host a = lab.host("a", "2001:2::11/64");
            Lab.Host b = lab.host("b", "2001:2::12/64");
            InetAddress aLinkLocal = linkLocal(a);
            byte[] v3 = HexFormat.of().parseHex("3133640100 0a0000 20010002000000000000000000000100".replace(" ", ""));
            try (RawVrrpSocket tx = NetNs.call(a.ns(), () -> RawVrrpSocket.openIpv6("eth0", aLinkLocal, true));
                 RawVrrpSocket rx = NetNs.call(b.ns(), () -> RawVrrpSocket.openIpv6("eth0", null, true))) {
                assertThat(b.sh("ip maddr show dev eth0")).contains("ff02::12");
                int bEth0 = Integer.parseInt(b.sh("cat /sys/class/net/eth0/ifindex").trim());
                tx.sendIpv6(v3, RawVrrpSocket.GROUP_V6);
                RawVrrpSocket.Received r = receiveWithin(rx);
                assertThat(r.source()).isEqualTo(aLinkLocal);
                assertThat(r.destination()).isEqualTo(RawVrrpSocket.GROUP_V6);
                assertThat(r.ttl()).isEqualTo(255);
                assertThat(r.ifIndex()).isEqualTo(bEth0);
                assertThat(r.payloadOffset()).isZero();
                assertThat(r.payload()).isEqualTo(v3);

                // Unicast to the peer's global address: hop limit 255 too (IPV6_UNICAST_HOPS).
                tx.sendIpv6(v3, InetAddress.getByName("2001:2::12"));
                RawVrrpSocket.Received u = receiveWithin(rx);
                assertThat(u.destination()).isEqualTo(InetAddress.getByName("2001:2::12"));
                assertThat(u.ttl()).isEqualTo(255);
                assertThat(u.source()).isEqualTo(aLinkLocal);
            }
        }
    }

    @Test
    void closeUnblocksAReceiver() throws Exception {
        try (Lab lab = Lab.create()) {
            Lab.Host a = lab.host("a", "198.18.0.11/24");
            RawVrrpSocket s = NetNs.call(a.ns(), () -> RawVrrpSocket.openIpv4("eth0", true));
            CompletableFuture<RawVrrpSocket.Received> r = CompletableFuture.supplyAsync(() -> s.receive(60_000));
            await().pollDelay(Duration.ofMillis(100)).until(() -> true);
            assertThat(r).isNotDone();
            s.close();
            await().atMost(Duration.ofSeconds(5)).until(r::isDone);
            assertThat(r.join()).isNull();
            assertThat(s.isClosed()).isTrue();
            assertThat(s.receive(1000)).isNull();
        }
    }

    @Test
    void ahSocketCarriesProtocol51() throws Exception {
        try (Lab lab = Lab.create()) {
            Lab.Host a = lab.host("a", "198.18.0.11/24");
            Lab.Host b = lab.host("b", "198.18.0.12/24");
            try (RawVrrpSocket tx = NetNs.call(a.ns(), () -> RawVrrpSocket.openIpv4("eth0", RawVrrpSocket.IPPROTO_AH, true));
                 RawVrrpSocket rx = NetNs.call(b.ns(), () -> RawVrrpSocket.openIpv4("eth0", RawVrrpSocket.IPPROTO_AH, true));
                 RawVrrpSocket vrrpRx = NetNs.call(b.ns(), () -> RawVrrpSocket.openIpv4("eth0", true))) {
                byte[] p = KEEPALIVED_V2_ADVERT.clone();
                p[9] = RawVrrpSocket.IPPROTO_AH;
                fixHeaderChecksum(p);
                tx.sendIpv4(p, RawVrrpSocket.GROUP_V4);
                RawVrrpSocket.Received r = receiveWithin(rx);
                assertThat(r.packet()[9]).isEqualTo((byte) 51);
                assertThat(r.ttl()).isEqualTo(255);
                assertThat(vrrpRx.receive(200)).as("a protocol-112 socket does not see AH").isNull();
            }
        }
    }

    static void fixHeaderChecksum(byte[] p) {
        p[10] = 0;
        p[11] = 0;
        int sum = 0;
        for (int i = 0; i < 20; i += 2) sum += ((p[i] & 0xff) << 8) | (p[i + 1] & 0xff);
        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
        p[10] = (byte) (~sum >> 8);
        p[11] = (byte) ~sum;
    }

    /** The host's eth0 link-local address (the lab turns DAD off, so it is usable at once). */
    static InetAddress linkLocal(Lab.Host h) throws Exception {
        await().atMost(Duration.ofSeconds(5)).until(() -> h.sh("ip -6 -br addr show dev eth0 scope link").contains("fe80:"));
        String out = h.sh("ip -6 -br addr show dev eth0 scope link").trim();
        String cidr = out.substring(out.indexOf("fe80:"));
        return InetAddress.getByName(cidr.substring(0, cidr.indexOf('/')));
    }

    private static RawVrrpSocket.Received receiveWithin(RawVrrpSocket rx) {
        RawVrrpSocket.Received r = rx.receive(5000);
        assertThat(r).as("a packet within 5 s").isNotNull();
        return r;
    }
}
