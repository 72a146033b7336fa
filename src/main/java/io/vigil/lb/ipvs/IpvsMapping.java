package io.vigil.lb.ipvs;

import io.vigil.lb.Counters;
import io.vigil.lb.Forwarding;
import io.vigil.lb.Persistence;
import io.vigil.lb.Protocol;
import io.vigil.lb.RealServer;
import io.vigil.lb.SchedulerFlag;
import io.vigil.lb.SchedulerKind;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.Tunnel;
import io.vigil.lb.VirtualService;
import io.vigil.netlink.genl.Ipvs;
import io.vigil.netlink.genl.IpvsDest;
import io.vigil.netlink.genl.IpvsService;
import io.vigil.netlink.genl.IpvsStats;

import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Pure translation between Vigil's desired-state records and IPVS's kernel records, both ways, so that reading
 * back what was written yields the same {@link VirtualService} (which makes reconciling idempotent).
 */
public final class IpvsMapping {
    private IpvsMapping() {}

    public static IpvsService key(ServiceKey k) {
        return switch (k) {
            case ServiceKey.Ip ip -> IpvsService.key(ip.protocol().ipProtocolNumber(), ip.address(), ip.port());
            case ServiceKey.Fwmark fw -> IpvsService.fwmarkKey(fw.ipv6() ? Ipvs.AF_INET6 : Ipvs.AF_INET, fw.mark());
        };
    }

    public static ServiceKey key(IpvsService s) {
        if (s.isFwmark()) return new ServiceKey.Fwmark(s.fwmark(), s.af() == Ipvs.AF_INET6);
        Protocol p = switch (s.protocol()) {
            case 6 -> Protocol.TCP;
            case 17 -> Protocol.UDP;
            case 132 -> Protocol.SCTP;
            default -> throw new IllegalArgumentException("IPVS service with unknown protocol " + s.protocol());
        };
        return new ServiceKey.Ip(p, s.address(), s.port());
    }

    /**
     * The kernel form of a service's settings (its servers are separate {@link IpvsDest}s). As keepalived, the
     * persistence engine goes with persistence only: without a timeout there is none to send.
     */
    public static IpvsService service(VirtualService v) {
        IpvsService k = key(v.key());
        int flags = 0;
        Persistence p = v.persistence();
        if (p.enabled()) flags |= Ipvs.SVC_F_PERSISTENT;
        if (v.onePacket()) flags |= Ipvs.SVC_F_ONEPACKET;
        for (SchedulerFlag f : v.schedulerFlags()) flags |= f.ipvsBit();
        int netmask;
        if (k.af() == Ipvs.AF_INET6) netmask = p.enabled() ? p.granularityPrefixLength() : 128;
        else netmask = p.enabled() ? p.ipv4Netmask() : 0xffffffff;
        return new IpvsService(k.af(), k.protocol(), k.address(), k.port(), k.fwmark(), v.scheduler().ipvsName(), flags,
                p.enabled() ? p.timeoutSeconds() : 0, netmask, p.enabled() && p.hasEngine() ? p.engine() : null, null);
    }

    public static IpvsDest dest(RealServer r) {
        Tunnel t = r.forwarding() == Forwarding.TUN ? r.tunnel() : Tunnel.NONE_IPIP;
        return IpvsDest.of(r.address(), r.port(), r.forwarding().ipvsConnFlag(), r.weight(), r.upperThreshold(), r.lowerThreshold(),
                tunnelType(t.type()), t.port(), checksumFlag(t.checksum()));
    }

    /** Reads a kernel service and its destinations back into a {@link VirtualService}. */
    public static VirtualService virtualService(IpvsService s, List<IpvsDest> dests) {
        Set<SchedulerFlag> flags = EnumSet.noneOf(SchedulerFlag.class);
        for (SchedulerFlag f : SchedulerFlag.values()) if ((s.flags() & f.ipvsBit()) != 0) flags.add(f);
        Persistence p = Persistence.NONE;
        if ((s.flags() & Ipvs.SVC_F_PERSISTENT) != 0) {
            int prefix = s.af() == Ipvs.AF_INET6 ? s.netmask() : Integer.bitCount(s.netmask());
            p = new Persistence(s.timeoutSeconds(), prefix, s.peName() == null ? "" : s.peName());
        }
        List<RealServer> servers = new ArrayList<>(dests.size());
        for (IpvsDest d : dests) servers.add(realServer(d));
        return new VirtualService(key(s), SchedulerKind.parse(s.scheduler() == null ? "" : s.scheduler().toLowerCase(Locale.ROOT)), flags, p,
                (s.flags() & Ipvs.SVC_F_ONEPACKET) != 0, servers);
    }

