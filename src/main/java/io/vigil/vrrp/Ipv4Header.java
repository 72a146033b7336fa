package io.vigil.vrrp;

import java.net.Inet4Address;

/**
 * An IPv4 header as carried before a VRRP (or AH) payload. keepalived builds it itself (IP_HDRINCL): TOS 0xc0,
 * TTL 255, no DF, and an id counting up per instance from 1 (never 0, which would let the kernel pick one).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |      TOS      |          Total Length         |
 * |         Identification        |Flags|      Fragment Offset    |
 * |      TTL      |    Protocol   |         Header Checksum       |
 * |                       Source Address                          |
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param headerLength   IHL × 4 (20 without options; options are skipped on decode and never sent)
 * @param fragmentField  flags (3 bits) and fragment offset (13 bits) as one 16-bit field
 */
public record Ipv4Header(int headerLength, int tos, int totalLength, int id, int fragmentField, int ttl, int protocol,
                         int checksum, Inet4Address source, Inet4Address destination) {
    public static final int LENGTH = 20;
    public static final int OFFSET_VERSION_IHL = 0;
    public static final int OFFSET_TOS = 1;
    public static final int OFFSET_TOTAL_LENGTH = 2;
    public static final int OFFSET_ID = 4;
    public static final int OFFSET_FRAGMENT = 6;
    public static final int OFFSET_TTL = 8;
    public static final int OFFSET_PROTOCOL = 9;
    public static final int OFFSET_CHECKSUM = 10;
    public static final int OFFSET_SOURCE = 12;
    public static final int OFFSET_DESTINATION = 16;
    /** TOS "internetwork control", as keepalived sets it. */
    public static final int TOS_NETWORK_CONTROL = 0xc0;
    public static final int VRRP_TTL = 255;
    public static final int IPPROTO_AH = 51;
}
