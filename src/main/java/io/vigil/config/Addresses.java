package io.vigil.config;

import java.net.InetAddress;

/** Addresses and prefixes in configuration text; the literals themselves through {@link io.vigil.net.IpLiteral}. */
final class Addresses {

    private Addresses() {
    }

    /** The address, or null when the text is not an IPv4 or IPv6 literal. */
    static InetAddress parse(String text) {
        return io.vigil.net.IpLiteral.parseOrNull(text);
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
