package io.vigil.netlink;

import java.util.HexFormat;

/**
 * A network interface as an RTM_NEWLINK dump or event reports it.
 *
 * @param index       interface index
 * @param name        interface name
 * @param flags       IFF_* flags
 * @param mac         link-layer address as {@code aa:bb:cc:dd:ee:ff}, or null (e.g. tunnels)
 * @param mtu         MTU in bytes, or 0 when not reported
 * @param masterIndex index of the master (bridge, bond), or 0
 * @param linkIndex   index of the lower device (macvlan parent, veth peer), or 0
 * @param kind        IFLA_INFO_KIND ("macvlan", "veth", "bridge"), or null
 * @param operState   IF_OPER_* (RFC 2863)
 */
public record Link(int index, String name, int flags, String mac, int mtu, int masterIndex, int linkIndex, String kind,
                   int operState) {

    /** Administratively up (IFF_UP). */
    public boolean up() {
        return (flags & Rtnl.IFF_UP) != 0;
    }

    /** Up and running (IFF_UP and IFF_RUNNING): what keepalived treats as a usable link. */
    public boolean usable() {
        return (flags & Rtnl.IFF_UP) != 0 && (flags & Rtnl.IFF_RUNNING) != 0;
    }

    public boolean lowerUp() {
        return (flags & Rtnl.IFF_LOWER_UP) != 0;
    }

    /** The MAC as 6 bytes, or null. */
    public byte[] macBytes() {
        return mac == null ? null : parseMac(mac);
    }

    public static byte[] parseMac(String mac) {
        byte[] b = HexFormat.ofDelimiter(":").parseHex(mac);
        if (b.length != 6) throw new IllegalArgumentException("not a 6-byte MAC: " + mac);
        return b;
    }

    public static String formatMac(byte[] mac) {
        return HexFormat.ofDelimiter(":").formatHex(mac);
    }

    /**
     * The virtual router MAC of RFC 3768/5798: 00:00:5e:00:01:VRID for IPv4, 00:00:5e:00:02:VRID for IPv6,
     * what keepalived's {@code use_vmac} gives its macvlan interface.
     */
    public static String vrrpVirtualMac(int vrid, boolean ipv6) {
        if (vrid < 1 || vrid > 255) throw new IllegalArgumentException("VRID out of range: " + vrid);
        return formatMac(new byte[] {0, 0, 0x5e, 0, (byte) (ipv6 ? 2 : 1), (byte) vrid});
    }
}
