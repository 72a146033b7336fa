package io.vigil.vrrp;

import java.net.InetAddress;

/** A {@code virtual_rules} entry: from/to prefixes (null for any), lookup table, rule priority (0 = kernel picks). */
public record VirtualRule(InetAddress from, int fromPrefixLength, InetAddress to, int toPrefixLength, int table, int priority) {
}
