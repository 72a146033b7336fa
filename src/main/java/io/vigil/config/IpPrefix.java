package io.vigil.config;

import java.net.InetAddress;

/** An address with a prefix length, e.g. {@code 198.18.0.0/24}. */
public record IpPrefix(InetAddress address, int prefixLength) {
    public boolean isIpv6() {
        return address.getAddress().length == 16;
    }

    @Override
    public String toString() {
        return Addresses.format(address) + "/" + prefixLength;
    }
}
