package io.vigil.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.regex.Pattern;

/** Strict IP literal parsing: dotted-quad IPv4 or IPv6 text; never a DNS lookup. */
final class Addresses {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

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
            return IPV4.matcher(text).matches() ? InetAddress.ofLiteral(text) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
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

    static String format(InetAddress a) {
        return a.getHostAddress();
    }
}
