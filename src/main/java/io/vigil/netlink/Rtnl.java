package io.vigil.netlink;

/**
 * rtnetlink (NETLINK_ROUTE) constants from {@code linux/rtnetlink.h}, {@code if_addr.h}, {@code if_link.h},
 * {@code fib_rules.h}, {@code if.h}. Values are the kernel's UAPI and never change.
 */
public final class Rtnl {
    private Rtnl() {}

    public static final int NETLINK_ROUTE = 0, NETLINK_GENERIC = 16;
    public static final int AF_UNSPEC = 0, AF_INET = 2, AF_INET6 = 10;

    // Message types.
    public static final int RTM_NEWLINK = 16, RTM_DELLINK = 17, RTM_GETLINK = 18, RTM_SETLINK = 19;
    public static final int RTM_NEWADDR = 20, RTM_DELADDR = 21, RTM_GETADDR = 22;
    public static final int RTM_NEWROUTE = 24, RTM_DELROUTE = 25, RTM_GETROUTE = 26;
    public static final int RTM_NEWRULE = 32, RTM_DELRULE = 33, RTM_GETRULE = 34;

    // Multicast groups (numbers for NETLINK_ADD_MEMBERSHIP, not bit masks).
    public static final int RTNLGRP_LINK = 1, RTNLGRP_IPV4_IFADDR = 5, RTNLGRP_IPV4_ROUTE = 7, RTNLGRP_IPV4_RULE = 8,
            RTNLGRP_IPV6_IFADDR = 9, RTNLGRP_IPV6_ROUTE = 11, RTNLGRP_IPV6_RULE = 19;

    // Interface flags (struct ifinfomsg.ifi_flags).
    public static final int IFF_UP = 0x1, IFF_BROADCAST = 0x2, IFF_LOOPBACK = 0x8, IFF_POINTOPOINT = 0x10,
            IFF_RUNNING = 0x40, IFF_NOARP = 0x80, IFF_PROMISC = 0x100, IFF_MULTICAST = 0x1000, IFF_LOWER_UP = 0x10000;

    // Link attributes.
    public static final int IFLA_ADDRESS = 1, IFLA_BROADCAST = 2, IFLA_IFNAME = 3, IFLA_MTU = 4, IFLA_LINK = 5,
            IFLA_MASTER = 10, IFLA_OPERSTATE = 16, IFLA_LINKINFO = 18;
    public static final int IFLA_INFO_KIND = 1, IFLA_INFO_DATA = 2;
    public static final int IFLA_MACVLAN_MODE = 1;
    public static final int MACVLAN_MODE_PRIVATE = 1, MACVLAN_MODE_VEPA = 2, MACVLAN_MODE_BRIDGE = 4,
            MACVLAN_MODE_PASSTHRU = 8;
    /** RFC 2863 operational states (IFLA_OPERSTATE). */
    public static final int IF_OPER_UNKNOWN = 0, IF_OPER_NOTPRESENT = 1, IF_OPER_DOWN = 2, IF_OPER_LOWERLAYERDOWN = 3,
            IF_OPER_DORMANT = 5, IF_OPER_UP = 6;

    // Address attributes and flags.
    public static final int IFA_ADDRESS = 1, IFA_LOCAL = 2, IFA_LABEL = 3, IFA_BROADCAST = 4, IFA_ANYCAST = 5,
            IFA_CACHEINFO = 6, IFA_FLAGS = 8;
    public static final int IFA_F_SECONDARY = 0x01, IFA_F_NODAD = 0x02, IFA_F_OPTIMISTIC = 0x04,
            IFA_F_DADFAILED = 0x08, IFA_F_DEPRECATED = 0x20, IFA_F_TENTATIVE = 0x40, IFA_F_PERMANENT = 0x80,
            IFA_F_NOPREFIXROUTE = 0x200;

    // Scopes.
    public static final int RT_SCOPE_UNIVERSE = 0, RT_SCOPE_SITE = 200, RT_SCOPE_LINK = 253, RT_SCOPE_HOST = 254,
            RT_SCOPE_NOWHERE = 255;

