package io.vigil.config;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Strict IP literal parsing: dotted-quad IPv4 or IPv6 text; never a DNS lookup. */
final class Addresses {

    private Addresses() {
    }

    /** The address, or null when the text is not an IPv4 or IPv6 literal. */
    static InetAddress parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return null;
        }
        try {
            if (text.indexOf(':') >= 0) {
                String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
                if (t.indexOf('%') >= 0 || !t.matches("[0-9A-Fa-f:.]+")) {
                    return null;
                }
                return Inet6Address.ofLiteral(t);
            }
            return isDottedQuad(text) ? InetAddress.ofLiteral(text) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Four decimal octets 0..255 without leading zeros, as the pattern
     * {@code (25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(...)){3}} — checked by hand because this runs once per address.
     */
    static boolean isDottedQuad(String text) {
        int i = 0;
        int n = text.length();
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (i >= n || text.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
            int start = i;
            int value = 0;
            while (i < n && i - start < 3 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                value = value * 10 + (text.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || (digits > 1 && text.charAt(start) == '0') || value > 255) {
                return false;
            }
        }
        return i == n;
    }

    /** ADDRESS[/LEN]; a missing length means a host prefix (32 or 128). Null when invalid. */
    static IpPrefix prefix(String text) {
        int slash = text.indexOf('/');
        InetAddress a = parse(slash < 0 ? text : text.substring(0, slash));
        if (a == null) {
            return null;
        }
        int max = a.getAddress().length * 8;
        if (slash < 0) {
            return new IpPrefix(a, max);
        }
        String len = text.substring(slash + 1);
        if (!len.matches("\\d{1,3}")) {
            // keepalived also accepts a dotted netmask for IPv4
            InetAddress mask = parse(len);
            Integer bits = mask == null || max != 32 ? null : maskBits(mask.getAddress());
            return bits == null ? null : new IpPrefix(a, bits);
        }
        int bits = Integer.parseInt(len);
        return bits > max ? null : new IpPrefix(a, bits);
    }

    private static Integer maskBits(byte[] mask) {
        int v = ((mask[0] & 0xff) << 24) | ((mask[1] & 0xff) << 16) | ((mask[2] & 0xff) << 8) | (mask[3] & 0xff);
        int bits = Integer.bitCount(v);
        return v == (bits == 0 ? 0 : -1 << (32 - bits)) ? bits : null;
    }

    /** Text of an address; IPv6 in the RFC 5952 short form (ff02::12, not ff02:0:0:0:0:0:0:12). */
    static String format(InetAddress a) {
        return io.vigil.net.InetText.of(a);
    }
}
