package io.vigil.vrrp;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The IPsec AH header (RFC 2402) keepalived puts between the IPv4 header and a VRRPv2 message with
 * {@code auth_type AH}: HMAC-MD5-96, SPI = the sender's IPv4 address, a sequence number shared by the group.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Header   |  Payload Len  |          RESERVED             |
 * |                 Security Parameters Index (SPI)               |
 * |                    Sequence Number Field                      |
 * |          Authentication Data (ICV, 96 bits = 12 bytes)        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record AuthenticationHeader(int nextHeader, int payloadLength, int reserved, int spi, int sequence, byte[] icv) {
    public static final int LENGTH = 24;
    public static final int OFFSET_NEXT_HEADER = 0;
    public static final int OFFSET_PAYLOAD_LENGTH = 1;
    public static final int OFFSET_RESERVED = 2;
    public static final int OFFSET_SPI = 4;
    public static final int OFFSET_SEQUENCE = 8;
    public static final int OFFSET_ICV = 12;
    public static final int ICV_LENGTH = 12;
    /** 32-bit words minus 2: (12 + 12) / 4 - 2. */
    public static final int PAYLOAD_LENGTH = 4;

    public AuthenticationHeader {
        icv = icv.clone();
        if (icv.length != ICV_LENGTH) throw new IllegalArgumentException("ICV must be 12 bytes");
    }

    @Override
    public byte[] icv() {
        return icv.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthenticationHeader h && nextHeader == h.nextHeader && payloadLength == h.payloadLength
                && reserved == h.reserved && spi == h.spi && sequence == h.sequence && Arrays.equals(icv, h.icv);
    }

    @Override
    public int hashCode() {
        return ((nextHeader * 31 + spi) * 31 + sequence) * 31 + Arrays.hashCode(icv);
    }

    @Override
    public String toString() {
        return "AH[spi=" + Integer.toUnsignedString(spi, 16) + ", seq=" + Integer.toUnsignedString(sequence) + ", icv="
                + HexFormat.of().formatHex(icv) + "]";
    }
}
