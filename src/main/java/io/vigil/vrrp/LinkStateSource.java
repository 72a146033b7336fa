package io.vigil.vrrp;

import java.io.IOException;
import java.util.Collection;

/** Port: link state of interfaces (rtnetlink RTM_NEWLINK watcher in the real one). */
public interface LinkStateSource extends AutoCloseable {
    interface Sink {
        void linkChanged(String interfaceName, boolean up);
    }

    /**
     * Reports the current state of each interface at once, then every change, to {@code sink} (any thread). Called
     * again (a reload), it adds the interfaces to those watched and reports their current state.
     */
    void watch(Collection<String> interfaceNames, Sink sink) throws IOException;

    @Override
    void close();
}
