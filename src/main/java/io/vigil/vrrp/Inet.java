package io.vigil.vrrp;

import io.vigil.net.IpLiteral;

import java.net.InetAddress;

/** The VRRP groups and the address order of elections. */
public final class Inet {
    public static final InetAddress VRRP_GROUP_V4 = IpLiteral.parse("224.0.0.18");
    public static final InetAddress VRRP_GROUP_V6 = IpLiteral.parse("ff02::12");

    private Inet() {}

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
