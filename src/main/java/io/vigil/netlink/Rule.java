package io.vigil.netlink;

import java.net.InetAddress;

/**
 * A policy routing rule as {@code ip rule add [from A/L] [to B/L] [fwmark M[/MASK]] [iif I] [oif O]
 * [priority P] table T} sets it (keepalived's {@code virtual_rules} / {@code static_rules}).
 *
 * @param family            Rtnl.AF_INET or AF_INET6
 * @param source            from, or null for all
 * @param destination       to, or null for all
 * @param table             table id (values above 255 go in FRA_TABLE), 0 for none (non-lookup actions)
 * @param priority          FRA_PRIORITY, or null to let the kernel choose
 * @param fwmark            FRA_FWMARK, or null
 * @param fwmask            FRA_FWMASK, or null
 * @param action            FR_ACT_TO_TBL, FR_ACT_BLACKHOLE, FR_ACT_UNREACHABLE, FR_ACT_PROHIBIT...
 */
public record Rule(int family, InetAddress source, int sourcePrefix, InetAddress destination, int destinationPrefix,
                   int table, Integer priority, Integer fwmark, Integer fwmask, int action, String inInterface,
                   String outInterface) {
    public Rule {
        if (source != null && Rtnl.familyOf(source) != family) throw new IllegalArgumentException("source family mismatch");
        if (destination != null && Rtnl.familyOf(destination) != family) throw new IllegalArgumentException("destination family mismatch");
    }

    /** A rule looking up {@code table} for every packet of {@code family}; refine it with the withers. */
    public static Rule lookup(int family, int table) {
        return new Rule(family, null, 0, null, 0, table, null, null, null, Rtnl.FR_ACT_TO_TBL, null, null);
    }

    public Rule from(InetAddress a, int prefix) {
        return new Rule(family, a, prefix, destination, destinationPrefix, table, priority, fwmark, fwmask, action, inInterface, outInterface);
    }

    public Rule to(InetAddress a, int prefix) {
        return new Rule(family, source, sourcePrefix, a, prefix, table, priority, fwmark, fwmask, action, inInterface, outInterface);
    }

    public Rule priority(Integer p) {
        return new Rule(family, source, sourcePrefix, destination, destinationPrefix, table, p, fwmark, fwmask, action, inInterface, outInterface);
    }

    public Rule fwmark(Integer mark, Integer mask) {
        return new Rule(family, source, sourcePrefix, destination, destinationPrefix, table, priority, mark, mask, action, inInterface, outInterface);
    }

    public Rule action(int a) {
        return new Rule(family, source, sourcePrefix, destination, destinationPrefix, table, priority, fwmark, fwmask, a, inInterface, outInterface);
    }

    public Rule interfaces(String iif, String oif) {
        return new Rule(family, source, sourcePrefix, destination, destinationPrefix, table, priority, fwmark, fwmask, action, iif, oif);
    }
}
