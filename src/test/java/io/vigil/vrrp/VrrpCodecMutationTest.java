package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deterministic mutation testing of the decoders and validator, in every build. (Written when Jazzer 0.24 could not
 * instrument Java 25 class files and fuzzed blind; Jazzer 0.26 can, and {@code bench/fuzz.sh vrrp} runs a real
 * coverage-guided session: docs/fuzzing.md.) Seeded mutations of the seed corpus (bit flips, byte sets, inserts,
 * deletes, truncations, length-field edits) must obey the same properties as {@link VrrpCodecFuzzTest}.
 */
class VrrpCodecMutationTest {
    static final int MUTANTS_PER_SEED = 5_000;

    @Test
    void mutatedSeedsNeverBreakTheDecoders() throws IOException {
        Path dir = Path.of("src/test/resources/io/vigil/vrrp/VrrpCodecFuzzTestInputs/decodeNeverThrowsAndRoundTrips");
        List<byte[]> seeds = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) seeds.add(Files.readAllBytes(p));
        }
        assertThat(seeds).hasSizeGreaterThan(20);
        SplittableRandom rnd = new SplittableRandom(0x5eed_1234L);
        long decodedV4 = 0;
        long accepted = 0;
        for (byte[] seed : seeds) {
            for (int i = 0; i < MUTANTS_PER_SEED; i++) {
                byte[] m = mutate(seed, rnd);
                VrrpCodecFuzzTest.checkIpv4(m);
                VrrpCodecFuzzTest.checkIpv6(m);
                try {
                    Ipv4AdvertCodec.decode(m);
                    decodedV4++;
                } catch (VrrpDecodeException ignored) {
                    // counted by the property checks above
                }
                if (AdvertValidator.validate(new InboundAdvert(m, AddressFamily.IPV4, Adverts.ip("198.18.0.12"), null, 255, 1),
                        VrrpCodecFuzzTest.V2, 0) instanceof AdvertValidator.Accepted) accepted++;
            }
        }
        // The mutants reach past the first checks (some decode) and single-bit damage is almost never accepted.
        assertThat(decodedV4).isGreaterThan(seeds.size() * (long) MUTANTS_PER_SEED / 20);
        assertThat(accepted).isLessThan(seeds.size() * (long) MUTANTS_PER_SEED / 20);
    }

    static byte[] mutate(byte[] seed, SplittableRandom rnd) {
        byte[] b = seed.clone();
        int ops = 1 + rnd.nextInt(3);
        for (int k = 0; k < ops; k++) {
            switch (rnd.nextInt(6)) {
                case 0 -> { if (b.length > 0) b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8)); }
                case 1 -> { if (b.length > 0) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256); }
                case 2 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 1));
                case 3 -> {
                    byte[] g = java.util.Arrays.copyOf(b, b.length + 1 + rnd.nextInt(16));
                    for (int i = b.length; i < g.length; i++) g[i] = (byte) rnd.nextInt(256);
                    b = g;
                }
                case 4 -> { if (b.length > 4) VrrpCodec.put16(b, 2, rnd.nextInt(b.length + 8)); } // IPv4 total length
                default -> { if (b.length > 23) b[23] = (byte) rnd.nextInt(8); } // address count
            }
        }
        return b;
    }
}
