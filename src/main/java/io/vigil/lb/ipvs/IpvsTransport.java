package io.vigil.lb.ipvs;

import io.vigil.netlink.GenlMessage;

import java.util.List;

/**
 * The kernel touchpoint of the IPVS data plane: sends one IPVS generic netlink request and returns the kernel's
 * answer messages (without the final ACK or DONE). The real one is {@link NetlinkIpvsTransport}; tests use an
 * in-memory kernel.
 */
public interface IpvsTransport extends AutoCloseable {

    /** The id the kernel gave the "IPVS" family (the netlink type of every request). */
    int familyId();

    /**
     * @throws IpvsException with the kernel's errno when it refuses the request
     */
    List<GenlMessage> request(GenlMessage request);

    @Override
    void close();
}
