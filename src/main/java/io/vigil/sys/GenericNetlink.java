package io.vigil.sys;

import io.vigil.netlink.GenlCodec;
import io.vigil.netlink.GenlMessage;
import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.NetlinkMessage;
import io.vigil.netlink.Rtnl;

import java.util.List;
import java.util.Optional;

/**
 * A NETLINK_GENERIC socket with family lookup: the transport for IPVS ("IPVS" family) and other generic
 * netlink families. Build messages with {@link GenlMessage} and send them with {@link #request}.
 */
public final class GenericNetlink implements AutoCloseable {
    private final NetlinkSocket socket;

    private GenericNetlink(NetlinkSocket socket) {
        this.socket = socket;
    }

    public static GenericNetlink open() {
        return new GenericNetlink(NetlinkSocket.open(Rtnl.NETLINK_GENERIC));
    }

    /** Resolves a family by name; empty when the kernel has no such family (e.g. "IPVS" without ip_vs). */
    public Optional<GenlCodec.Family> family(String name) {
        try {
            return socket.request(GenlCodec.getFamily(name).encode()).stream()
                    .filter(m -> m.type() == GenlCodec.GENL_ID_CTRL).map(m -> GenlCodec.decodeFamily(GenlMessage.fromNetlink(m))).findFirst();
        } catch (NetlinkException e) {
            if (e.notFound()) return Optional.empty();
            throw e;
        }
    }

    /** See {@link NetlinkSocket#request}: ACKed requests and NLM_F_DUMP dumps, errors as {@link NetlinkException}. */
    public List<NetlinkMessage> request(byte[] encoded) {
        return socket.request(encoded);
    }

    public NetlinkSocket socket() {
        return socket;
    }

    @Override
    public void close() {
        socket.close();
    }
}
