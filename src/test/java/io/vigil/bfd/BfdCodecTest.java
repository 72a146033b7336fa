package io.vigil.bfd;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Byte vectors for the BFD control packet codec and each of its drop reasons. */
class BfdCodecTest {
    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** Down, mult 3, my 0x11223344, your 0, tx 1 s, rx 50 ms (what a peer sends before the handshake). */
    static final String DOWN = "20 40 03 18  11 22 33 44  00 00 00 00  00 0f 42 40  00 00 c3 50  00 00 00 00";
    /** Up with the poll bit, diag 0, mult 5, my 1, your 0xdeadbeef, tx/rx 50 ms. */
    static final String UP_POLL = "20 e0 05 18  00 00 00 01  de ad be ef  00 00 c3 50  00 00 c3 50  00 00 00 00";

    @Test
    void decodesADownPacket() throws Exception {
        BfdPacket p = BfdCodec.decode(hex(DOWN));
        assertThat(p.version()).isEqualTo(1);
        assertThat(p.state()).isEqualTo(BfdState.DOWN);
        assertThat(p.diag()).isEqualTo(BfdDiag.NO_DIAG);
        assertThat(p.poll()).isFalse();
        assertThat(p.fin()).isFalse();
        assertThat(p.detectMult()).isEqualTo(3);
        assertThat(p.length()).isEqualTo(24);
        assertThat(p.myDiscriminator()).isEqualTo(0x11223344);
        assertThat(p.yourDiscriminator()).isZero();
        assertThat(p.desiredMinTxMicros()).isEqualTo(1_000_000);
        assertThat(p.requiredMinRxMicros()).isEqualTo(50_000);
        assertThat(p.requiredMinEchoRxMicros()).isZero();
    }

    @Test
    void decodesUpWithPollAndUnsignedFields() throws Exception {
        BfdPacket p = BfdCodec.decode(hex(UP_POLL));
        assertThat(p.state()).isEqualTo(BfdState.UP);
        assertThat(p.poll()).isTrue();
        assertThat(p.yourDiscriminator()).isEqualTo(0xdeadbeef);
        assertThat(Integer.toUnsignedLong(p.yourDiscriminator())).isEqualTo(3735928559L);
        assertThat(BfdCodec.decode(hex("20c0031800000001000000ff" + "ffffffff" + "80000000" + "00000000")).desiredMinTxMicros())
                .isEqualTo(0xffffffffL);
    }

    @Test
    void encodesWhatItDecodes() throws Exception {
        for (String v : new String[] {DOWN, UP_POLL}) assertThat(BfdCodec.encode(BfdCodec.decode(hex(v)))).isEqualTo(hex(v));
    }

    @Test
    void encodesAFinalFromScratch() {
        BfdPacket p = BfdPacket.control(BfdDiag.EXPIRED, BfdState.INIT, false, true, 3, 7, 9, 10_000, 20_000);
        assertThat(BfdCodec.encode(p)).isEqualTo(hex("21 90 03 18  00 00 00 07  00 00 00 09  00 00 27 10  00 00 4e 20  00 00 00 00"));
    }

