package io.vigil.bfd;

/**
 * One BFD control packet (RFC 5880 section 4.1). Discriminators are the raw 32-bit values (0: unknown); intervals
 * are in microseconds, as on the wire (unsigned 32-bit, held in a long). {@code authType} is 0 without the A bit.
 */
public record BfdPacket(int version, BfdDiag diag, BfdState state, boolean poll, boolean fin, boolean controlPlaneIndependent,
                        boolean authPresent, boolean demand, boolean multipoint, int detectMult, int length,
                        int myDiscriminator, int yourDiscriminator, long desiredMinTxMicros, long requiredMinRxMicros,
                        long requiredMinEchoRxMicros, int authType) {

    public static final int VERSION = 1;

    /** A packet as Vigil sends it: version 1, no auth, no demand, no multipoint, no echo, 24 bytes. */
    public static BfdPacket control(BfdDiag diag, BfdState state, boolean poll, boolean fin, int detectMult, int myDiscriminator,
                                    int yourDiscriminator, long desiredMinTxMicros, long requiredMinRxMicros) {
        return new BfdPacket(VERSION, diag, state, poll, fin, false, false, false, false, detectMult, BfdCodec.HEADER_LENGTH,
                myDiscriminator, yourDiscriminator, desiredMinTxMicros, requiredMinRxMicros, 0, 0);
    }

    @Override
    public String toString() {
        return "BFD v" + version + " " + state + " diag=" + diag.code() + (poll ? " P" : "") + (fin ? " F" : "")
                + (demand ? " D" : "") + (authPresent ? " A" : "") + " mult=" + detectMult
                + " my=" + Integer.toUnsignedString(myDiscriminator) + " your=" + Integer.toUnsignedString(yourDiscriminator)
                + " tx=" + desiredMinTxMicros + "us rx=" + requiredMinRxMicros + "us";
    }
}
