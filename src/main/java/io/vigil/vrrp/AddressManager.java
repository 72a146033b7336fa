package io.vigil.vrrp;

import java.io.IOException;

/**
 * Port: virtual addresses, routes and rules through rtnetlink. All operations are idempotent: adding what exists and
 * removing what is absent succeed (the shell removes leftovers of a crashed run by removing everything configured).
 */
public interface AddressManager {
    void addAddress(String interfaceName, VirtualAddress address) throws IOException;

    /** Returns whether the address was there. */
    boolean removeAddress(String interfaceName, VirtualAddress address) throws IOException;

    void addRoute(VirtualRoute route) throws IOException;

    void removeRoute(VirtualRoute route) throws IOException;

    void addRule(VirtualRule rule) throws IOException;

    void removeRule(VirtualRule rule) throws IOException;
}
