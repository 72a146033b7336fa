package io.vigil.netlink.genl;

/**
 * Constants of the IPVS generic netlink family, from the kernel's {@code include/uapi/linux/ip_vs.h}
 * (family "IPVS", version 1). Integer attributes are host order except service/destination ports and the GUE
 * tunnel port (be16) and the IPv4 persistence netmask (be32); the sync daemon's port is host order; addresses are 16-byte {@code nf_inet_addr} unions.
 */
public final class Ipvs {
    private Ipvs() {}

    public static final String FAMILY_NAME = "IPVS";
    public static final int GENL_VERSION = 1;

    // Commands
    public static final int CMD_NEW_SERVICE = 1, CMD_SET_SERVICE = 2, CMD_DEL_SERVICE = 3, CMD_GET_SERVICE = 4,
            CMD_NEW_DEST = 5, CMD_SET_DEST = 6, CMD_DEL_DEST = 7, CMD_GET_DEST = 8,
            CMD_NEW_DAEMON = 9, CMD_DEL_DAEMON = 10, CMD_GET_DAEMON = 11,
            CMD_SET_CONFIG = 12, CMD_GET_CONFIG = 13, CMD_SET_INFO = 14, CMD_GET_INFO = 15,
            CMD_ZERO = 16, CMD_FLUSH = 17;

    // First-level attributes
    public static final int CMD_ATTR_SERVICE = 1, CMD_ATTR_DEST = 2, CMD_ATTR_DAEMON = 3,
            CMD_ATTR_TIMEOUT_TCP = 4, CMD_ATTR_TIMEOUT_TCP_FIN = 5, CMD_ATTR_TIMEOUT_UDP = 6;

    // Service attributes (nested in CMD_ATTR_SERVICE)
    public static final int SVC_ATTR_AF = 1, SVC_ATTR_PROTOCOL = 2, SVC_ATTR_ADDR = 3, SVC_ATTR_PORT = 4,
            SVC_ATTR_FWMARK = 5, SVC_ATTR_SCHED_NAME = 6, SVC_ATTR_FLAGS = 7, SVC_ATTR_TIMEOUT = 8,
            SVC_ATTR_NETMASK = 9, SVC_ATTR_STATS = 10, SVC_ATTR_PE_NAME = 11, SVC_ATTR_STATS64 = 12;

    // Destination attributes (nested in CMD_ATTR_DEST)
    public static final int DEST_ATTR_ADDR = 1, DEST_ATTR_PORT = 2, DEST_ATTR_FWD_METHOD = 3, DEST_ATTR_WEIGHT = 4,
            DEST_ATTR_U_THRESH = 5, DEST_ATTR_L_THRESH = 6, DEST_ATTR_ACTIVE_CONNS = 7, DEST_ATTR_INACT_CONNS = 8,
            DEST_ATTR_PERSIST_CONNS = 9, DEST_ATTR_STATS = 10, DEST_ATTR_ADDR_FAMILY = 11, DEST_ATTR_STATS64 = 12,
            DEST_ATTR_TUN_TYPE = 13, DEST_ATTR_TUN_PORT = 14, DEST_ATTR_TUN_FLAGS = 15;

    // Sync daemon attributes (nested in CMD_ATTR_DAEMON)
    public static final int DAEMON_ATTR_STATE = 1, DAEMON_ATTR_MCAST_IFN = 2, DAEMON_ATTR_SYNC_ID = 3,
            DAEMON_ATTR_SYNC_MAXLEN = 4, DAEMON_ATTR_MCAST_GROUP = 5, DAEMON_ATTR_MCAST_GROUP6 = 6,
            DAEMON_ATTR_MCAST_PORT = 7, DAEMON_ATTR_MCAST_TTL = 8;

    // Statistics attributes (nested in *_ATTR_STATS / *_ATTR_STATS64)
    public static final int STATS_ATTR_CONNS = 1, STATS_ATTR_INPKTS = 2, STATS_ATTR_OUTPKTS = 3, STATS_ATTR_INBYTES = 4,
            STATS_ATTR_OUTBYTES = 5, STATS_ATTR_CPS = 6, STATS_ATTR_INPPS = 7, STATS_ATTR_OUTPPS = 8,
            STATS_ATTR_INBPS = 9, STATS_ATTR_OUTBPS = 10, STATS_ATTR_PAD = 11;

    // GET_INFO reply attributes (first level)
    public static final int INFO_ATTR_VERSION = 1, INFO_ATTR_CONN_TAB_SIZE = 2;

    // Service flags
    public static final int SVC_F_PERSISTENT = 0x0001, SVC_F_HASHED = 0x0002, SVC_F_ONEPACKET = 0x0004,
            SVC_F_SCHED1 = 0x0008, SVC_F_SCHED2 = 0x0010, SVC_F_SCHED3 = 0x0020;

    // Destination forwarding methods (the low bits of the connection flags)
    public static final int CONN_F_FWD_MASK = 0x0007, CONN_F_MASQ = 0x0000, CONN_F_LOCALNODE = 0x0001,
            CONN_F_TUNNEL = 0x0002, CONN_F_DROUTE = 0x0003, CONN_F_BYPASS = 0x0004;

    // Tunnel types and encapsulation flags
    public static final int TUNNEL_TYPE_IPIP = 0, TUNNEL_TYPE_GUE = 1, TUNNEL_TYPE_GRE = 2;
    public static final int TUNNEL_ENCAP_FLAG_NOCSUM = 0, TUNNEL_ENCAP_FLAG_CSUM = 1, TUNNEL_ENCAP_FLAG_REMCSUM = 2;

    // Sync daemon states
    public static final int STATE_NONE = 0, STATE_MASTER = 1, STATE_BACKUP = 2;

    public static final int SCHEDNAME_MAXLEN = 16, PENAME_MAXLEN = 16, IFNAME_MAXLEN = 16;
    /** Size of the kernel's {@code union nf_inet_addr}: addresses are sent in 16 bytes, IPv4 in the first 4. */
    public static final int INET_ADDR_BYTES = 16;

    public static final int AF_INET = 2, AF_INET6 = 10;
}
