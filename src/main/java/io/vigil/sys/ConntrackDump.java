package io.vigil.sys;

import io.vigil.netlink.Conntrack;
import io.vigil.netlink.ConntrackEntry;
import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.NetlinkMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the connection-tracking table through ctnetlink (a NETLINK_NETFILTER {@link NetlinkSocket}, an
 * {@code IPCTNL_MSG_CT_GET} dump), decoded by {@link Conntrack}. The socket belongs to the network namespace it was
 * opened in ({@link #openIn}). Needs CAP_NET_ADMIN in that namespace.
 */
public final class ConntrackDump implements AutoCloseable {
    private final NetlinkSocket socket;

    private ConntrackDump(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** A dump socket in the calling thread's network namespace. */
    public static ConntrackDump open() {
        return new ConntrackDump(NetlinkSocket.open(Conntrack.NETLINK_NETFILTER));
    }

    /** A dump socket in the named namespace ({@code /run/netns/NAME}); it stays there whichever thread uses it. */
    public static ConntrackDump openIn(String namespace) {
        return NetNs.call(namespace, ConntrackDump::open);
    }

    /** Entries of one dump; {@code malformed} counts messages that could not be decoded (dropped). */
    public record Result(List<ConntrackEntry> entries, int malformed) {}

    /**
     * Every entry of {@code family} (AF_INET, AF_INET6, or AF_UNSPEC for both).
     *
     * @throws NetlinkException when the kernel refuses the dump (e.g. EPERM without CAP_NET_ADMIN)
     */
    public Result dump(int family) {
        List<NetlinkMessage> replies = socket.request(Conntrack.dumpRequest(family));
        List<ConntrackEntry> out = new ArrayList<>(replies.size());
        int malformed = 0;
        for (NetlinkMessage m : replies) {
            try {
                Optional<ConntrackEntry> e = Conntrack.decode(m);
                e.ifPresent(out::add);
            } catch (NetlinkException e) {
                malformed++;
            }
        }
        return new Result(out, malformed);
    }

    @Override
    public void close() {
        socket.close();
    }
}
