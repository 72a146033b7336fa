package io.vigil.vrrp.kernel;

import io.vigil.sys.Announcer;

import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Gratuitous ARPs and unsolicited NAs through AF_PACKET, one packet socket per interface, opened on first use. */
public final class GarpAnnouncer implements io.vigil.vrrp.Announcer, AutoCloseable {
    private final Map<String, Announcer> byInterface = new HashMap<>();

    @Override
    public synchronized void announce(String interfaceName, List<InetAddress> addresses, int count) throws IOException {
        try {
            Announcer a = byInterface.computeIfAbsent(interfaceName, Announcer::open);
            // keepalived sends each burst back to back: count rounds over all addresses.
            for (int i = 0; i < count; i++) {
                for (InetAddress address : addresses) a.announce(address);
            }
        } catch (RuntimeException e) {
            byInterface.remove(interfaceName);
            throw new IOException("announce on " + interfaceName + ": " + e.getMessage(), e);
        }
    }

    /** Opens the packet socket before the first takeover needs it. */
    @Override
    public synchronized void prepare(String interfaceName) throws IOException {
        try {
            byInterface.computeIfAbsent(interfaceName, Announcer::open);
        } catch (RuntimeException e) {
            throw new IOException("announce on " + interfaceName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        byInterface.values().forEach(Announcer::close);
        byInterface.clear();
    }
}
