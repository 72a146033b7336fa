package io.vigil.vrrp.kernel;

import io.vigil.netlink.IfAddress;
import io.vigil.netlink.Rtnl;
import io.vigil.sys.Rtnetlink;
import io.vigil.vrrp.AddressFamily;
import io.vigil.vrrp.VrrpPorts;

import java.net.InetAddress;

/** The real kernel ports of the VRRP runtime: raw sockets, rtnetlink, AF_PACKET, the netlink reflector, processes. */
public final class KernelPorts {
    private KernelPorts() {}

    public static VrrpPorts open() {
        return open(io.vigil.vrrp.ThreadTuner.NONE);
    }

    /** With the advert readers' scheduling (keepalived's vrrp_priority / vrrp_rt_priority). */
    public static VrrpPorts open(io.vigil.vrrp.ThreadTuner readerThreads) {
        return open(readerThreads, java.util.Set.of(), java.util.Map.of(), java.util.Map.of());
    }

    /**
     * {@code polledLinks}: the interfaces whose link state is polled (linkbeat), the others follow netlink;
     * {@code linkDelays}: interface_up_down_delays (name to {down, up} nanoseconds); {@code garpGroups}: garp_group's
     * pace of each interface in one. All live: a reload changes them.
     */
    public static VrrpPorts open(io.vigil.vrrp.ThreadTuner readerThreads, java.util.Set<String> polledLinks, java.util.Map<String, long[]> linkDelays,
                                 java.util.Map<String, GarpAnnouncer.GarpPace> garpGroups) {
        return new VrrpPorts(new RawAdvertChannel(readerThreads), new RtnetlinkAddressManager(), new GarpAnnouncer(garpGroups),
                new DebouncedLinkState(new PollingLinkState(polledLinks), linkDelays), new ProcessScriptRunner());
    }

    /**
     * Where keepalived sends from when no {@code mcast_src_ip}/{@code unicast_src_ip} is set, read through rtnetlink
     * in the calling thread's namespace: the interface's primary (not IFA_F_SECONDARY) IPv4 address, or for IPv6 its
     * link-local address.
     */
    public static InetAddress primaryAddress(String interfaceName, AddressFamily family) {
        try (Rtnetlink rt = Rtnetlink.open()) {
            int index = rt.indexOf(interfaceName);
            for (IfAddress a : rt.addresses(family == AddressFamily.IPV4 ? Rtnl.AF_INET : Rtnl.AF_INET6, index)) {
                if (family == AddressFamily.IPV4 && (a.flags() & Rtnl.IFA_F_SECONDARY) == 0) return a.address();
                if (family == AddressFamily.IPV6 && a.address().isLinkLocalAddress()) return a.address();
            }
        }
        throw new IllegalStateException("interface " + interfaceName + " has no " + (family == AddressFamily.IPV4 ? "IPv4" : "IPv6 link-local") + " address");
    }
}
