package io.vigil.vrrp;

import java.net.InetAddress;

/** A {@code virtual_routes} entry: destination prefix, optional gateway, device, preferred source, table, metric. */
public record VirtualRoute(InetAddress destination, int prefixLength, InetAddress via, String device, InetAddress source, int table,
                          int metric) {
}