    public static RealServer realServer(IpvsDest d) {
        Forwarding f = switch (d.forwardingMethod()) {
            case Ipvs.CONN_F_DROUTE -> Forwarding.DR;
            case Ipvs.CONN_F_TUNNEL -> Forwarding.TUN;
            default -> Forwarding.NAT; // MASQ, and LOCALNODE which older kernels report for a local NAT server
        };
        Tunnel t = f == Forwarding.TUN
                ? new Tunnel(tunnelType(d.tunnelType()), d.tunnelPort(), checksum(d.tunnelFlags())) : Tunnel.NONE_IPIP;
        return new RealServer(d.address(), d.port(), d.weight(), f, t, d.upperThreshold(), d.lowerThreshold());
    }

    /**
     * The form of {@code v} that Vigil writes and the kernel hands back: persistence settings without a timeout
     * dropped, tunnel settings only on TUN servers, and, as keepalived does ("ports don't match - resetting"), a
     * DR or TUN server of an address service on a port takes the service's port: those methods cannot change the
     * destination port. Reconciling against this form never loops on a difference the kernel cannot hold.
     */
    public static VirtualService normalize(VirtualService v) {
        int servicePort = v.key() instanceof ServiceKey.Ip ip ? ip.port() : 0;
        List<RealServer> servers = new ArrayList<>(v.servers().size());
        for (RealServer r : v.servers()) {
            Tunnel t = r.forwarding() == Forwarding.TUN ? r.tunnel() : Tunnel.NONE_IPIP;
            int port = r.forwarding() != Forwarding.NAT && servicePort != 0 ? servicePort : r.port();
            servers.add(t.equals(r.tunnel()) && port == r.port() ? r
                    : new RealServer(r.address(), port, r.weight(), r.forwarding(), t, r.upperThreshold(), r.lowerThreshold()));
        }
        return new VirtualService(v.key(), v.scheduler(), v.schedulerFlags(), v.persistence().enabled() ? v.persistence() : Persistence.NONE,
                v.onePacket(), servers);
    }

    /** What IPVS cannot do for this service, in plain words. */
    public static List<String> unsupported(VirtualService v) {
        List<String> out = new ArrayList<>();
        boolean v6 = v.key().ipv6();
        if (v.key() instanceof ServiceKey.Ip ip && ip.port() == 0 && !v.persistence().enabled())
            out.add(v.key() + ": port 0 (all ports) needs persistence_timeout in IPVS");
        for (RealServer r : v.servers())
            if ((r.address() instanceof Inet6Address) != v6 && r.forwarding() != Forwarding.TUN)
                out.add(v.key() + ": real server " + r.key() + " is of another address family; IPVS reaches it only by tunnelling (lb_kind TUN)");
        return out;
    }

    public static Counters counters(IpvsStats s, long active, long inactive) {
        IpvsStats v = s == null ? IpvsStats.ZERO : s;
        return new Counters(active, inactive, v.conns(), v.inPackets(), v.outPackets(), v.inBytes(), v.outBytes());
    }

    static int tunnelType(Tunnel.Type t) {
        return switch (t) {
            case IPIP -> Ipvs.TUNNEL_TYPE_IPIP;
            case GUE -> Ipvs.TUNNEL_TYPE_GUE;
            case GRE -> Ipvs.TUNNEL_TYPE_GRE;
        };
    }

    static Tunnel.Type tunnelType(int t) {
        return switch (t) {
            case Ipvs.TUNNEL_TYPE_GUE -> Tunnel.Type.GUE;
            case Ipvs.TUNNEL_TYPE_GRE -> Tunnel.Type.GRE;
            default -> Tunnel.Type.IPIP;
        };
    }

    static int checksumFlag(Tunnel.Checksum c) {
        return switch (c) {
            case NOCSUM -> Ipvs.TUNNEL_ENCAP_FLAG_NOCSUM;
            case CSUM -> Ipvs.TUNNEL_ENCAP_FLAG_CSUM;
            case REMCSUM -> Ipvs.TUNNEL_ENCAP_FLAG_REMCSUM;
        };
    }

    static Tunnel.Checksum checksum(int flags) {
        if ((flags & Ipvs.TUNNEL_ENCAP_FLAG_REMCSUM) != 0) return Tunnel.Checksum.REMCSUM;
        if ((flags & Ipvs.TUNNEL_ENCAP_FLAG_CSUM) != 0) return Tunnel.Checksum.CSUM;
        return Tunnel.Checksum.NOCSUM;
    }
}
