package io.vigil.lb;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Address helpers shared by the load-balancing code (pure). */
public final class Addresses {
    private Addresses() {}

    /** {@code 198.18.0.1:80} or {@code [2001:2::1]:80}, as ipvsadm prints them. */
    public static String hostPort(InetAddress address, int port) {
        String host = address.getHostAddress();
        return address instanceof Inet6Address ? "[" + host + "]:" + port : host + ":" + port;
    }

    /** Parses a literal address (never a DNS lookup). */
    public static InetAddress literal(String s) {
        String t = s.trim();
        if (t.startsWith("[") && t.endsWith("]")) t = t.substring(1, t.length() - 1);
        if (t.isEmpty() || !(t.indexOf(':') >= 0 || Character.isDigit(t.charAt(0))))
            throw new IllegalArgumentException("not a literal IP address: " + s);
        try {
            return InetAddress.ofLiteral(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a literal IP address: " + s, e);
        }
    }

    /** The address with all bits beyond {@code prefixLength} cleared (persistence granularity). */
    public static InetAddress masked(InetAddress address, int prefixLength) {
        byte[] b = address.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - 8 * i));
            b[i] &= (byte) (0xff << (8 - keep));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
