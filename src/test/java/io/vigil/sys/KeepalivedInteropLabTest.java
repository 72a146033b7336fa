package io.vigil.sys;

import io.vigil.lab.Lab;
import io.vigil.netlink.AnnounceFrames;
import io.vigil.netlink.Link;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real keepalived 2.2.7 in one namespace, Vigil's sockets in another: its IPv4 and IPv6 adverts arrive through
 * {@link RawVrrpSocket} with TTL/hop limit 255, its source and the group, and its live GARP and NA frames are
 * byte-identical to what {@link Announcer} sends for the same MAC and VIP.
 */
class KeepalivedInteropLabTest {
    private static final String CONF = """
            global_defs {
              router_id vigil_interop
            }
            vrrp_instance VI_4 {
              state MASTER
              interface eth0
              virtual_router_id 51
              priority 255
              advert_int 1
              virtual_ipaddress {
                198.18.0.100/32
              }
            }
            vrrp_instance VI_6 {
              state MASTER
              interface eth0
              virtual_router_id 52
              priority 255
              advert_int 1
              virtual_ipaddress {
                2001:2::100/64
              }
            }
            """;

    @Test
    void keepalivedAdvertsAndAnnouncementsAsVigilSeesThem() throws Exception {
        try (Lab lab = Lab.create()) {
            Lab.Host ka = lab.host("k", "198.18.0.11/24", "2001:2::11/64");
            Lab.Host b = lab.host("b", "198.18.0.12/24", "2001:2::12/64");
            Assumptions.assumeTrue(ka.trySh("command -v keepalived", 5).exit() == 0, "SKIPPED: keepalived not installed");
            // Same MAC as the corpus capture; link-local re-derived from it (off/on after the MAC change).
            ka.sh("ip link set eth0 down && ip link set eth0 address 02:6b:6c:00:00:0b && ip link set eth0 up");
            InetAddress kaLinkLocal = RawVrrpSocketLabTest.linkLocal(ka);
            int bEth0 = Integer.parseInt(b.sh("cat /sys/class/net/eth0/ifindex").trim());

            Path dir = Files.createTempDirectory("vigil-ka-interop");
            try (RawVrrpSocket rx4 = NetNs.call(b.ns(), () -> RawVrrpSocket.openIpv4("eth0", true));
                 RawVrrpSocket rx6 = NetNs.call(b.ns(), () -> RawVrrpSocket.openIpv6("eth0", null, true));
                 PacketSocket arp = NetNs.call(b.ns(), () -> PacketSocket.open("eth0", AnnounceFrames.ETH_P_ARP));
                 PacketSocket ip6 = NetNs.call(b.ns(), () -> PacketSocket.open("eth0", AnnounceFrames.ETH_P_IPV6))) {
                Files.writeString(dir.resolve("keepalived.conf"), CONF);
                ka.spawn(List.of("keepalived", "-n", "-l", "-D", "-f", dir.resolve("keepalived.conf").toString(),
                        "-p", dir.resolve("k.pid").toString(), "-r", dir.resolve("v.pid").toString(),
                        "-c", dir.resolve("c.pid").toString()), dir.resolve("keepalived.log"));

                RawVrrpSocket.Received v4 = next(rx4, 51);
                assertThat(v4.source()).isEqualTo(InetAddress.getByName("198.18.0.11"));
                assertThat(v4.destination()).isEqualTo(RawVrrpSocket.GROUP_V4);
                assertThat(v4.ttl()).isEqualTo(255);
                assertThat(v4.ifIndex()).isEqualTo(bEth0);
                byte[] p4 = v4.payload();
                assertThat(HexFormat.of().formatHex(p4, 0, 4)).isEqualTo("2133ff01"); // v2 advert, VRID 51, prio 255, 1 address
                assertThat(HexFormat.of().formatHex(p4, 8, 12)).isEqualTo("c6120064");
                assertThat(v4.packet()[1]).as("keepalived's TOS").isEqualTo((byte) 0xc0);

                RawVrrpSocket.Received v6 = next(rx6, 52);
                assertThat(v6.source()).isEqualTo(kaLinkLocal);
                assertThat(v6.destination()).isEqualTo(RawVrrpSocket.GROUP_V6);
                assertThat(v6.ttl()).isEqualTo(255);
                assertThat(v6.ifIndex()).isEqualTo(bEth0);
                assertThat(HexFormat.of().formatHex(v6.payload(), 0, 4)).isEqualTo("3134ff01"); // v3, VRID 52

                byte[] mac = Link.parseMac("02:6b:6c:00:00:0b");
                byte[] garp = nextFrame(arp, f -> f.length >= 42);
                assertThat(HexFormat.of().formatHex(garp)).isEqualTo(HexFormat.of().formatHex(
                        AnnounceFrames.gratuitousArp(mac, (Inet4Address) InetAddress.getByName("198.18.0.100"))));
                byte[] na = nextFrame(ip6, f -> f.length >= 55 && f[20] == 58 && (f[54] & 0xff) == 136);
                assertThat(HexFormat.of().formatHex(na)).isEqualTo(HexFormat.of().formatHex(
                        AnnounceFrames.unsolicitedNeighbourAdvert(mac, (Inet6Address) InetAddress.getByName("2001:2::100"), false)));
            } finally {
                lab.close(); // stops keepalived before its files go
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) Files.deleteIfExists(f);
                }
                Files.deleteIfExists(dir);
            }
        }
    }

    /** The next advert of a VRID within 10 s (keepalived needs a moment to start). */
    private static RawVrrpSocket.Received next(RawVrrpSocket rx, int vrid) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            RawVrrpSocket.Received r = rx.receive((int) Math.max(1, deadline - System.currentTimeMillis()));
            if (r != null && r.packet().length > r.payloadOffset() + 1 && (r.packet()[r.payloadOffset() + 1] & 0xff) == vrid) return r;
        }
        throw new AssertionError("no advert for VRID " + vrid + " within 10 s");
    }

    private static byte[] nextFrame(PacketSocket rx, java.util.function.Predicate<byte[]> match) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            byte[] f = rx.receive((int) Math.max(1, deadline - System.currentTimeMillis()));
            if (f != null && match.test(f)) return f;
        }
        throw new AssertionError("no matching frame within 10 s");
    }
}
