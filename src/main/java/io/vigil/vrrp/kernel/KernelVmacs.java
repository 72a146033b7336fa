package io.vigil.vrrp.kernel;

import io.vigil.netlink.IfAddress;
import io.vigil.netlink.Link;
import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.Rtnl;
import io.vigil.sys.Rtnetlink;
import io.vigil.sys.Sysctl;
import io.vigil.vrrp.AddressFamily;
import io.vigil.vrrp.Vmac;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * use_vmac's macvlans, as keepalived's vrrp_vmac.c makes them: private mode, the virtual router MAC, created down,
 * configured, then brought up; deleted at stop with the base interface's ARP sysctls put back when its last VMAC goes.
 * Calls are serialised by the owner ({@link RtnetlinkAddressManager}'s lock).
 */
final class KernelVmacs {
    private static final Logger log = LoggerFactory.getLogger(KernelVmacs.class);

    private final Rtnetlink rtnl;
    /** VMAC name to its base interface, for the IPv4 VMACs whose sysctls were set. */
    private final Map<String, String> baseOf = new HashMap<>();
    /** Base interface to its arp_ignore/arp_filter before the first VMAC, and how many VMACs use it. */
    private final Map<String, Map<String, String>> savedBase = new HashMap<>();
    private final Map<String, Integer> vmacsOnBase = new HashMap<>();

    KernelVmacs(Rtnetlink rtnl) {
        this.rtnl = rtnl;
    }

    void create(Vmac vmac, String parent, AddressFamily family, InetAddress linkLocal) throws IOException {
        try {
            Link base = rtnl.link(parent).orElseThrow(() -> new IOException("no interface " + parent + " for vmac " + vmac.name()));
            Link existing = rtnl.link(vmac.name()).orElse(null);
            boolean reuse = false;
            if (existing != null) {
                if (!"macvlan".equals(existing.kind()))
                    throw new IOException("interface " + vmac.name() + " already exists and is not a macvlan");
                reuse = existing.linkIndex() == base.index() && vmac.mac().equalsIgnoreCase(existing.mac())
                        && rtnl.macvlanMode(vmac.name()) == Rtnl.MACVLAN_MODE_PRIVATE;
                if (!reuse) {
                    // keepalived: a macvlan of that name on another interface, or with another MAC or mode, is replaced.
                    log.info("Removing old VMAC interface {}: it does not match (base, MAC or mode)", vmac.name());
                    rtnl.deleteLink(existing.index());
                }
            }
            int index = reuse ? existing.index() : rtnl.createMacvlan(vmac.name(), base.index(), vmac.mac(), Rtnl.MACVLAN_MODE_PRIVATE);
            String v6 = "net/ipv6/conf/" + vmac.name() + "/";
            if (family == AddressFamily.IPV4) {
                // Before the link comes up: no IPv6 on an IPv4 instance's VMAC, so no link-local, DAD, MLD report or
                // router solicitation ever leaves with the virtual MAC as its source (a switch would learn it there).
                Sysctl.write(v6 + "disable_ipv6", "1");
                configureIpv4(vmac.name(), parent);
            } else {
                // RFC 5798 7.4: no address generated from the virtual MAC; the adverts' source is the base's link-local.
                Sysctl.write(v6 + "disable_ipv6", "0");
                Sysctl.write(v6 + "addr_gen_mode", "1");
            }
            rtnl.setLinkUp(index, true);
            if (family == AddressFamily.IPV6 && !vmac.xmitBase() && linkLocal != null && linkLocal.isLinkLocalAddress()) {
                // The same address is on the base already, so it is known to be unique: no DAD (it would hold the
                // adverts for a second and send a solicitation from the virtual MAC).
                rtnl.ensureAddress(IfAddress.of(index, linkLocal, 64).withFlags(Rtnl.IFA_F_NODAD));
            }
            log.info("{} VMAC interface {} ({}) on {}", reuse ? "Reusing" : "Created", vmac.name(), vmac.mac(), parent);
        } catch (NetlinkException | UncheckedIOException e) {
            throw new IOException("create vmac " + vmac.name() + " on " + parent + ": " + e.getMessage(), e);
        }
    }

    /** keepalived's set_interface_parameters: counted per base interface, so several VMACs on one base share it. */
    private void configureIpv4(String vmacName, String base) {
        if (baseOf.containsKey(vmacName)) return;
        int n = vmacsOnBase.getOrDefault(base, 0);
        if (n == 0) savedBase.put(base, Sysctl.configureVmac(vmacName, base));
        else Sysctl.configureVmacOnly(vmacName);
        vmacsOnBase.put(base, n + 1);
        baseOf.put(vmacName, base);
    }

    void delete(String name) throws IOException {
        try {
            Link l = rtnl.link(name).orElse(null);
            if (l != null) {
                if (!"macvlan".equals(l.kind())) throw new IOException("interface " + name + " is not a macvlan; not deleting it");
                rtnl.deleteLink(l.index());
            }
        } catch (NetlinkException e) {
            throw new IOException("delete vmac " + name + ": " + e.getMessage(), e);
        } finally {
            String base = baseOf.remove(name);
            if (base != null) {
                int n = vmacsOnBase.merge(base, -1, Integer::sum);
                if (n <= 0) {
                    vmacsOnBase.remove(base);
                    Map<String, String> saved = savedBase.remove(base);
                    try {
                        if (saved != null) Sysctl.restore(saved);
                    } catch (UncheckedIOException e) {
                        log.warn("could not put back arp_ignore/arp_filter on {}: {}", base, e.getMessage());
                    }
                }
            }
        }
    }
}
