package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** keepalived 2.2.7's adverts as captured on the wire: each decodes, and re-encodes to identical bytes. */
class VrrpCodecGoldenTest {

    @Test
    void everyCapturedAdvertDecodesAndReencodesByteIdentical() throws Exception {
        List<WireCorpus.Frame> frames = WireCorpus.vrrpFrames();
        assertThat(frames).hasSizeGreaterThanOrEqualTo(6);
        for (WireCorpus.Frame f : frames) {
            byte[] ip = f.ipDatagram();
            Ipv4Advert advert = Ipv4AdvertCodec.decode(ip);
            assertThat(Ipv4AdvertCodec.encodeRaw(advert)).as("raw re-encode of %s", f).isEqualTo(ip);

            // Built from scratch (fresh checksums), as Vigil sends it with IP_HDRINCL.
            VrrpPacket p = advert.vrrp();
            VrrpPacket fresh = VrrpPacket.advert(p.version(), p.vrid(), p.priority(), p.family(), p.advertIntervalCentis(),
                    p.authType(), p.authData(), p.addresses());
            byte[] built = Ipv4AdvertCodec.encode(fresh, advert.ip().source(), advert.ip().destination(), advert.ip().id(), false, null);
            assertThat(built).as("fresh encode of %s", f).isEqualTo(ip);

            assertThat(Ipv4AdvertCodec.headerChecksumValid(ip, 0, 20)).isTrue();
            assertThat(VrrpCodec.checksumValid(ip, 20, ip.length - 20, p.version(), advert.ip().source(), advert.ip().destination(), false))
                    .as("checksum of %s", f).isTrue();
        }
    }

    @Test
    void fieldsMatchTcpdumpsReading() throws Exception {
        for (WireCorpus.Frame f : WireCorpus.vrrpFrames()) {
            Ipv4Advert a = Ipv4AdvertCodec.decode(f.ipDatagram());
            VrrpPacket p = a.vrrp();
            assertThat(f.summary()).contains("VRRPv" + p.version()).contains("vrid " + p.vrid()).contains("prio " + p.priority());
            assertThat(f.summary()).contains("ttl " + a.ip().ttl()).contains("id " + a.ip().id());
            assertThat(a.ip().tos()).isEqualTo(0xc0);
            assertThat(a.ip().fragmentField()).isZero(); // no DF
            assertThat(p.addresses()).containsExactly(InetAddress.getByName("198.18.0.100"));
            assertThat(a.ip().destination()).isEqualTo(InetAddress.getByName("224.0.0.18"));
            if (p.version() == 2) assertThat(f.summary()).contains("intvl " + p.advertIntervalCentis() / 100 + "s");
            else assertThat(f.summary()).contains("intvl " + p.advertIntervalCentis() + "cs");
            if (f.summary().contains("authtype simple"))
                assertThat(p.authData()).isEqualTo(Ipv4AdvertCodec.passwordAuthData("secret12"));
        }
    }

    @Test
    void v3ChecksumIncludesThePseudoHeader() throws Exception {
        for (WireCorpus.Frame f : WireCorpus.vrrpFrames()) {
            byte[] ip = f.ipDatagram();
            Ipv4Advert a = Ipv4AdvertCodec.decode(ip);
            if (a.vrrp().version() != 3) continue;
            // Message-only (v3_checksum_as_v2) does not verify keepalived's default v3 adverts.
            assertThat(VrrpCodec.checksumValid(ip, 20, ip.length - 20, 3, a.ip().source(), a.ip().destination(), true)).isFalse();
            Inet4Address other = (Inet4Address) InetAddress.getByName("198.18.0.99");
            assertThat(VrrpCodec.checksumValid(ip, 20, ip.length - 20, 3, other, a.ip().destination(), false)).isFalse();
        }
    }
}
