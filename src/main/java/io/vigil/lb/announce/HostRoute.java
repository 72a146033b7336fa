package io.vigil.lb.announce;

import java.net.InetAddress;
import java.util.OptionalInt;

/**
 * One announced address: a /32 (/128) route to {@code address} in kernel table {@code table}, which the routing
 * daemon exports over BGP. What identifies the route in the kernel is the address, table and metric.
 *
 * @param metric   RTA_PRIORITY, or empty for none
 * @param protocol rtm_protocol (18, keepalived's, by default) so a routing daemon's filter can match it
 */
public record HostRoute(InetAddress address, int table, OptionalInt metric, int protocol) {
    @Override
    public String toString() {
        return address.getHostAddress() + "/" + (address.getAddress().length == 4 ? 32 : 128) + " table " + table
                + (metric.isPresent() ? " metric " + metric.getAsInt() : "") + " proto " + protocol;
    }
}
