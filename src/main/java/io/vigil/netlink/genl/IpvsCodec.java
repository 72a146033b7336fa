package io.vigil.netlink.genl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

import io.vigil.netlink.AttributeWriter;
import io.vigil.netlink.Attributes;
import io.vigil.netlink.GenlMessage;
import io.vigil.netlink.NetlinkException;

import static io.vigil.netlink.NetlinkMessage.NLM_F_ACK;
import static io.vigil.netlink.NetlinkMessage.NLM_F_DUMP;
import static io.vigil.netlink.NetlinkMessage.NLM_F_MULTI;
import static io.vigil.netlink.NetlinkMessage.NLM_F_REQUEST;
import static io.vigil.netlink.genl.Ipvs.*;

/**
 * Builds and reads IPVS generic netlink messages (pure). Requests carry no sequence number: the socket sets it.
 * The attribute order follows ipvsadm's libipvs so that Vigil's requests are byte-identical to ipvsadm's for the
 * same rule (checked against captured ipvsadm traffic). Every request asks for an acknowledgement.
 *
 * <p>Layout of a request: {@link GenlMessage} (cmd = {@code IPVS_CMD_*}, version 1), then first-level attributes:
 * {@code CMD_ATTR_SERVICE} (nested service), {@code CMD_ATTR_DEST} (nested destination), {@code CMD_ATTR_DAEMON}
 * (nested daemon) or the three {@code CMD_ATTR_TIMEOUT_*} (u32 seconds).
 */
public final class IpvsCodec {
    private IpvsCodec() {}

    private static final int ACKED = NLM_F_REQUEST | NLM_F_ACK;
    private static final int DUMP = NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP;
    /** Size of {@code struct ip_vs_flags { u32 flags; u32 mask; }}. */
    static final int FLAGS_STRUCT_BYTES = 8;

    // ---- requests -------------------------------------------------------------------------------------------

    public static GenlMessage newService(int familyId, IpvsService s) {
        return request(familyId, ACKED, CMD_NEW_SERVICE, w -> service(w, s, true, false));
    }

    /** Edits scheduler, flags, timeout, netmask and persistence engine of an existing service. */
    public static GenlMessage setService(int familyId, IpvsService s) {
        return request(familyId, ACKED, CMD_SET_SERVICE, w -> service(w, s, true, false));
    }

    public static GenlMessage delService(int familyId, IpvsService key) {
        return request(familyId, ACKED, CMD_DEL_SERVICE, w -> service(w, key, false, false));
    }

    /** A dump of every service; the kernel answers one NEW_SERVICE message per service. */
    public static GenlMessage getServices(int familyId) {
        return request(familyId, DUMP, CMD_GET_SERVICE, null);
    }

    /** One service by key; answered by one NEW_SERVICE message or ESRCH. */
    public static GenlMessage getService(int familyId, IpvsService key) {
        return request(familyId, ACKED, CMD_GET_SERVICE, w -> service(w, key, false, false));
    }

    public static GenlMessage newDest(int familyId, IpvsService serviceKey, IpvsDest d) {
        return request(familyId, ACKED, CMD_NEW_DEST, w -> {
            service(w, serviceKey, false, false);
            dest(w, d, true, false);
        });
    }

    public static GenlMessage setDest(int familyId, IpvsService serviceKey, IpvsDest d) {
        return request(familyId, ACKED, CMD_SET_DEST, w -> {
            service(w, serviceKey, false, false);
            dest(w, d, true, false);
        });
    }

    public static GenlMessage delDest(int familyId, IpvsService serviceKey, IpvsDest key) {
        return request(familyId, ACKED, CMD_DEL_DEST, w -> {
            service(w, serviceKey, false, false);
            dest(w, key, false, false);
        });
    }

    /** A dump of one service's destinations; one NEW_DEST message per destination. */
    public static GenlMessage getDests(int familyId, IpvsService serviceKey) {
        return request(familyId, DUMP, CMD_GET_DEST, w -> service(w, serviceKey, false, false));
    }

    public static GenlMessage newDaemon(int familyId, IpvsDaemon d) {
        return request(familyId, ACKED, CMD_NEW_DAEMON, w -> daemon(w, d));
    }

    /** Stops the master or backup daemon ({@link Ipvs#STATE_MASTER} / {@link Ipvs#STATE_BACKUP}). */
    public static GenlMessage delDaemon(int familyId, int state) {
        return request(familyId, ACKED, CMD_DEL_DAEMON, w -> w.beginNested(CMD_ATTR_DAEMON).u32(DAEMON_ATTR_STATE, state).endNested());
    }

