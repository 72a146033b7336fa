package io.vigil.netlink;

import java.nio.ByteBuffer;

/**
 * RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE and RTM_NEWRULE / RTM_DELRULE / RTM_GETRULE messages. Pure
 * codec; requests are byte-identical to iproute2's for the same command (RouteCodecTest).
 *
 * <pre>
 * struct rtmsg (12 bytes)                          struct fib_rule_hdr (12 bytes)
 * +--------+---------+---------+--------+          +--------+---------+---------+--------+
 * | family | dst_len | src_len | tos    |  0       | family | dst_len | src_len | tos    |  0
 * +--------+---------+---------+--------+          +--------+---------+---------+--------+
 * | table  | proto   | scope   | type   |  4       | table  | res1    | res2    | action |  4
 * +--------+---------+---------+--------+          +--------+---------+---------+--------+
 * |            rtm_flags (u32)          |  8       |            flags (u32)              |  8
 * +-------------------------------------+          +-------------------------------------+
 * then RTA_DST, RTA_GATEWAY, RTA_PRIORITY,         then FRA_SRC, FRA_DST, FRA_TABLE, FRA_PRIORITY,
 * RTA_PREFSRC, RTA_OIF, RTA_TABLE                  FRA_FWMARK, FRA_FWMASK, FRA_IIFNAME, FRA_OIFNAME
 * </pre>
 * A table id above 255 goes in RTA_TABLE / FRA_TABLE with the header's table byte 0 (RT_TABLE_UNSPEC).
 */
public final class RouteCodec {
    private RouteCodec() {}

    public static final int RTMSG_LENGTH = 12, FIB_RULE_HDR_LENGTH = 12;
    public static final int OFF_FAMILY = 0, OFF_DST_LEN = 1, OFF_SRC_LEN = 2, OFF_TOS = 3, OFF_TABLE = 4,
            OFF_PROTOCOL = 5, OFF_SCOPE = 6, OFF_TYPE = 7, OFF_FLAGS = 8;
    /** fib_rule_hdr: the action byte sits where rtmsg has its type. */
    public static final int OFF_RULE_ACTION = 7;

    private static final int ACK = NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK;
    private static final int CREATE = ACK | NetlinkMessage.NLM_F_CREATE | NetlinkMessage.NLM_F_EXCL;

    public static byte[] addRoute(Route r) {
        return route(Rtnl.RTM_NEWROUTE, CREATE, r, r.effectiveScope(), r.type());
    }

    /** Adds or replaces (NLM_F_REPLACE): the route ends up as given whether or not one was there. */
    public static byte[] replaceRoute(Route r) {
        return route(Rtnl.RTM_NEWROUTE, ACK | NetlinkMessage.NLM_F_CREATE | NetlinkMessage.NLM_F_REPLACE, r, r.effectiveScope(), r.type());
    }

    /** Deletes a route; scope "nowhere" and an unspecified unicast type match as iproute2's delete does. */
    public static byte[] deleteRoute(Route r) {
        int scope = r.scope() == Route.SCOPE_AUTO ? Rtnl.RT_SCOPE_NOWHERE : r.scope();
        return route(Rtnl.RTM_DELROUTE, ACK, r, scope, r.type() == Rtnl.RTN_UNICAST ? Rtnl.RTN_UNSPEC : r.type());
    }

    public static byte[] dumpRoutes(int family) {
        return new MessageBuilder(Rtnl.RTM_GETROUTE, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_DUMP)
                .u8(family).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u32(0).build();
    }

    private static byte[] route(int msgType, int flags, Route r, int scope, int type) {
        boolean bigTable = r.table() > 255;
        MessageBuilder m = new MessageBuilder(msgType, flags).u8(r.family()).u8(r.destinationPrefix()).u8(0).u8(0)
                .u8(bigTable ? Rtnl.RT_TABLE_UNSPEC : r.table()).u8(r.protocol()).u8(scope).u8(type).u32(0);
        if (r.destination() != null) m.attrAddress(Rtnl.RTA_DST, r.destination());
        if (r.gateway() != null) m.attrAddress(Rtnl.RTA_GATEWAY, r.gateway());
        if (r.metric() != null) m.attrU32(Rtnl.RTA_PRIORITY, r.metric());
        if (r.preferredSource() != null) m.attrAddress(Rtnl.RTA_PREFSRC, r.preferredSource());
        if (r.outIfIndex() != 0) m.attrU32(Rtnl.RTA_OIF, r.outIfIndex());
        if (bigTable) m.attrU32(Rtnl.RTA_TABLE, r.table());
        return m.build();
    }

