package io.vigil.check;

import io.vigil.net.IpLiteral;

import java.net.InetAddress;
import java.util.Objects;

/** A real server of a virtual server: its address and port (port 0 for fwmark services without a port). */
public record RealServerKey(InetAddress address, int port) {
    public RealServerKey {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    }

    public static RealServerKey of(String address, int port) {
        return new RealServerKey(IpLiteral.parse(address), port);
    }

    /** keepalived's spelling: {@code [192.0.2.1]:80}. */
    @Override
    public String toString() {
        return "[" + Addresses.text(address) + "]:" + port;
    }
}
