package io.vigil.bfd;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed input: bit flips, truncations, extensions and random bytes (seeded, so reproducible). Nothing but
 * BfdDecodeException may escape; every drop is counted under one reason; whatever decodes re-encodes to its header bytes.
 */
class BfdCodecRobustnessTest {
    @Test
    void mutatedAndRandomDatagramsAreDecodedOrDroppedAndCounted() {
        Random rnd = new Random(5880);
        byte[][] seeds = {BfdCodecTest.hex(BfdCodecTest.DOWN), BfdCodecTest.hex(BfdCodecTest.UP_POLL),
                BfdCodecTest.hex("20 44 03 1f  11 22 33 44  00 00 00 00  00 0f 42 40  00 00 c3 50  00 00 00 00 01 07 01 73 65 63 72")};
        BfdDropCounters drops = new BfdDropCounters();
        int decoded = 0;
        int total = 200_000;
        for (int i = 0; i < total; i++) {
            byte[] d = mutate(seeds[rnd.nextInt(seeds.length)], rnd);
            try {
                BfdPacket p = BfdCodec.decode(d);
                decoded++;
                // Bytes past the 24-byte header (allowed without the A bit) are not carried.
                assertThat(BfdCodec.encode(p)).isEqualTo(Arrays.copyOf(d, BfdCodec.HEADER_LENGTH));
            } catch (BfdDecodeException e) {
                drops.increment(e.reason());
            }
        }
        assertThat(decoded + drops.total()).isEqualTo(total);
        assertThat(decoded).isPositive();
        // Every reason the codec can give is met by this corpus.
        assertThat(drops.snapshot().keySet()).contains(BfdDropReason.TOO_SHORT, BfdDropReason.LENGTH, BfdDropReason.VERSION,
                BfdDropReason.DETECT_MULT, BfdDropReason.MULTIPOINT, BfdDropReason.YOUR_DISCRIMINATOR, BfdDropReason.POLL_AND_FINAL,
                BfdDropReason.DIAG, BfdDropReason.AUTH_MALFORMED, BfdDropReason.AUTH_UNSUPPORTED);
    }

    static byte[] mutate(byte[] seed, Random rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> { // flip 1-3 bits
                byte[] d = seed.clone();
                for (int k = 0, n = 1 + rnd.nextInt(3); k < n; k++) d[rnd.nextInt(d.length)] ^= (byte) (1 << rnd.nextInt(8));
                yield d;
            }
            case 1 -> Arrays.copyOf(seed, rnd.nextInt(seed.length)); // truncate
            case 2 -> { // extend, length field adjusted or not
                byte[] d = Arrays.copyOf(seed, seed.length + 1 + rnd.nextInt(40));
                if (rnd.nextBoolean()) d[BfdCodec.OFFSET_LENGTH] = (byte) d.length;
                yield d;
            }
            case 3 -> { // a random byte in the first 4 (where the flags live)
                byte[] d = seed.clone();
                d[rnd.nextInt(4)] = (byte) rnd.nextInt(256);
                yield d;
            }
            default -> { // noise
                byte[] d = new byte[rnd.nextInt(64)];
                rnd.nextBytes(d);
                yield d;
            }
        };
    }
}
