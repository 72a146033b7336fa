package io.vigil.lb.nft;

import io.vigil.netlink.ConntrackEntry;
import io.vigil.netlink.Rtnl;
import io.vigil.sys.ConntrackDump;

import java.util.List;
import java.util.function.Supplier;

/**
 * The kernel's connection-tracking table, read for the nftables plane's active/inactive connection counts. The
 * real one dumps conntrack through ctnetlink ({@link ConntrackDump}); tests use an in-memory list.
 */
public interface ConnectionTable extends AutoCloseable {

    /** Every tracked connection (IPv4 and IPv6) now. Throws when the table cannot be read (no permission, ...). */
    List<ConntrackEntry> entries();

    @Override
    default void close() {}

    /** A table that is always empty: counts read 0 (where conntrack cannot be read). */
    ConnectionTable NONE = List::of;

    /** The table of the calling thread's network namespace. */
    static ConnectionTable kernel() {
        return new Kernel(ConntrackDump::open);
    }

    /** The table of a named network namespace ({@code ip netns} name), for labs and {@code net_namespace}. */
    static ConnectionTable inNamespace(String namespace) {
        return new Kernel(() -> ConntrackDump.openIn(namespace));
    }

    /** Opens the ctnetlink socket on first use and again after a failure (a broken socket is never reused). */
    final class Kernel implements ConnectionTable {
        private final Supplier<ConntrackDump> opener;
        private ConntrackDump dump;

        Kernel(Supplier<ConntrackDump> opener) {
            this.opener = opener;
        }

        @Override
        public synchronized List<ConntrackEntry> entries() {
            if (dump == null) dump = opener.get();
            try {
                return dump.dump(Rtnl.AF_UNSPEC).entries();
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        public synchronized void close() {
            if (dump != null) dump.close();
            dump = null;
        }
    }
}
