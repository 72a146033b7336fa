package io.vigil.check;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Parses literal IP addresses only (a health checker must never block on a DNS lookup of its own target), and prints them. */
public final class Addresses {
    private Addresses() {}

    /** The address as inet_ntop writes it: IPv6 in RFC 5952 form ({@code ::1}, not {@code 0:0:0:0:0:0:0:1}). */
    public static String text(InetAddress a) {
        if (!(a instanceof java.net.Inet6Address)) return a.getHostAddress();
        byte[] b = a.getAddress();
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
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    static InetAddress parse(String literal) {
        if (literal == null || literal.isEmpty()) throw new IllegalArgumentException("empty address");
        boolean looksLiteral = literal.indexOf(':') >= 0 || literal.chars().allMatch(c -> c == '.' || Character.isDigit(c));
        if (!looksLiteral) throw new IllegalArgumentException("not an IP address literal: " + literal);
        try {
            return InetAddress.getByName(literal.startsWith("[") ? literal.substring(1, literal.length() - 1) : literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad IP address: " + literal, e);
        }
    }
}
