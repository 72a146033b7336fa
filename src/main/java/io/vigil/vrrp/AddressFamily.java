package io.vigil.vrrp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** The address family of a VRRP instance: the size of each address in the advert's list. */
public enum AddressFamily {
    IPV4(4),
    IPV6(16);

    private final int addressBytes;

    AddressFamily(int addressBytes) {
        this.addressBytes = addressBytes;
    }

    public int addressBytes() {
        return addressBytes;
    }

    public static AddressFamily of(InetAddress address) {
        return address instanceof Inet6Address ? IPV6 : IPV4;
    }

    public boolean matches(InetAddress address) {
        return this == IPV4 ? address instanceof Inet4Address : address instanceof Inet6Address;
    }

    /** 0.0.0.0 or ::, the source of an instance that has no address to send from yet (dynamic_interfaces). */
    public InetAddress unspecified() {
        try {
            return InetAddress.getByAddress(new byte[addressBytes]);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e); // a 4- or 16-byte array is always accepted
        }
    }
}
