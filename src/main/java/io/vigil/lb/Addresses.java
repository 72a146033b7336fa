package io.vigil.lb;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Address helpers shared by the load-balancing code (pure). */
public final class Addresses {
    private Addresses() {}

    /** {@code 198.18.0.1:80} or {@code [2001:2::1]:80}, as ipvsadm prints them. */
    public static String hostPort(InetAddress address, int port) {
        String host = text(address);
        return address instanceof Inet6Address ? "[" + host + "]:" + port : host + ":" + port;
    }

    /**
     * The address as inet_ntop(3) writes it, which ipvsadm uses: IPv6 with the longest run of two or more zero
     * groups as {@code ::} (the first of equal runs), hex without leading zeros ({@code 2001:2::10}, where
     * {@link InetAddress#getHostAddress()} gives {@code 2001:2:0:0:0:0:0:10}).
     */
    public static String text(InetAddress address) {
        return io.vigil.net.InetText.of(address);
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
