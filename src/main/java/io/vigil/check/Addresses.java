package io.vigil.check;

import java.net.InetAddress;

/** Prints addresses as inet_ntop does (parsing: {@link io.vigil.net.IpLiteral}, never a DNS lookup). */
public final class Addresses {
    private Addresses() {}

    /** The address as inet_ntop writes it: IPv6 in RFC 5952 form ({@code ::1}, not {@code 0:0:0:0:0:0:0:1}). */
    public static String text(InetAddress a) {
        return io.vigil.net.InetText.of(a);
    }
}
