/**
 * Pure netlink and link-layer codecs: bytes in, records out, no I/O and no FFM.
 *
 * <ul>
 *   <li>{@link io.vigil.netlink.NetlinkMessage}, {@link io.vigil.netlink.Attributes},
 *       {@link io.vigil.netlink.MessageBuilder}: nlmsghdr framing, attribute TLVs, errors with errno.</li>
 *   <li>rtnetlink: {@link io.vigil.netlink.AddressCodec} ({@link io.vigil.netlink.IfAddress}),
 *       {@link io.vigil.netlink.LinkCodec} ({@link io.vigil.netlink.Link}, macvlan),
 *       {@link io.vigil.netlink.RouteCodec} ({@link io.vigil.netlink.Route}, {@link io.vigil.netlink.Rule}),
 *       constants in {@link io.vigil.netlink.Rtnl}. Requests are byte-identical to iproute2's.</li>
 *   <li>generic netlink: {@link io.vigil.netlink.GenlCodec} (genlmsghdr, family lookup) for IPVS.</li>
 *   <li>the reflector's memory: {@link io.vigil.netlink.InterfaceStateTracker} producing
 *       {@link io.vigil.netlink.NetlinkEvent}s.</li>
 *   <li>{@link io.vigil.netlink.AnnounceFrames}: gratuitous ARP and unsolicited NA frames as keepalived sends them.</li>
 * </ul>
 * The sockets that carry these live in {@code io.vigil.sys}.
 */
package io.vigil.netlink;
