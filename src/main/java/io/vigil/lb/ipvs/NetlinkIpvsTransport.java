package io.vigil.lb.ipvs;

import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.genl.GenlMessage;
import io.vigil.netlink.genl.Ipvs;
import io.vigil.netlink.genl.NetlinkMessage;
import io.vigil.sys.GenericNetlink;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** IPVS over a real NETLINK_GENERIC socket of the current network namespace. */
public final class NetlinkIpvsTransport implements IpvsTransport {
    private final GenericNetlink socket;
    private final int familyId;

    private NetlinkIpvsTransport(GenericNetlink socket, int familyId) {
        this.socket = socket;
        this.familyId = familyId;
    }

    /** Opens a socket and resolves the "IPVS" family; empty when the kernel has no IPVS (ip_vs not loaded or not built). */
    public static Optional<NetlinkIpvsTransport> open() {
        GenericNetlink s = GenericNetlink.open();
        try {
            Optional<Integer> id = s.family(Ipvs.FAMILY_NAME).map(f -> f.id());
            if (id.isEmpty()) {
                s.close();
                return Optional.empty();
            }
            return Optional.of(new NetlinkIpvsTransport(s, id.get()));
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public int familyId() {
        return familyId;
    }

    @Override
    public List<GenlMessage> request(GenlMessage request) {
        List<io.vigil.netlink.NetlinkMessage> replies;
        try {
            replies = socket.request(request.encode());
        } catch (NetlinkException e) {
            throw new IpvsException(e.getMessage(), e.errno(), e);
        }
        List<GenlMessage> out = new ArrayList<>(replies.size());
        for (io.vigil.netlink.NetlinkMessage m : replies)
            if (m.type() == familyId)
                out.add(GenlMessage.fromNetlink(new NetlinkMessage(m.type(), m.flags(), m.seq(), m.pid(), m.payload())));
        return out;
    }

    @Override
    public void close() {
        socket.close();
    }
}
