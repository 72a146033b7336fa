package io.vigil.vrrp;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Literal address parsing (never a DNS lookup) and the VRRP groups. */
public final class Inet {
    public static final InetAddress VRRP_GROUP_V4 = address("224.0.0.18");
    public static final InetAddress VRRP_GROUP_V6 = address("ff02::12");

    private Inet() {}

    /** Parses a numeric IPv4/IPv6 literal; anything else is an IllegalArgumentException. */
    public static InetAddress address(String literal) {
        String s = literal.strip();
        boolean numeric = s.contains(":") || s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (!numeric) throw new IllegalArgumentException("not a numeric address: " + literal);
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address " + literal, e);
        }
    }

    public static InetAddress group(AddressFamily family) {
        return family == AddressFamily.IPV4 ? VRRP_GROUP_V4 : VRRP_GROUP_V6;
    }

    /** Compares addresses as unsigned big-endian numbers (RFC: the higher primary address wins a tie). */
    public static int compare(InetAddress a, InetAddress b) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length) return Integer.compare(x.length, y.length);
        return java.util.Arrays.compareUnsigned(x, y);
    }
}
