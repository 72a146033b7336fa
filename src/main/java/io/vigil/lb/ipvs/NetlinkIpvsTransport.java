package io.vigil.lb.ipvs;

import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.GenlMessage;
import io.vigil.netlink.NetlinkMessage;
import io.vigil.netlink.genl.Ipvs;
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
        List<NetlinkMessage> replies;
        try {
            replies = socket.request(request.encode());
        } catch (NetlinkException e) {
            throw new IpvsException(e.getMessage(), e.errno(), e);
        }
        List<GenlMessage> out = new ArrayList<>(replies.size());
        for (NetlinkMessage m : replies) if (m.type() == familyId) out.add(GenlMessage.fromNetlink(m));
        return out;
    }

    @Override
    public void close() {
        socket.close();
    }
}
