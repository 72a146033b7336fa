package io.vigil.sys;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GARP and NA sent through AF_PACKET from one lab namespace, received in another (AF_PACKET and tcpdump),
 * compared byte for byte with keepalived's frames (golden captures).
 */
class AnnouncerLabTest {
    private static final String KEEPALIVED_GARP = "ffffffffffff026b6c00000b08060001080006040001026b6c00000bc6120064ffffffffffffc6120064";
    private static final String KEEPALIVED_NA = "333300000001026b6c00000b86dd6000000000203aff20010002000000000000000000000100"
            + "ff0200000000000000000000000000018800a623200000002001000200000000000000000000010002010" + "26b6c00000b";

    @Test
    void garpAndNaOnTheWireAreKeepalivedsFrames() throws Exception {
        try (Lab lab = Lab.create()) {
            Lab.Host a = lab.host("a", "198.18.0.11/24", "2001:2::11/64");
            Lab.Host b = lab.host("b", "198.18.0.12/24", "2001:2::12/64");
            a.sh("ip link set eth0 address 02:6b:6c:00:00:0b");
            try (Announcer announcer = NetNs.call(a.ns(), () -> Announcer.open("eth0"));
                 PacketSocket arpRx = NetNs.call(b.ns(), () -> PacketSocket.open("eth0", 0x0806));
                 PacketSocket ip6Rx = NetNs.call(b.ns(), () -> PacketSocket.open("eth0", 0x86dd))) {
                assertThat(announcer.router()).isFalse();
                announcer.announce(InetAddress.getByName("198.18.0.100"));
                assertThat(HexFormat.of().formatHex(nextFrame(arpRx, 0x0806, -1))).isEqualTo(KEEPALIVED_GARP);

                announcer.announce(InetAddress.getByName("2001:2::100"));
                assertThat(HexFormat.of().formatHex(nextFrame(ip6Rx, 0x86dd, 136))).isEqualTo(KEEPALIVED_NA);
            }
        }
    }

    @Test
    void naCarriesTheRouterFlagWhenTheInterfaceForwards() throws Exception {
        try (Lab lab = Lab.create()) {
            Lab.Host a = lab.host("a", "2001:2::11/64");
            Lab.Host b = lab.host("b", "2001:2::12/64");
            a.sh("sysctl -qw net.ipv6.conf.eth0.forwarding=1");
            try (Announcer announcer = NetNs.call(a.ns(), () -> Announcer.open("eth0"));
                 PacketSocket ip6Rx = NetNs.call(b.ns(), () -> PacketSocket.open("eth0", 0x86dd))) {
                assertThat(announcer.router()).isTrue();
                announcer.announce(InetAddress.getByName("2001:2::100"));
                byte[] f = nextFrame(ip6Rx, 0x86dd, 136);
                assertThat(f[58] & 0xff).as("NA flags: Router + Override").isEqualTo(0xa0);
            }
        }
    }

    @Test
    void tcpdumpOnThePeerSeesTheGarp() throws Exception {
        try (Lab lab = Lab.create()) {
            Lab.Host a = lab.host("a", "198.18.0.11/24");
            Lab.Host b = lab.host("b", "198.18.0.12/24");
            org.junit.jupiter.api.Assumptions.assumeTrue(b.trySh("command -v tcpdump", 5).exit() == 0, "SKIPPED: tcpdump not installed");
            a.sh("ip link set eth0 address 02:6b:6c:00:00:0b");
            java.nio.file.Path out = java.nio.file.Files.createTempFile("vigil-garp", ".txt");
            try (Announcer announcer = NetNs.call(a.ns(), () -> Announcer.open("eth0"))) {
                Process dump = b.spawn(java.util.List.of("tcpdump", "-xx", "-n", "-l", "-i", "eth0", "--immediate-mode", "-c", "1", "arp"), out);
                // tcpdump prints "listening on" once its capture is open; send until it has caught one frame.
                for (int i = 0; i < 50 && dump.isAlive(); i++) {
                    announcer.announce(InetAddress.getByName("198.18.0.100"));
                    Thread.sleep(100);
                }
                assertThat(dump.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                String text = java.nio.file.Files.readString(out);
                assertThat(text).contains("Request who-has 198.18.0.100 (ff:ff:ff:ff:ff:ff) tell 198.18.0.100");
                String hex = text.lines().filter(l -> l.trim().startsWith("0x"))
                        .map(l -> l.substring(l.indexOf(':') + 1).replace(" ", "").trim()).reduce("", String::concat);
                assertThat(hex).isEqualTo(KEEPALIVED_GARP);
            } finally {
                java.nio.file.Files.deleteIfExists(out);
            }
        }
    }

    /** The next frame of an ethertype (and, for IPv6, an ICMPv6 type) within 5 s. */
    private static byte[] nextFrame(PacketSocket rx, int ethertype, int icmp6Type) {
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            byte[] f = rx.receive((int) Math.max(1, deadline - System.currentTimeMillis()));
            if (f == null || f.length < 14) continue;
            int type = ((f[12] & 0xff) << 8) | (f[13] & 0xff);
            if (type != ethertype) continue;
            if (icmp6Type >= 0 && (f.length < 55 || f[20] != 58 || (f[54] & 0xff) != icmp6Type)) continue;
            return f;
        }
        throw new AssertionError("no frame of type " + Integer.toHexString(ethertype) + " within 5 s");
    }
}
