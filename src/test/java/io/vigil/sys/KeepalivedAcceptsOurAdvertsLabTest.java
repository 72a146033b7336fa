package io.vigil.sys;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The send path against the real peer: keepalived 2.2.7 (priority 50) stays BACKUP for as long as adverts of a
 * priority-100 master arrive through {@link RawVrrpSocket} — IPv4 (IP_HDRINCL, keepalived's own header
 * layout) and IPv6 (kernel header, hop limit 255, from the link-local address) — and takes over once they stop.
 */
class KeepalivedAcceptsOurAdvertsLabTest {
    private static final String CONF = """
            global_defs {
              router_id vigil_backup
            }
            vrrp_instance VI_4 {
              state BACKUP
              interface eth0
              virtual_router_id 51
              priority 50
              advert_int 1
              virtual_ipaddress {
                198.18.0.100/32
              }
            }
            vrrp_instance VI_6 {
              state BACKUP
              interface eth0
              virtual_router_id 52
              priority 50
              advert_int 1
              virtual_ipaddress {
                2001:2::100/64
              }
            }
            """;

    @Test
    void keepalivedFollowsOurAdvertsAndTakesOverWhenTheyStop() throws Exception {
        try (Lab lab = Lab.create()) {
            Lab.Host a = lab.host("a", "198.18.0.11/24", "2001:2::11/64");
            Lab.Host k = lab.host("k", "198.18.0.12/24", "2001:2::12/64");
            Assumptions.assumeTrue(k.trySh("command -v keepalived", 5).exit() == 0, "SKIPPED: keepalived not installed");
            InetAddress aLinkLocal = RawVrrpSocketLabTest.linkLocal(a);
            byte[] v4 = RawVrrpSocketLabTest.KEEPALIVED_V2_ADVERT; // v2, VRID 51, prio 100, from 198.18.0.11
            byte[] v6 = v3Ipv6Advert(aLinkLocal, 52, 100, 100, InetAddress.getByName("2001:2::100"));

            Path dir = Files.createTempDirectory("vigil-ka-backup");
            Path log = dir.resolve("keepalived.log");
            try (RawVrrpSocket tx4 = NetNs.call(a.ns(), () -> RawVrrpSocket.openIpv4("eth0", false));
                 RawVrrpSocket tx6 = NetNs.call(a.ns(), () -> RawVrrpSocket.openIpv6("eth0", aLinkLocal, false))) {
                tx4.sendIpv4(v4, RawVrrpSocket.GROUP_V4);
                tx6.sendIpv6(v6, RawVrrpSocket.GROUP_V6);
                Files.writeString(dir.resolve("keepalived.conf"), CONF);
                k.spawn(List.of("keepalived", "-n", "-l", "-D", "-f", dir.resolve("keepalived.conf").toString(),
                        "-p", dir.resolve("k.pid").toString(), "-r", dir.resolve("v.pid").toString(),
                        "-c", dir.resolve("c.pid").toString()), log);

                // Six advert intervals: well past keepalived's master-down interval (3 x 1 s + skew 0.8 s).
                for (int i = 0; i < 6; i++) {
                    Thread.sleep(1000);
                    tx4.sendIpv4(v4, RawVrrpSocket.GROUP_V4);
                    tx6.sendIpv6(v6, RawVrrpSocket.GROUP_V6);
                }
                String during = Files.readString(log);
                assertThat(during).contains("(VI_4) Entering BACKUP STATE").contains("(VI_6) Entering BACKUP STATE")
                        .doesNotContain("Entering MASTER STATE");
                assertThat(k.sh("ip -j addr show dev eth0")).doesNotContain("198.18.0.100");

                // Silence: keepalived takes over both.
                await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains("(VI_4) Entering MASTER STATE")
                        && Files.readString(log).contains("(VI_6) Entering MASTER STATE"));
            } finally {
                lab.close();
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) Files.deleteIfExists(f);
                }
                Files.deleteIfExists(dir);
            }
        }
    }

    /** A VRRPv3 advert with its IPv6 pseudo-header checksum (RFC 5798 5.2.8), as the VRRP codec will build it. */
    static byte[] v3Ipv6Advert(InetAddress src, int vrid, int priority, int intervalCentis, InetAddress vip) {
        ByteBuffer b = ByteBuffer.allocate(8 + 16);
        b.put((byte) 0x31).put((byte) vrid).put((byte) priority).put((byte) 1).putShort((short) (intervalCentis & 0x0fff))
                .putShort((short) 0).put(vip.getAddress());
        byte[] m = b.array();
        long sum = 0;
        byte[] s = src.getAddress(), d = RawVrrpSocket.GROUP_V6.getAddress();
        for (int i = 0; i < 16; i += 2) sum += ((s[i] & 0xff) << 8 | (s[i + 1] & 0xff)) + ((d[i] & 0xff) << 8 | (d[i + 1] & 0xff));
        sum += m.length + RawVrrpSocket.IPPROTO_VRRP;
        for (int i = 0; i < m.length; i += 2) sum += (m[i] & 0xff) << 8 | (m[i + 1] & 0xff);
        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
        int c = (int) (~sum & 0xffff);
        m[6] = (byte) (c >> 8);
        m[7] = (byte) c;
        return m;
    }
}