    @Test
    void eachMalformedHeaderIsDroppedForItsReason() {
        expectDrop("20 40 03 18  11 22 33 44  00 00 00 00  00 0f 42 40  00 00 c3 50  00 00 00", BfdDropReason.TOO_SHORT);
        expectDrop("20 40 03 19  11 22 33 44  00 00 00 00  00 0f 42 40  00 00 c3 50  00 00 00 00", BfdDropReason.LENGTH);
        expectDrop("20 40 03 18  11 22 33 44  00 00 00 00  00 0f 42 40  00 00 c3 50  00 00 00 00  00", BfdDropReason.LENGTH);
        expectDrop("40 40 03 18  11 22 33 44  00 00 00 00  00 0f 42 40  00 00 c3 50  00 00 00 00", BfdDropReason.VERSION);
        expectDrop("20 40 00 18  11 22 33 44  00 00 00 00  00 0f 42 40  00 00 c3 50  00 00 00 00", BfdDropReason.DETECT_MULT);
        expectDrop("20 41 03 18  11 22 33 44  00 00 00 00  00 0f 42 40  00 00 c3 50  00 00 00 00", BfdDropReason.MULTIPOINT);
        expectDrop("20 40 03 18  00 00 00 00  00 00 00 00  00 0f 42 40  00 00 c3 50  00 00 00 00", BfdDropReason.MY_DISCRIMINATOR);
        expectDrop("20 c0 03 18  11 22 33 44  00 00 00 00  00 0f 42 40  00 00 c3 50  00 00 00 00", BfdDropReason.YOUR_DISCRIMINATOR);
        expectDrop("20 80 03 18  11 22 33 44  00 00 00 00  00 0f 42 40  00 00 c3 50  00 00 00 00", BfdDropReason.YOUR_DISCRIMINATOR);
        expectDrop("20 f0 03 18  11 22 33 44  00 00 00 01  00 0f 42 40  00 00 c3 50  00 00 00 00", BfdDropReason.POLL_AND_FINAL);
        expectDrop("29 40 03 18  11 22 33 44  00 00 00 00  00 0f 42 40  00 00 c3 50  00 00 00 00", BfdDropReason.DIAG);
    }

    @Test
    void downAndAdminDownMayCarryAZeroYourDiscriminator() throws Exception {
        assertThat(BfdCodec.decode(hex("27 00 03 18  11 22 33 44  00 00 00 00  00 0f 42 40  00 00 c3 50  00 00 00 00")).state())
                .isEqualTo(BfdState.ADMIN_DOWN);
    }

    @Test
    void authenticationIsParsedOnlyToTellMalformedFromUnsupported() {
        String head = "20 44 03 %s  11 22 33 44  00 00 00 00  00 0f 42 40  00 00 c3 50  00 00 00 00";
        // Simple password: type 1, len 3 + password, key id.
        expectDrop(head.formatted("1f") + " 01 07 01 73 65 63 72", BfdDropReason.AUTH_UNSUPPORTED);
        // Keyed MD5: type 2, len 24.
        expectDrop(head.formatted("30") + " 02 18 01 00 00 00 00 05" + " 00".repeat(16), BfdDropReason.AUTH_UNSUPPORTED);
        // Keyed SHA1: type 4, len 28.
        expectDrop(head.formatted("34") + " 04 1c 01 00 00 00 00 05" + " 00".repeat(20), BfdDropReason.AUTH_UNSUPPORTED);
        // A bit without a section, unknown type, length that disagrees with the type or the packet.
        expectDrop(head.formatted("18"), BfdDropReason.AUTH_MALFORMED);
        expectDrop(head.formatted("1a") + " 09 02", BfdDropReason.AUTH_MALFORMED);
        expectDrop(head.formatted("30") + " 02 14 01 00 00 00 00 05" + " 00".repeat(16), BfdDropReason.AUTH_MALFORMED);
        expectDrop(head.formatted("1f") + " 01 08 01 73 65 63 72", BfdDropReason.AUTH_MALFORMED);
        expectDrop(head.formatted("1b") + " 01 03 01", BfdDropReason.AUTH_MALFORMED);
    }

    @Test
    void rejectsBadBounds() {
        assertThatThrownBy(() -> BfdCodec.decode(hex(DOWN), 4, 24)).isInstanceOf(BfdDecodeException.class);
        assertThatThrownBy(() -> BfdCodec.decode(new byte[0])).isInstanceOf(BfdDecodeException.class);
    }

    static void expectDrop(String bytes, BfdDropReason reason) {
        assertThatThrownBy(() -> BfdCodec.decode(hex(bytes)))
                .isInstanceOfSatisfying(BfdDecodeException.class, e -> assertThat(e.reason()).as(bytes).isEqualTo(reason));
    }
}
