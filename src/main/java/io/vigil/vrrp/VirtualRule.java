package io.vigil.vrrp;

import java.net.InetAddress;

/**
 * A {@code virtual_rules} / {@code static_rules} entry: from/to prefixes (null for any), lookup table, rule priority
 * (-1 = the kernel picks), fwmark/mask (-1 = none), input/output interfaces (null = any).
 */
public record VirtualRule(InetAddress from, int fromPrefixLength, InetAddress to, int toPrefixLength, int table, int priority, long fwmark,
                          long fwmask, String inInterface, String outInterface) {
    public VirtualRule(InetAddress from, int fromPrefixLength, InetAddress to, int toPrefixLength, int table, int priority) {
        this(from, fromPrefixLength, to, toPrefixLength, table, priority, -1, -1, null, null);
    }
}
