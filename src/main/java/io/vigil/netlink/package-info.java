/**
 * Pure netlink and link-layer codecs: bytes in, records out, no I/O and no FFM.
 *
 * <ul>
 *   <li>The one framing: {@link io.vigil.netlink.NetlinkMessage} (nlmsghdr, errors with errno and extended ack),
 *       {@link io.vigil.netlink.Attributes} (reading TLVs), {@link io.vigil.netlink.AttributeWriter} (writing them),
 *       {@link io.vigil.netlink.MessageBuilder} (a request: header, family header, attributes).</li>
 *   <li>rtnetlink: {@link io.vigil.netlink.AddressCodec} ({@link io.vigil.netlink.IfAddress}),
 *       {@link io.vigil.netlink.LinkCodec} ({@link io.vigil.netlink.Link}, macvlan),
 *       {@link io.vigil.netlink.RouteCodec} ({@link io.vigil.netlink.Route}, {@link io.vigil.netlink.Rule}),
 *       constants in {@link io.vigil.netlink.Rtnl}. Requests are byte-identical to iproute2's.</li>
 *   <li>generic netlink: {@link io.vigil.netlink.GenlMessage} (genlmsghdr), {@link io.vigil.netlink.GenlCodec} (family
 *       lookup); the IPVS family's codec and records in {@code io.vigil.netlink.genl}, on the same framing.</li>
 *   <li>the reflector's memory: {@link io.vigil.netlink.InterfaceStateTracker} producing
 *       {@link io.vigil.netlink.NetlinkEvent}s.</li>
 *   <li>{@link io.vigil.netlink.AnnounceFrames}: gratuitous ARP and unsolicited NA frames as keepalived sends them.</li>
 * </ul>
 * The sockets that carry these live in {@code io.vigil.sys}.
 */
package io.vigil.netlink;
