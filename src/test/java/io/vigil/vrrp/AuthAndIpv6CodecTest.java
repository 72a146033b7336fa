package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.util.List;

import static io.vigil.vrrp.Adverts.ip;
import static org.assertj.core.api.Assertions.assertThat;

/** AH (HMAC-MD5-96 as keepalived computes it), PASS and IPv6 encoding. */
class AuthAndIpv6CodecTest {
    static final Inet4Address SRC = (Inet4Address) ip("198.18.0.11");
    static final Inet4Address GROUP = (Inet4Address) Inet.VRRP_GROUP_V4;

    static VrrpPacket v2(int authType) {
        return VrrpPacket.advert(2, 51, 100, AddressFamily.IPV4, 100, authType, 0, List.of(ip("198.18.0.100")));
    }

    @Test
    void ahDatagramLayout() throws Exception {
        byte[] key = Ipv4AdvertCodec.passwordKey("secret");
        byte[] b = Ipv4AdvertCodec.encode(v2(VrrpPacket.AUTH_AH), SRC, GROUP, 7, false, new Ipv4AdvertCodec.AhParams(key, 42, false));
        assertThat(b).hasSize(20 + 24 + 20);
        Ipv4Advert a = Ipv4AdvertCodec.decode(b);
        assertThat(a.ip().protocol()).isEqualTo(51);
        assertThat(a.ip().totalLength()).isEqualTo(64);
        assertThat(a.ah().nextHeader()).isEqualTo(112);
        assertThat(a.ah().payloadLength()).isEqualTo(4);
        assertThat(a.ah().spi()).isEqualTo(VrrpCodec.u32(SRC.getAddress(), 0)); // SPI = sender address
        assertThat(a.ah().sequence()).isEqualTo(42);
        assertThat(a.vrrp().authType()).isEqualTo(2);
        assertThat(a.vrrp().authData()).isZero();
        assertThat(Ipv4AdvertCodec.encodeRaw(a)).isEqualTo(b);
        assertThat(Ipv4AdvertCodec.headerChecksumValid(b, 0, 20)).isTrue();
        assertThat(VrrpCodec.checksumValid(b, 44, 20, 2, SRC, GROUP, false)).isTrue();
        assertThat(Ipv4AdvertCodec.ahValid(b, key, false)).isTrue();
        assertThat(Ipv4AdvertCodec.ahValid(b, Ipv4AdvertCodec.passwordKey("secreT"), false)).isFalse();
    }

    @Test
    void ahHashesTtlForMulticastOnlyAndNeverTosFragmentOrIpChecksum() {
        byte[] key = Ipv4AdvertCodec.passwordKey("pw");
        byte[] mc = Ipv4AdvertCodec.encode(v2(VrrpPacket.AUTH_AH), SRC, GROUP, 1, false, new Ipv4AdvertCodec.AhParams(key, 1, false));
        byte[] changedTos = mc.clone();
        changedTos[1] = 0;
        changedTos[6] = 0x40; // DF set by someone on the way
        changedTos[10] ^= (byte) 0xff;
        assertThat(Ipv4AdvertCodec.ahValid(changedTos, key, false)).isTrue();
        byte[] changedTtl = mc.clone();
        changedTtl[8] = 64;
        assertThat(Ipv4AdvertCodec.ahValid(changedTtl, key, false)).isFalse();

        Inet4Address peer = (Inet4Address) ip("198.18.0.12");
        byte[] uc = Ipv4AdvertCodec.encode(v2(VrrpPacket.AUTH_AH), SRC, peer, 1, false, new Ipv4AdvertCodec.AhParams(key, 1, true));
        byte[] ucTtl = uc.clone();
        ucTtl[8] = 63;
        assertThat(Ipv4AdvertCodec.ahValid(ucTtl, key, true)).isTrue();
        // A spoofed SPI fails even with a valid ICV computed over it.
        byte[] spoof = uc.clone();
        spoof[20 + 7] ^= 1;
        byte[] icv = Ipv4AdvertCodec.ahIcv(spoof, key, true);
        System.arraycopy(icv, 0, spoof, 32, 12);
        assertThat(Ipv4AdvertCodec.ahValid(spoof, key, true)).isFalse();
    }

