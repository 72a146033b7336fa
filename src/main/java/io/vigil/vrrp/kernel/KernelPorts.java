package io.vigil.vrrp.kernel;

import io.vigil.vrrp.ProcessScriptRunner;
import io.vigil.vrrp.VrrpPorts;

/** The real kernel ports of the VRRP runtime: raw sockets, rtnetlink, AF_PACKET, the netlink reflector, processes. */
public final class KernelPorts {
    private KernelPorts() {}

    public static VrrpPorts open() {
        return new VrrpPorts(new RawAdvertChannel(), new RtnetlinkAddressManager(), new GarpAnnouncer(), new NetlinkLinkState(),
                new ProcessScriptRunner());
    }
}