    public static GenlMessage getDaemons(int familyId) {
        return request(familyId, DUMP, CMD_GET_DAEMON, null);
    }

    public static GenlMessage setConfig(int familyId, IpvsTimeouts t) {
        return request(familyId, ACKED, CMD_SET_CONFIG, w -> timeouts(w, t));
    }

    public static GenlMessage getConfig(int familyId) {
        return request(familyId, ACKED, CMD_GET_CONFIG, null);
    }

    public static GenlMessage getInfo(int familyId) {
        return request(familyId, ACKED, CMD_GET_INFO, null);
    }

    /** Zeroes the counters of one service, or of everything when {@code serviceKey} is empty. */
    public static GenlMessage zero(int familyId, Optional<IpvsService> serviceKey) {
        return request(familyId, ACKED, CMD_ZERO, serviceKey.isEmpty() ? null : w -> service(w, serviceKey.get(), false, false));
    }

    /** Deletes every service of the namespace. Vigil never sends this outside tests: it removes what others own. */
    public static GenlMessage flush(int familyId) {
        return request(familyId, ACKED, CMD_FLUSH, null);
    }

    // ---- replies (what the kernel sends; also used by the in-memory fake kernel) ----------------------------

    /** A NEW_SERVICE message describing {@code s} with its stats, as in a GET_SERVICE answer. */
    public static GenlMessage serviceReply(int familyId, int seq, int portId, boolean inDump, IpvsService s) {
        return reply(familyId, seq, portId, inDump, CMD_NEW_SERVICE, w -> service(w, s, true, true));
    }

    public static GenlMessage destReply(int familyId, int seq, int portId, boolean inDump, IpvsDest d) {
        return reply(familyId, seq, portId, inDump, CMD_NEW_DEST, w -> dest(w, d, true, true));
    }

    public static GenlMessage daemonReply(int familyId, int seq, int portId, IpvsDaemon d) {
        return reply(familyId, seq, portId, true, CMD_NEW_DAEMON, w -> daemon(w, d));
    }

    public static GenlMessage configReply(int familyId, int seq, int portId, IpvsTimeouts t) {
        return reply(familyId, seq, portId, false, CMD_SET_CONFIG, w -> timeouts(w, t));
    }

    public static GenlMessage infoReply(int familyId, int seq, int portId, IpvsInfo i) {
        return reply(familyId, seq, portId, false, CMD_SET_INFO,
                w -> w.u32(INFO_ATTR_VERSION, i.version()).u32(INFO_ATTR_CONN_TAB_SIZE, i.connectionTableSize()));
    }

    // ---- reading (a malformed message is a NetlinkException with errno 0) --------------------------------------

    /** The service in a NEW_SERVICE reply or in any request that names one. */
    public static IpvsService parseService(GenlMessage m) {
        return parseServiceAttrs(need(m.attrs(), CMD_ATTR_SERVICE, "IPVS message cmd " + m.command() + " has no service attribute"));
    }

    public static IpvsDest parseDest(GenlMessage m) {
        return parseDestAttrs(need(m.attrs(), CMD_ATTR_DEST, "IPVS message cmd " + m.command() + " has no destination attribute"), 0);
    }

    public static IpvsDaemon parseDaemon(GenlMessage m) {
        try {
            return parseDaemonAttrs(m);
        } catch (IllegalArgumentException e) {
            throw malformed("bad sync daemon in IPVS message: " + e.getMessage());
        }
    }

    private static IpvsDaemon parseDaemonAttrs(GenlMessage m) {
        Attributes a = need(m.attrs(), CMD_ATTR_DAEMON, "IPVS message cmd " + m.command() + " has no daemon attribute");
        byte[] group6 = a.bytes(DAEMON_ATTR_MCAST_GROUP6), group4 = a.bytes(DAEMON_ATTR_MCAST_GROUP);
        InetAddress group = group6 != null ? address(AF_INET6, group6) : group4 != null ? address(AF_INET, group4) : null;
        Integer state = a.u32(DAEMON_ATTR_STATE);
        if (state == null) throw malformed("missing daemon state");
        String ifname = a.string(DAEMON_ATTR_MCAST_IFN);
        if (ifname == null) throw malformed("daemon without interface");
        return new IpvsDaemon(state, ifname, a.u32(DAEMON_ATTR_SYNC_ID, 0), or(a.u16(DAEMON_ATTR_SYNC_MAXLEN), 0), group,
                or(a.u16(DAEMON_ATTR_MCAST_PORT), 0), or(a.u8(DAEMON_ATTR_MCAST_TTL), 0));
    }

