package io.vigil.sys;

import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.NetlinkMessage;
import io.vigil.netlink.ProcConnector;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's process events (exec, fork, comm, exit) over a NETLINK_CONNECTOR socket subscribed to CN_IDX_PROC,
 * as keepalived's track_process reads them. Needs root (CAP_NET_ADMIN) and the initial network namespace: the
 * connector exists only there, so inside another one {@link #open} fails and callers fall back to scanning /proc.
 */
public final class ProcEvents implements AutoCloseable {
    private final NetlinkSocket socket;

    private ProcEvents(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Opens, subscribes and asks the kernel for events; throws with the reason when the connector is not there. */
    public static ProcEvents open() {
        NetlinkSocket s = NetlinkSocket.open(ProcConnector.NETLINK_CONNECTOR);
        try {
            s.subscribe(ProcConnector.CN_IDX_PROC);
            s.sendRaw(ProcConnector.control(s.portId(), true));
            return new ProcEvents(s);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for events: empty on timeout, null once closed.
     *
     * @throws NetlinkException with ENOBUFS when the kernel dropped events (rescan /proc)
     */
    public List<ProcConnector.ProcEvent> receive(int timeoutMillis) {
        List<NetlinkMessage> msgs = socket.receive(timeoutMillis);
        if (msgs == null) return null;
        List<ProcConnector.ProcEvent> out = new ArrayList<>();
        for (NetlinkMessage m : msgs) {
            if (m.type() != NetlinkMessage.NLMSG_DONE) continue;
            try {
                ProcConnector.decode(m).ifPresent(out::add);
            } catch (IllegalArgumentException e) {
                // a malformed event is dropped; the next scan corrects any count it would have changed
            }
        }
        return out;
    }

    @Override
    public void close() {
        socket.close();
    }
}