    @Test
    void ahSequenceNumbersAreSharedAndReplaysDropped() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 100).auth(AuthSettings.ah("secret")).build();
        VrrpInstance b = new VrrpInstance(s);
        b.on(new VrrpEvent.Startup(), 0);
        b.on(new VrrpEvent.AdvertReceived(Adverts.from(s, "198.18.0.12", 200, 1, 1000)), 1);
        assertThat(b.ahSequence()).isEqualTo(1000);
        assertThat(b.on(new VrrpEvent.AdvertReceived(Adverts.from(s, "198.18.0.12", 200, 2, 1000)), 2)).isEmpty();
        assertThat(b.drops().get(DropReason.AUTH_AH_SEQUENCE)).isEqualTo(1);
        assertThat(b.on(new VrrpEvent.AdvertReceived(Adverts.from(s, "198.18.0.12", 200, 2, 5)), 2)).isEmpty();
        assertThat(b.drops().get(DropReason.AUTH_AH_SEQUENCE)).isEqualTo(2);
        // Taking over, it continues from the highest number it has seen, as keepalived does.
        List<Action> a = b.on(new VrrpEvent.TimerFired(TimerKind.MASTER_DOWN), 10_000_000_000L);
        assertThat(b.state()).isEqualTo(VrrpState.MASTER);
        byte[] sent = Adverts.of(a, Action.SendAdvert.class).getFirst().datagrams().getFirst().bytes();
        assertThat(VrrpCodec.u32(sent, 28)).isEqualTo(1001);
        assertThat(Ipv4AdvertCodec.ahValid(sent, s.auth().key(), false)).isTrue();
    }

    @Test
    void passwordIsZeroPaddedToEightBytes() throws Exception {
        VrrpPacket p = VrrpPacket.advert(2, 51, 100, AddressFamily.IPV4, 100, 1, Ipv4AdvertCodec.passwordAuthData("abc"), List.of(ip("198.18.0.100")));
        byte[] b = VrrpCodec.encode(p, SRC, GROUP, false);
        assertThat(java.util.Arrays.copyOfRange(b, 12, 20)).containsExactly('a', 'b', 'c', 0, 0, 0, 0, 0);
        assertThat(Ipv4AdvertCodec.passwordKey("longerthan8")).containsExactly("longerth".getBytes());
    }

    @Test
    void ipv6V3AdvertWithPseudoHeaderChecksum() throws Exception {
        VrrpPacket p = VrrpPacket.advert(3, 51, 100, AddressFamily.IPV6, 100, 0, 0, List.of(ip("2001:2::100"), VrrpCodec.address(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 198, 18, 0, 1})));
        byte[] b = VrrpCodec.encode(p, ip("fe80::1"), Inet.VRRP_GROUP_V6, false);
        assertThat(b).hasSize(8 + 32);
        assertThat(VrrpCodec.checksumValid(b, 0, b.length, 3, ip("fe80::1"), Inet.VRRP_GROUP_V6, false)).isTrue();
        assertThat(VrrpCodec.checksumValid(b, 0, b.length, 3, ip("fe80::2"), Inet.VRRP_GROUP_V6, false)).isFalse();
        VrrpPacket d = VrrpCodec.decode(b, AddressFamily.IPV6);
        assertThat(d.addresses()).hasSize(2).allSatisfy(x -> assertThat(x).isInstanceOf(java.net.Inet6Address.class));
        assertThat(VrrpCodec.encodeRaw(d)).isEqualTo(b);
        // Hand-computed: sum of the pseudo-header (fe80::1, ff02::12, length 40, next header 112) and the message.
        long sum = 0xfe80 + 0x0001 + 0xff02 + 0x0012 + 40 + 112;
        sum += 0x3133 + 0x6402 + 0x0064 + 0x2001 + 0x0002 + 0x0100 + 0xffff + 0xc612 + 0x0001;
        assertThat(VrrpCodec.u16(b, 6)).isEqualTo(InetChecksum.finish(sum));
    }

    @Test
    void v3ChecksumAsV2CoversTheMessageOnly() {
        VrrpPacket p = VrrpPacket.advert(3, 51, 100, AddressFamily.IPV4, 10, 0, 0, List.of(ip("198.18.0.100")));
        byte[] b = VrrpCodec.encode(p, SRC, GROUP, true);
        assertThat(VrrpCodec.u16(b, 6)).isEqualTo(InetChecksum.of(VrrpCodec.encodeRaw(p), 0, b.length));
        assertThat(VrrpCodec.checksumValid(b, 0, b.length, 3, ip("1.2.3.4"), GROUP, true)).isTrue();
    }
}