    // Routes.
    public static final int RTA_DST = 1, RTA_SRC = 2, RTA_IIF = 3, RTA_OIF = 4, RTA_GATEWAY = 5, RTA_PRIORITY = 6,
            RTA_PREFSRC = 7, RTA_TABLE = 15;
    public static final int RTN_UNSPEC = 0, RTN_UNICAST = 1, RTN_LOCAL = 2, RTN_BROADCAST = 3, RTN_ANYCAST = 4,
            RTN_MULTICAST = 5, RTN_BLACKHOLE = 6, RTN_UNREACHABLE = 7, RTN_PROHIBIT = 8, RTN_THROW = 9, RTN_NAT = 10,
            RTN_XRESOLVE = 11;
    public static final int RT_TABLE_UNSPEC = 0, RT_TABLE_COMPAT = 252, RT_TABLE_DEFAULT = 253, RT_TABLE_MAIN = 254,
            RT_TABLE_LOCAL = 255;
    public static final int RTPROT_UNSPEC = 0, RTPROT_KERNEL = 2, RTPROT_BOOT = 3, RTPROT_STATIC = 4;
    /** The protocol number keepalived marks its routes with ("proto keepalived" in iproute2's rt_protos). */
    public static final int RTPROT_KEEPALIVED = 18;

    // Rules.
    public static final int FRA_DST = 1, FRA_SRC = 2, FRA_IIFNAME = 3, FRA_GOTO = 4, FRA_PRIORITY = 6,
            FRA_FWMARK = 10, FRA_TABLE = 15, FRA_FWMASK = 16, FRA_OIFNAME = 17, FRA_PROTOCOL = 21;
    public static final int FR_ACT_UNSPEC = 0, FR_ACT_TO_TBL = 1, FR_ACT_GOTO = 2, FR_ACT_NOP = 3,
            FR_ACT_BLACKHOLE = 6, FR_ACT_UNREACHABLE = 7, FR_ACT_PROHIBIT = 8;

    /**
     * A scope as keepalived and iproute2 write it: a name (global/universe, site, link, host, nowhere) or a
     * number 0..255.
     */
    public static int scopeByName(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "global", "universe" -> RT_SCOPE_UNIVERSE;
            case "site" -> RT_SCOPE_SITE;
            case "link" -> RT_SCOPE_LINK;
            case "host" -> RT_SCOPE_HOST;
            case "nowhere" -> RT_SCOPE_NOWHERE;
            default -> byteNumber("scope", name);
        };
    }

    /**
     * A route type as keepalived reads it ({@code find_rttables_rtntype}): unicast, local, broadcast (or brd), anycast,
     * multicast, blackhole, unreachable, prohibit, throw, nat, xresolve, or a number 0..255.
     */
    public static int routeTypeByName(String name) {
        return switch (name) {
            case "unicast" -> RTN_UNICAST;
            case "local" -> RTN_LOCAL;
            case "broadcast", "brd" -> RTN_BROADCAST;
            case "anycast" -> RTN_ANYCAST;
            case "multicast" -> RTN_MULTICAST;
            case "blackhole" -> RTN_BLACKHOLE;
            case "unreachable" -> RTN_UNREACHABLE;
            case "prohibit" -> RTN_PROHIBIT;
            case "throw" -> RTN_THROW;
            case "nat" -> RTN_NAT;
            case "xresolve" -> RTN_XRESOLVE;
            default -> byteNumber("route type", name);
        };
    }

    /** A routing table as written in configs: main, local, default, or a number 1..2^32-1. */
    public static int tableByName(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "main" -> RT_TABLE_MAIN;
            case "local" -> RT_TABLE_LOCAL;
            case "default" -> RT_TABLE_DEFAULT;
            default -> {
                try {
                    long t = Long.parseLong(name);
                    if (t < 1 || t > 0xffffffffL) throw new IllegalArgumentException("table out of range: " + name);
                    yield (int) t;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("unknown routing table: " + name);
                }
            }
        };
    }

    private static int byteNumber(String what, String s) {
        try {
            int v = Integer.parseInt(s);
            if (v < 0 || v > 255) throw new IllegalArgumentException(what + " out of range: " + s);
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unknown " + what + ": " + s);
        }
    }

    public static int familyOf(java.net.InetAddress a) {
        return a instanceof java.net.Inet6Address ? AF_INET6 : AF_INET;
    }

    public static int maxPrefix(int family) {
        return family == AF_INET6 ? 128 : 32;
    }
}
