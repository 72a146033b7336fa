package io.vigil.net;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Addresses as text, shared by every package (pure, depends on nothing of Vigil). */
public final class InetText {
    private InetText() {}

    /**
     * The address as inet_ntop(3) writes it (ipvsadm, keepalived's logs): IPv4 dotted; IPv6 in the RFC 5952 short
     * form, the longest run of two or more zero groups as {@code ::} (the first of equal runs), hex without leading
     * zeros ({@code 2001:2::10}, where {@link InetAddress#getHostAddress()} gives {@code 2001:2:0:0:0:0:0:10}).
     */
    public static String of(InetAddress address) {
        if (!(address instanceof Inet6Address)) return address.getHostAddress();
        byte[] b = address.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        int bestStart = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
