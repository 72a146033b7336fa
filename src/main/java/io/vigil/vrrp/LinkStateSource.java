package io.vigil.vrrp;

import java.io.IOException;
import java.util.Collection;

/** Port: link state of interfaces (rtnetlink RTM_NEWLINK watcher in the real one). */
public interface LinkStateSource extends AutoCloseable {
    interface Sink {
        void linkChanged(String interfaceName, boolean up);
    }

    interface AddressSink {
        /** {@code address}: the interface's primary IPv4 or IPv6 link-local address of {@code family}, null for none. */
        void addressChanged(String interfaceName, AddressFamily family, java.net.InetAddress address);
    }

    /**
     * dynamic_interfaces: reports the address each interface's instances send from by default (both families) now,
     * then every change, to {@code sink} (any thread); a second call adds interfaces.
     */
    void watchAddresses(Collection<String> interfaceNames, AddressSink sink) throws IOException;

    /**
     * Reports the current state of each interface at once, then every change, to {@code sink} (any thread). Called
     * again (a reload), it adds the interfaces to those watched and reports their current state.
     */
    void watch(Collection<String> interfaceNames, Sink sink) throws IOException;

    @Override
    void close();
}