    public static Route decodeRoute(NetlinkMessage msg) {
        byte[] p = msg.payload();
        if (p.length < RTMSG_LENGTH) throw new NetlinkException("rtmsg truncated: " + p.length + " bytes", 0);
        ByteBuffer b = ByteBuffer.wrap(p).order(NetlinkMessage.ORDER);
        Attributes at = Attributes.parse(p, RTMSG_LENGTH, p.length - RTMSG_LENGTH);
        int family = u8(b, OFF_FAMILY);
        try {
            return new Route(family, at.address(Rtnl.RTA_DST), u8(b, OFF_DST_LEN), at.address(Rtnl.RTA_GATEWAY),
                    at.u32(Rtnl.RTA_OIF, 0), at.u32(Rtnl.RTA_TABLE, u8(b, OFF_TABLE)), at.u32(Rtnl.RTA_PRIORITY),
                    u8(b, OFF_SCOPE), at.address(Rtnl.RTA_PREFSRC), u8(b, OFF_TYPE), u8(b, OFF_PROTOCOL));
        } catch (IllegalArgumentException e) {
            throw new NetlinkException("invalid route message: " + e.getMessage(), 0);
        }
    }

    // ---- rules ----

    public static byte[] addRule(Rule r) {
        return rule(Rtnl.RTM_NEWRULE, CREATE, r, r.action());
    }

    /** Deletes a rule; a plain lookup rule is matched without its action, as iproute2 does. */
    public static byte[] deleteRule(Rule r) {
        return rule(Rtnl.RTM_DELRULE, ACK, r, r.action() == Rtnl.FR_ACT_TO_TBL ? Rtnl.FR_ACT_UNSPEC : r.action());
    }

    public static byte[] dumpRules(int family) {
        return new MessageBuilder(Rtnl.RTM_GETRULE, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_DUMP)
                .u8(family).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u32(0).build();
    }

    private static byte[] rule(int msgType, int flags, Rule r, int action) {
        boolean bigTable = r.table() > 255;
        MessageBuilder m = new MessageBuilder(msgType, flags).u8(r.family())
                .u8(r.destination() == null ? 0 : r.destinationPrefix()).u8(r.source() == null ? 0 : r.sourcePrefix()).u8(0)
                .u8(bigTable ? Rtnl.RT_TABLE_UNSPEC : r.table()).u8(0).u8(0).u8(action).u32(0);
        if (r.source() != null) m.attrAddress(Rtnl.FRA_SRC, r.source());
        if (r.destination() != null) m.attrAddress(Rtnl.FRA_DST, r.destination());
        if (bigTable) m.attrU32(Rtnl.FRA_TABLE, r.table());
        if (r.priority() != null) m.attrU32(Rtnl.FRA_PRIORITY, r.priority());
        if (r.fwmark() != null) m.attrU32(Rtnl.FRA_FWMARK, r.fwmark());
        if (r.fwmask() != null) m.attrU32(Rtnl.FRA_FWMASK, r.fwmask());
        if (r.inInterface() != null) m.attrString(Rtnl.FRA_IIFNAME, r.inInterface());
        if (r.outInterface() != null) m.attrString(Rtnl.FRA_OIFNAME, r.outInterface());
        return m.build();
    }

    public static Rule decodeRule(NetlinkMessage msg) {
        byte[] p = msg.payload();
        if (p.length < FIB_RULE_HDR_LENGTH) throw new NetlinkException("fib_rule_hdr truncated: " + p.length + " bytes", 0);
        ByteBuffer b = ByteBuffer.wrap(p).order(NetlinkMessage.ORDER);
        Attributes at = Attributes.parse(p, FIB_RULE_HDR_LENGTH, p.length - FIB_RULE_HDR_LENGTH);
        try {
            return new Rule(u8(b, OFF_FAMILY), at.address(Rtnl.FRA_SRC), u8(b, OFF_SRC_LEN), at.address(Rtnl.FRA_DST),
                    u8(b, OFF_DST_LEN), at.u32(Rtnl.FRA_TABLE, u8(b, OFF_TABLE)), at.u32(Rtnl.FRA_PRIORITY),
                    at.u32(Rtnl.FRA_FWMARK), at.u32(Rtnl.FRA_FWMASK), u8(b, OFF_RULE_ACTION), at.string(Rtnl.FRA_IIFNAME),
                    at.string(Rtnl.FRA_OIFNAME));
        } catch (IllegalArgumentException e) {
            throw new NetlinkException("invalid rule message: " + e.getMessage(), 0);
        }
    }

    private static int u8(ByteBuffer b, int off) {
        return Byte.toUnsignedInt(b.get(off));
    }
}
