package io.vigil.vrrp;

import java.util.HexFormat;
import java.util.Objects;

/**
 * keepalived's {@code use_vmac}: a private macvlan on the instance's interface that carries its VIPs with the virtual
 * router MAC, so clients keep one neighbour entry for a VIP whoever is MASTER.
 *
 * @param name     the macvlan's interface name
 * @param mac      its MAC, {@code aa:bb:cc:dd:ee:ff}
 * @param xmitBase {@code vmac_xmit_base}: adverts are sent and received on the base interface instead
 */
public record Vmac(String name, String mac, boolean xmitBase) {
    public Vmac {
        Objects.requireNonNull(name);
        if (HexFormat.ofDelimiter(":").parseHex(mac).length != 6) throw new IllegalArgumentException("not a MAC: " + mac);
    }

    /** RFC 3768/5798's virtual router MAC: 00:00:5e:00:01:VRID (IPv4), 00:00:5e:00:02:VRID (IPv6). */
    public static String virtualRouterMac(int vrid, AddressFamily family) {
        if (vrid < 1 || vrid > 255) throw new IllegalArgumentException("VRID out of range: " + vrid);
        return HexFormat.ofDelimiter(":").formatHex(new byte[] {0, 0, 0x5e, 0, (byte) (family == AddressFamily.IPV6 ? 2 : 1), (byte) vrid});
    }

    /**
     * The name keepalived gives a VMAC it names itself (vrrp.c's create_vmac_name): {@code PREFIX.VRID}; when that is
     * taken (by another instance's VMAC or an interface that exists), IPv6 tries {@code PREFIX6.VRID} next, then
     * {@code PREFIX1.VRID}, {@code PREFIX2.VRID}, ... skipping 6; IPv4 tries {@code PREFIX1.VRID}, {@code PREFIX2.VRID}, ...
     * A name longer than 15 characters loses the end of its prefix.
     */
    public static String defaultName(String prefix, int vrid, AddressFamily family, java.util.function.Predicate<String> taken) {
        String name = fit(prefix, "", vrid);
        int num = 0;
        for (int tries = 0; tries < 1000 && taken.test(name); tries++) {
            if (family == AddressFamily.IPV6) {
                if (num == 0) num = 6;
                else if (num == 6) num = 1;
                else if (++num == 6) num++;
            } else {
                num++;
            }
            name = fit(prefix, Integer.toString(num), vrid);
        }
        return name;
    }

    private static String fit(String prefix, String num, int vrid) {
        String tail = num + "." + vrid;
        int room = 15 - tail.length();
        return (prefix.length() > room ? prefix.substring(0, Math.max(0, room)) : prefix) + tail;
    }
}
