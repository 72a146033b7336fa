package io.vigil.lb.nft;

import io.vigil.netlink.ConntrackEntry;
import io.vigil.netlink.Rtnl;
import io.vigil.sys.ConntrackDump;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The kernel's connection-tracking table, read for the nftables plane's active/inactive connection counts. The
 * real one dumps conntrack through ctnetlink ({@link ConntrackDump}); tests use an in-memory list.
 */
public interface ConnectionTable extends AutoCloseable {

    /** Every tracked connection (IPv4 and IPv6) now. Throws when the table cannot be read (no permission, ...). */
    List<ConntrackEntry> entries();

    /** How full the table is, or null where that cannot be read. */
    default ConntrackPressure.Usage usage() {
        return null;
    }

    @Override
    default void close() {}

    /** A table that is always empty: counts read 0 (where conntrack cannot be read). */
    ConnectionTable NONE = List::of;

    /** The table of the calling thread's network namespace. */
    static ConnectionTable kernel() {
        return new Kernel(ConntrackDump::open, true);
    }

    /** The table of a named network namespace ({@code ip netns} name), for labs and {@code net_namespace}. */
    static ConnectionTable inNamespace(String namespace) {
        // /proc/sys/net shows the reader's namespace, not this one's: no usage.
        return new Kernel(() -> ConntrackDump.openIn(namespace), false);
    }

    /** Opens the ctnetlink socket on first use and again after a failure (a broken socket is never reused). */
    final class Kernel implements ConnectionTable {
        private static final Path COUNT = Path.of("/proc/sys/net/netfilter/nf_conntrack_count");
        private static final Path MAX = Path.of("/proc/sys/net/netfilter/nf_conntrack_max");
        private final Supplier<ConntrackDump> opener;
        private final boolean ownNamespace;
        private ConntrackDump dump;

        Kernel(Supplier<ConntrackDump> opener, boolean ownNamespace) {
            this.opener = opener;
            this.ownNamespace = ownNamespace;
        }

        /** The caller's namespace's count and the limit (null until nf_conntrack is loaded, or unreadable). */
        @Override
        public ConntrackPressure.Usage usage() {
            if (!ownNamespace) return null;
            try {
                return new ConntrackPressure.Usage(Long.parseLong(Files.readString(COUNT).strip()), Long.parseLong(Files.readString(MAX).strip()));
            } catch (IOException | NumberFormatException e) {
                return null;
            }
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
