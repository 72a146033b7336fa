package io.vigil.check;

import java.net.InetAddress;
import java.util.Collection;
import java.util.Set;

/**
 * keepalived's ha_suspend: the checks of a virtual server that has it run only while its address is configured on
 * this host (keepalived learns it from netlink address events; the daemon feeds {@link #localAddresses} the same way).
 * A suspended check is not run: it is due again after delay_loop, and its server keeps its state.
 */
public final class HaSuspend {
    private volatile Set<VirtualServerKey> suspendable;
    private volatile Set<InetAddress> local;

    /** {@code suspendable}: the virtual servers with ha_suspend; {@code local}: the addresses on this host now. */
    public HaSuspend(Collection<VirtualServerKey> suspendable, Collection<InetAddress> local) {
        this.suspendable = Set.copyOf(suspendable);
        this.local = Set.copyOf(local);
    }

    /** No virtual server suspended. */
    public static HaSuspend none() {
        return new HaSuspend(Set.of(), Set.of());
    }

    /** After a reload: the virtual servers with ha_suspend now. */
    public void virtualServers(Collection<VirtualServerKey> keys) {
        suspendable = Set.copyOf(keys);
    }

    public void localAddresses(Collection<InetAddress> addresses) {
        local = Set.copyOf(addresses);
    }

    public boolean any() {
        return !suspendable.isEmpty();
    }

    /** Whether {@code vs}'s checks are suspended now. */
    public boolean suspended(VirtualServerKey vs) {
        return vs instanceof VirtualServerKey.Address a && suspendable.contains(vs) && !local.contains(a.address());
    }
}
