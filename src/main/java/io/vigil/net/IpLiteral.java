package io.vigil.net;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The one IP-literal parser of every package: dotted-quad IPv4 (four decimal octets, no leading zeros) or IPv6 text,
 * optionally in brackets, without a zone. Never a DNS lookup: a checker, the VRRP thread or a reload must never block
 * on a name server because a string did not look like an address.
 */
public final class IpLiteral {
    private IpLiteral() {}

    /** The address, or null when the text is not an IPv4 or IPv6 literal. */
    public static InetAddress parseOrNull(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) return null;
        try {
            if (text.indexOf(':') >= 0) {
                String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
                if (t.indexOf('%') >= 0 || !isIpv6Text(t)) return null;
                return Inet6Address.ofLiteral(t);
            }
            return isDottedQuad(text) ? InetAddress.ofLiteral(text) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The address of {@code text} without its surrounding whitespace; IllegalArgumentException ("not an IP address
     * literal: ...") when it is not one.
     */
    public static InetAddress parse(String text) {
        InetAddress a = text == null ? null : parseOrNull(text.strip());
        if (a == null) throw new IllegalArgumentException("not an IP address literal: " + text);
        return a;
    }

    private static boolean isIpv6Text(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.')) return false;
        }
        return true;
    }

    /**
     * Four decimal octets 0..255 without leading zeros, as the pattern
     * {@code (25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(...)){3}}: checked by hand because this runs once per address.
     */
    public static boolean isDottedQuad(String text) {
        int i = 0;
        int n = text.length();
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (i >= n || text.charAt(i) != '.') return false;
                i++;
            }
            int start = i;
            int value = 0;
            while (i < n && i - start < 3 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                value = value * 10 + (text.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || (digits > 1 && text.charAt(start) == '0') || value > 255) return false;
        }
        return i == n;
    }
}