    public static IpvsTimeouts parseConfig(GenlMessage m) {
        Attributes a = m.attrs();
        return new IpvsTimeouts(seconds(a, CMD_ATTR_TIMEOUT_TCP), seconds(a, CMD_ATTR_TIMEOUT_TCP_FIN), seconds(a, CMD_ATTR_TIMEOUT_UDP));
    }

    /** A u32 timeout; one above 2^31 - 1 s (68 years) is no timeout the kernel sets (found by fuzzing: it escaped as IllegalArgumentException). */
    private static int seconds(Attributes a, int type) {
        int s = a.u32(type, 0);
        if (s < 0) throw malformed("timeout of " + Integer.toUnsignedString(s) + " s out of range");
        return s;
    }

    public static IpvsInfo parseInfo(GenlMessage m) {
        Attributes a = m.attrs();
        Integer version = a.u32(INFO_ATTR_VERSION);
        if (version == null) throw malformed("GET_INFO reply without version");
        return new IpvsInfo(version, a.u32(INFO_ATTR_CONN_TAB_SIZE, 0));
    }

    public static IpvsService parseServiceAttrs(Attributes a) {
        try {
            return serviceFrom(a);
        } catch (IllegalArgumentException e) {
            throw malformed("bad service in IPVS message: " + e.getMessage());
        }
    }

    private static IpvsService serviceFrom(Attributes a) {
        Integer af = a.u16(SVC_ATTR_AF);
        if (af == null) throw malformed("service without address family");
        int fwmark = a.u32(SVC_ATTR_FWMARK, 0);
        byte[] rawAddr = a.bytes(SVC_ATTR_ADDR);
        if (fwmark == 0 && rawAddr == null) throw malformed("service without address or fwmark");
        InetAddress addr = fwmark != 0 ? null : address(af, rawAddr);
        byte[] rawFlags = a.bytes(SVC_ATTR_FLAGS);
        if (rawFlags != null && rawFlags.length < FLAGS_STRUCT_BYTES) throw malformed("service flags of " + rawFlags.length + " bytes");
        int flags = rawFlags == null ? 0 : ByteBuffer.wrap(rawFlags).order(ByteOrder.nativeOrder()).getInt(0);
        int netmask = af == AF_INET6 ? a.u32(SVC_ATTR_NETMASK, 128) : or(a.be32(SVC_ATTR_NETMASK), 0xffffffff);
        IpvsStats stats = stats(a, SVC_ATTR_STATS, SVC_ATTR_STATS64);
        return new IpvsService(af, fwmark != 0 ? 0 : or(a.u16(SVC_ATTR_PROTOCOL), 0), addr, fwmark != 0 ? 0 : or(a.be16(SVC_ATTR_PORT), 0),
                fwmark, nonEmpty(a.string(SVC_ATTR_SCHED_NAME)), flags, a.u32(SVC_ATTR_TIMEOUT, 0), netmask,
                nonEmpty(a.string(SVC_ATTR_PE_NAME)), stats);
    }

    /**
     * Reads a nested destination attribute.
     *
     * @param serviceAf the family to assume when the destination carries no ADDR_FAMILY (kernels before 4.14); 0 = IPv4
     */
    public static IpvsDest parseDestAttrs(Attributes a, int serviceAf) {
        try {
            return destFrom(a, serviceAf);
        } catch (IllegalArgumentException e) {
            throw malformed("bad destination in IPVS message: " + e.getMessage());
        }
    }

    private static IpvsDest destFrom(Attributes a, int serviceAf) {
        int af = or(a.u16(DEST_ATTR_ADDR_FAMILY), serviceAf);
        byte[] raw = a.bytes(DEST_ATTR_ADDR);
        if (raw == null) throw malformed("destination without address");
        InetAddress addr = address(af == 0 ? AF_INET : af, raw);
        return new IpvsDest(addr, or(a.be16(DEST_ATTR_PORT), 0), a.u32(DEST_ATTR_FWD_METHOD, 0), a.u32(DEST_ATTR_WEIGHT, 0),
                a.u32(DEST_ATTR_U_THRESH, 0), a.u32(DEST_ATTR_L_THRESH, 0), af, or(a.u8(DEST_ATTR_TUN_TYPE), 0),
                or(a.be16(DEST_ATTR_TUN_PORT), 0), or(a.u16(DEST_ATTR_TUN_FLAGS), 0), a.u32(DEST_ATTR_ACTIVE_CONNS, 0),
                a.u32(DEST_ATTR_INACT_CONNS, 0), a.u32(DEST_ATTR_PERSIST_CONNS, 0), stats(a, DEST_ATTR_STATS, DEST_ATTR_STATS64));
    }

