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

    /**
     * Gets ready to add these addresses quickly at the first takeover (look-ups, message encoding, the kernel round
     * trip with requests it refuses), changing nothing. Any thread, concurrently with the other methods.
     */
    default void prepare(String interfaceName, java.util.List<VirtualAddress> addresses) throws IOException {
    }

    /**
     * {@code use_vmac}: creates (or reuses) the private macvlan {@code vmac} on {@code parent}, sets keepalived's
     * sysctls on both for IPv4, and brings it up. For IPv6 (unless xmit_base) it gets {@code linkLocal}, the address
     * adverts are sent from, and no address of its own.
     */
    default void createVmac(Vmac vmac, String parent, AddressFamily family, java.net.InetAddress linkLocal) throws IOException {
        throw new IOException("use_vmac is not supported by " + getClass().getSimpleName());
    }

    /** Deletes a macvlan created by {@link #createVmac} (absent: nothing to do). */
    default void deleteVmac(String name) throws IOException {
    }
}
