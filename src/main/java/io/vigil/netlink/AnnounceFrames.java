package io.vigil.netlink;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.ByteBuffer;

/**
 * The Ethernet frames a new VRRP master sends to move its VIPs, byte for byte as keepalived 2.2.7 frames them
 * (golden captures in AnnounceFramesTest). Pure: frames in byte arrays, sent by {@code io.vigil.sys.PacketSocket}.
 *
 * <p>Gratuitous ARP (42 bytes): an ARP <em>request</em> broadcast from the interface MAC, sender and target
 * protocol address both the VIP, target hardware address ff:ff:ff:ff:ff:ff.
 * <pre>
 *  0 dst MAC ff:ff:ff:ff:ff:ff | 6 src MAC | 12 ethertype 0x0806
 * 14 htype 1 | 16 ptype 0x0800 | 18 hlen 6 | 19 plen 4 | 20 op 1 (request)
 * 22 sender MAC | 28 sender IP = VIP | 32 target MAC ff:ff:ff:ff:ff:ff | 38 target IP = VIP
 * </pre>
 *
 * <p>Unsolicited neighbour advertisement (86 bytes): from the VIP to ff02::1 (MAC 33:33:00:00:00:01), hop
 * limit 255, Override flag (and Router when the host forwards IPv6), target = VIP, target link-layer option.
 * <pre>
 *  0 dst MAC 33:33:00:00:00:01 | 6 src MAC | 12 ethertype 0x86dd
 * 14 IPv6: ver 6, tc 0, flow 0 | 18 payload length 32 | 20 next header 58 | 21 hop limit 255
 * 22 src = VIP | 38 dst = ff02::1
 * 54 ICMPv6: type 136 | 55 code 0 | 56 checksum (pseudo-header) | 58 flags R S O + reserved (4 bytes)
 * 62 target = VIP | 78 option type 2 (target link-layer) | 79 length 1 (x 8 bytes) | 80 MAC
 * </pre>
 */
public final class AnnounceFrames {
    private AnnounceFrames() {}

    public static final int ETH_P_ARP = 0x0806, ETH_P_IPV6 = 0x86dd;
    public static final int ETH_HEADER_LENGTH = 14, GARP_LENGTH = 42, NA_LENGTH = 86;
    public static final int OFF_ETH_DST = 0, OFF_ETH_SRC = 6, OFF_ETH_TYPE = 12;
    // ARP (after the Ethernet header)
    public static final int OFF_ARP_OP = 20, OFF_ARP_SHA = 22, OFF_ARP_SPA = 28, OFF_ARP_THA = 32, OFF_ARP_TPA = 38;
    public static final int ARP_REQUEST = 1;
    // IPv6 + ICMPv6
    public static final int OFF_IP6_PLEN = 18, OFF_IP6_NEXT = 20, OFF_IP6_HLIM = 21, OFF_IP6_SRC = 22, OFF_IP6_DST = 38;
    public static final int OFF_ICMP6 = 54, OFF_ICMP6_CSUM = 56, OFF_NA_FLAGS = 58, OFF_NA_TARGET = 62, OFF_NA_OPTION = 78;
    public static final int ICMPV6_NEIGHBOR_ADVERT = 136, IPPROTO_ICMPV6 = 58, ND_OPT_TARGET_LINKADDR = 2;
    public static final int NA_FLAG_ROUTER = 0x80, NA_FLAG_SOLICITED = 0x40, NA_FLAG_OVERRIDE = 0x20;
    private static final int NA_ICMP_LENGTH = 32;

    public static final byte[] BROADCAST_MAC = {-1, -1, -1, -1, -1, -1};
    public static final byte[] ALL_NODES_MAC = {0x33, 0x33, 0, 0, 0, 1};
    private static final byte[] ALL_NODES = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    /** A gratuitous ARP for {@code vip} from {@code mac}. */
    public static byte[] gratuitousArp(byte[] mac, Inet4Address vip) {
        requireMac(mac);
        byte[] ip = vip.getAddress();
        ByteBuffer b = ByteBuffer.allocate(GARP_LENGTH);
        b.put(BROADCAST_MAC).put(mac).putShort((short) ETH_P_ARP);
        b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) ARP_REQUEST);
        b.put(mac).put(ip).put(BROADCAST_MAC).put(ip);
        return b.array();
    }

    /** An unsolicited neighbour advertisement for {@code vip} from {@code mac}; {@code router} sets the R flag. */
    public static byte[] unsolicitedNeighbourAdvert(byte[] mac, Inet6Address vip, boolean router) {
        requireMac(mac);
        byte[] ip = vip.getAddress();
        ByteBuffer b = ByteBuffer.allocate(NA_LENGTH);
        b.put(ALL_NODES_MAC).put(mac).putShort((short) ETH_P_IPV6);
        b.putInt(0x60000000).putShort((short) NA_ICMP_LENGTH).put((byte) IPPROTO_ICMPV6).put((byte) 255).put(ip).put(ALL_NODES);
        b.put((byte) ICMPV6_NEIGHBOR_ADVERT).put((byte) 0).putShort((short) 0);
        b.put((byte) (NA_FLAG_OVERRIDE | (router ? NA_FLAG_ROUTER : 0))).put((byte) 0).putShort((short) 0);
        b.put(ip).put((byte) ND_OPT_TARGET_LINKADDR).put((byte) 1).put(mac);
        byte[] f = b.array();
        int sum = icmpv6Checksum(f, OFF_IP6_SRC, OFF_IP6_DST, OFF_ICMP6, NA_ICMP_LENGTH);
        f[OFF_ICMP6_CSUM] = (byte) (sum >> 8);
        f[OFF_ICMP6_CSUM + 1] = (byte) sum;
        return f;
    }

    /**
     * The ICMPv6 checksum (RFC 4443 2.3) over the IPv6 pseudo-header (source, destination, upper-layer length,
     * next header 58) and the message, whose checksum field must be zero.
     */
    public static int icmpv6Checksum(byte[] f, int srcOff, int dstOff, int msgOff, int msgLen) {
        long sum = 0;
        for (int i = 0; i < 16; i += 2) sum += word(f, srcOff + i) + word(f, dstOff + i);
        sum += msgLen + IPPROTO_ICMPV6;
        for (int i = 0; i < msgLen; i += 2) sum += i + 1 < msgLen ? word(f, msgOff + i) : (f[msgOff + i] & 0xff) << 8;
        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
        return (int) (~sum & 0xffff);
    }

    private static int word(byte[] f, int off) {
        return ((f[off] & 0xff) << 8) | (f[off + 1] & 0xff);
    }

    private static void requireMac(byte[] mac) {
        if (mac == null || mac.length != 6) throw new IllegalArgumentException("need a 6-byte MAC");
    }
}