    /** The 64-bit counters when given, else the 32-bit ones, else none. */
    private static IpvsStats stats(Attributes a, int attr32, int attr64) {
        if (a.has(attr64)) return stats(a.nested(attr64), true);
        return a.has(attr32) ? stats(a.nested(attr32), false) : null;
    }

    private static Attributes need(Attributes a, int type, String what) {
        if (!a.has(type)) throw malformed(what);
        return a.nested(type);
    }

    private static int or(Integer v, int orElse) {
        return v == null ? orElse : v;
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static NetlinkException malformed(String what) {
        return new NetlinkException(what, 0);
    }

    // ---- attribute builders ------------------------------------------------------------------------------------

    private interface Body {
        void write(AttributeWriter w);
    }

    private static GenlMessage request(int familyId, int flags, int cmd, Body body) {
        AttributeWriter w = new AttributeWriter();
        if (body != null) body.write(w);
        return GenlMessage.request(familyId, flags, cmd, GENL_VERSION, w);
    }

    private static GenlMessage reply(int familyId, int seq, int portId, boolean inDump, int cmd, Body body) {
        AttributeWriter w = new AttributeWriter();
        body.write(w);
        return new GenlMessage(familyId, inDump ? NLM_F_MULTI : 0, seq, portId, cmd, GENL_VERSION, w.toBytes());
    }

    /** The nested service attribute; {@code full} adds the settings, {@code withStats} the counters (replies). */
    static void service(AttributeWriter w, IpvsService s, boolean full, boolean withStats) {
        w.beginNested(CMD_ATTR_SERVICE).u16(SVC_ATTR_AF, s.af());
        if (s.isFwmark()) {
            w.u32(SVC_ATTR_FWMARK, s.fwmark());
        } else {
            w.u16(SVC_ATTR_PROTOCOL, s.protocol()).bytes(SVC_ATTR_ADDR, inetAddr(s.address())).be16(SVC_ATTR_PORT, s.port());
        }
        if (full) {
            w.string(SVC_ATTR_SCHED_NAME, s.scheduler() == null ? "" : s.scheduler());
            if (s.peName() != null) w.string(SVC_ATTR_PE_NAME, s.peName());
            byte[] flags = ByteBuffer.allocate(FLAGS_STRUCT_BYTES).order(ByteOrder.nativeOrder()).putInt(s.flags()).putInt(0xffffffff).array();
            w.bytes(SVC_ATTR_FLAGS, flags).u32(SVC_ATTR_TIMEOUT, s.timeoutSeconds());
            if (s.af() == AF_INET6) w.u32(SVC_ATTR_NETMASK, s.netmask());
            else w.be32(SVC_ATTR_NETMASK, s.netmask());
            if (withStats) writeStats(w, SVC_ATTR_STATS, SVC_ATTR_STATS64, s.stats());
        }
        w.endNested();
    }

    static void dest(AttributeWriter w, IpvsDest d, boolean full, boolean withStats) {
        w.beginNested(CMD_ATTR_DEST);
        if (full) w.u16(DEST_ATTR_ADDR_FAMILY, d.addressFamily());
        w.bytes(DEST_ATTR_ADDR, inetAddr(d.address())).be16(DEST_ATTR_PORT, d.port());
        if (full) {
            w.u32(DEST_ATTR_FWD_METHOD, d.forwarding()).u32(DEST_ATTR_WEIGHT, d.weight())
                    .u8(DEST_ATTR_TUN_TYPE, d.tunnelType()).be16(DEST_ATTR_TUN_PORT, d.tunnelPort()).u16(DEST_ATTR_TUN_FLAGS, d.tunnelFlags())
                    .u32(DEST_ATTR_U_THRESH, d.upperThreshold()).u32(DEST_ATTR_L_THRESH, d.lowerThreshold());
            if (withStats) {
                w.u32(DEST_ATTR_ACTIVE_CONNS, d.activeConns()).u32(DEST_ATTR_INACT_CONNS, d.inactiveConns())
                        .u32(DEST_ATTR_PERSIST_CONNS, d.persistentConns());
                writeStats(w, DEST_ATTR_STATS, DEST_ATTR_STATS64, d.stats());
            }
        }
        w.endNested();
    }

    private static void daemon(AttributeWriter w, IpvsDaemon d) {
        w.beginNested(CMD_ATTR_DAEMON).u32(DAEMON_ATTR_STATE, d.state()).string(DAEMON_ATTR_MCAST_IFN, d.interfaceName())
                .u32(DAEMON_ATTR_SYNC_ID, d.syncId());
        if (d.syncMaxLength() != 0) w.u16(DAEMON_ATTR_SYNC_MAXLEN, d.syncMaxLength());
        if (d.multicastGroup() instanceof Inet4Address g4) w.bytes(DAEMON_ATTR_MCAST_GROUP, g4.getAddress());
        else if (d.multicastGroup() != null) w.bytes(DAEMON_ATTR_MCAST_GROUP6, d.multicastGroup().getAddress());
        if (d.multicastPort() != 0) w.u16(DAEMON_ATTR_MCAST_PORT, d.multicastPort());
        if (d.multicastTtl() != 0) w.u8(DAEMON_ATTR_MCAST_TTL, d.multicastTtl());
        w.endNested();
    }

    private static void timeouts(AttributeWriter w, IpvsTimeouts t) {
        w.u32(CMD_ATTR_TIMEOUT_TCP, t.tcpSeconds()).u32(CMD_ATTR_TIMEOUT_TCP_FIN, t.tcpFinSeconds()).u32(CMD_ATTR_TIMEOUT_UDP, t.udpSeconds());
    }

    private static void writeStats(AttributeWriter w, int attr32, int attr64, IpvsStats s) {
        IpvsStats v = s == null ? IpvsStats.ZERO : s;
        w.beginNested(attr32).u32(STATS_ATTR_CONNS, (int) v.conns()).u32(STATS_ATTR_INPKTS, (int) v.inPackets())
                .u32(STATS_ATTR_OUTPKTS, (int) v.outPackets()).u64(STATS_ATTR_INBYTES, v.inBytes()).u64(STATS_ATTR_OUTBYTES, v.outBytes())
                .u32(STATS_ATTR_CPS, (int) v.connsPerSecond()).u32(STATS_ATTR_INPPS, (int) v.inPacketsPerSecond())
                .u32(STATS_ATTR_OUTPPS, (int) v.outPacketsPerSecond()).u32(STATS_ATTR_INBPS, (int) v.inBytesPerSecond())
                .u32(STATS_ATTR_OUTBPS, (int) v.outBytesPerSecond()).endNested();
        w.beginNested(attr64).u64(STATS_ATTR_CONNS, v.conns()).u64(STATS_ATTR_INPKTS, v.inPackets())
                .u64(STATS_ATTR_OUTPKTS, v.outPackets()).u64(STATS_ATTR_INBYTES, v.inBytes()).u64(STATS_ATTR_OUTBYTES, v.outBytes())
                .u64(STATS_ATTR_CPS, v.connsPerSecond()).u64(STATS_ATTR_INPPS, v.inPacketsPerSecond())
                .u64(STATS_ATTR_OUTPPS, v.outPacketsPerSecond()).u64(STATS_ATTR_INBPS, v.inBytesPerSecond())
                .u64(STATS_ATTR_OUTBPS, v.outBytesPerSecond()).endNested();
    }

    /** Reads 32-bit ({@code STATS}) or 64-bit ({@code STATS64}) counters; u32 values are unsigned. */
    static IpvsStats stats(Attributes a, boolean wide) {
        java.util.function.IntToLongFunction get = t -> wide || t == STATS_ATTR_INBYTES || t == STATS_ATTR_OUTBYTES
                ? (a.u64(t) == null ? 0 : a.u64(t)) : Integer.toUnsignedLong(a.u32(t, 0));
        return new IpvsStats(get.applyAsLong(STATS_ATTR_CONNS), get.applyAsLong(STATS_ATTR_INPKTS), get.applyAsLong(STATS_ATTR_OUTPKTS),
                get.applyAsLong(STATS_ATTR_INBYTES), get.applyAsLong(STATS_ATTR_OUTBYTES), get.applyAsLong(STATS_ATTR_CPS),
                get.applyAsLong(STATS_ATTR_INPPS), get.applyAsLong(STATS_ATTR_OUTPPS), get.applyAsLong(STATS_ATTR_INBPS),
                get.applyAsLong(STATS_ATTR_OUTBPS));
    }

    /** An address as the 16-byte {@code nf_inet_addr} union. */
    static byte[] inetAddr(InetAddress a) {
        return Arrays.copyOf(a.getAddress(), INET_ADDR_BYTES);
    }

    static InetAddress address(int af, byte[] raw) {
        int n = af == AF_INET6 ? 16 : 4;
        if (raw.length < n) throw malformed("address attribute of " + raw.length + " bytes for family " + af);
        try {
            return InetAddress.getByAddress(Arrays.copyOf(raw, n));
        } catch (UnknownHostException e) {
            throw malformed("bad address: " + e.getMessage());
        }
    }
}
