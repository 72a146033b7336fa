package io.vigil.vrrp;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the decoders and the validator with arbitrary bytes. In a normal {@code mvn test} Jazzer runs in regression
 * mode over the seeds in {@code src/test/resources/io/vigil/vrrp/VrrpCodecFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes. Properties: nothing but VrrpDecodeException is thrown; whatever decodes
 * re-encodes to the same bytes; the validator always returns a verdict.
 */
class VrrpCodecFuzzTest {
    static final VrrpInstanceSettings V2 = Adverts.v2("VI_1", 100).auth(AuthSettings.pass("secret12")).build();
    static final VrrpInstanceSettings V3 = Adverts.v3("VI_1", 100, 10).build();
    static final VrrpInstanceSettings AH = Adverts.v2("VI_1", 100).auth(AuthSettings.ah("secret")).build();
    static final VrrpInstanceSettings V6 = VrrpInstanceSettings.builder("VI_6", 51, "eth0", Adverts.ip("fe80::1")).vip("2001:2::100/128").build();

    @FuzzTest(maxDuration = "30s")
    void decodeNeverThrowsAndRoundTrips(byte[] data) {
        checkIpv4(data);
        checkIpv6(data);
    }

    static void checkIpv4(byte[] data) {
        try {
            Ipv4Advert a = Ipv4AdvertCodec.decode(data);
            if (a.ip().headerLength() == Ipv4Header.LENGTH) assertThat(Ipv4AdvertCodec.encodeRaw(a)).isEqualTo(data);
        } catch (VrrpDecodeException expected) {
            assertThat(expected.reason()).isNotNull();
        }
        for (VrrpInstanceSettings s : new VrrpInstanceSettings[] {V2, V3, AH}) {
            AdvertValidator.Verdict v = AdvertValidator.validate(new InboundAdvert(data, AddressFamily.IPV4, Adverts.ip("198.18.0.12"), null, 255, 1), s, 0);
            assertThat(v).isNotNull();
        }
    }

    static void checkIpv6(byte[] data) {
        try {
            VrrpPacket p = VrrpCodec.decode(data, AddressFamily.IPV6);
            assertThat(VrrpCodec.encodeRaw(p)).isEqualTo(data);
        } catch (VrrpDecodeException expected) {
            assertThat(expected.reason()).isNotNull();
        }
        assertThat(AdvertValidator.validate(new InboundAdvert(data, AddressFamily.IPV6, Adverts.ip("fe80::2"), null, 255, 1), V6, 0)).isNotNull();
    }

    /** Writes the seed corpus (run once by hand: the seeds are committed). */
    public static void main(String[] args) throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of(args[0]);
        java.nio.file.Files.createDirectories(dir);
        int n = 0;
        for (VrrpInstanceSettings s : new VrrpInstanceSettings[] {V2, V3, AH, V6}) {
            byte[] b = Adverts.from(s, s == V6 ? "fe80::2" : "198.18.0.12", 200, 1, 7).bytes();
            java.nio.file.Files.write(dir.resolve("seed-" + (n++)), b);
            java.nio.file.Files.write(dir.resolve("seed-" + (n++)), Arrays.copyOf(b, b.length - 3));
        }
        for (MalformedAdvertTest.Case c : MalformedAdvertTest.v2PassCorpus(V2))
            java.nio.file.Files.write(dir.resolve("malformed-" + c.name().replace(' ', '-')), c.advert().bytes());
    }
}
