package io.vigil.vrrp;

import io.vigil.net.IpLiteral;

import java.net.InetAddress;

/**
 * A virtual address ({@code virtual_ipaddress} / {@code virtual_ipaddress_excluded} entry).
 *
 * @param device    the interface to put it on (keepalived's {@code dev}); null means the instance's interface
 * @param label     {@code label}, or null
 * @param scope     {@code scope} name (global, host, link, ...), or null for the default
 * @param broadcast {@code brd}, or null
 */
public record VirtualAddress(InetAddress address, int prefixLength, String device, String label, String scope, InetAddress broadcast) {
    public VirtualAddress {
        int max = address.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > max) throw new IllegalArgumentException("bad prefix length " + prefixLength);
    }

    /** An address with its host prefix (/32 or /128) on the instance's interface, as keepalived defaults it. */
    public static VirtualAddress of(InetAddress address) {
        return new VirtualAddress(address, address.getAddress().length * 8, null, null, null, null);
    }

    public static VirtualAddress parse(String cidr) {
        int slash = cidr.indexOf('/');
        InetAddress a = IpLiteral.parse(slash < 0 ? cidr : cidr.substring(0, slash));
        int len = slash < 0 ? a.getAddress().length * 8 : Integer.parseInt(cidr.substring(slash + 1));
        return new VirtualAddress(a, len, null, null, null, null);
    }

    public VirtualAddress onDevice(String dev) {
        return new VirtualAddress(address, prefixLength, dev, label, scope, broadcast);
    }

    public String cidr() {
        return address.getHostAddress() + "/" + prefixLength;
    }
}
