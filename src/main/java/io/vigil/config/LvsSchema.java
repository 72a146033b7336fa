package io.vigil.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.vigil.config.Keyword.block;
import static io.vigil.config.Keyword.flag;
import static io.vigil.config.Keyword.list;
import static io.vigil.config.Keyword.value;

/** Keywords of virtual_server_group, virtual_server and real_server. */
final class LvsSchema {
    private LvsSchema() {
    }

    static Integer port(Args a, int i) {
        return Types.number(a, i, 0, 65535);
    }

    /** {@code IP [PORT]}. */
    static ValueType<VirtualServer.IpPort> ipPort(String what) {
        return new ValueType<>() {
            @Override
            public VirtualServer.IpPort parse(Args a) {
                if (!a.count(1, 2)) {
                    return null;
                }
                InetAddress ip = Types.address(a, 0);
                if (ip == null) {
                    return null;
                }
                Integer port = a.size() > 1 ? port(a, 1) : null;
                if (a.size() > 1 && port == null) {
                    return null;
                }
                return new VirtualServer.IpPort(ip, Optional.ofNullable(port));
            }

            @Override
            public String syntax() {
                return what;
            }

            @Override
            public String format(VirtualServer.IpPort v) {
                return v.toString();
            }
        };
    }

    static final ValueType<VirtualServer.Address> VS_ADDRESS = new ValueType<>() {
        @Override
        public VirtualServer.Address parse(Args a) {
            if (!a.count(1, 2)) {
                return null;
            }
            return switch (a.text(0)) {
                case "fwmark" -> {
                    if (a.size() != 2) {
                        yield a.error(0, "expected 'fwmark N'");
                    }
                    Integer m = Types.number(a, 1, 1, Integer.MAX_VALUE);
                    yield m == null ? null : new VirtualServer.Fwmark(m);
                }
                case "group" -> a.size() != 2 ? a.error(0, "expected 'group NAME'") : new VirtualServer.Group(a.text(1));
                default -> ipPort("").parse(a);
            };
        }

        @Override
        public String syntax() {
            return "IP [PORT] | fwmark N | group NAME";
        }

        @Override
        public String format(VirtualServer.Address v) {
            return v.toString();
        }
    };

    static final ValueType<VirtualServerGroup.Entry> VSG_ENTRY = new ValueType<>() {
        @Override
        public VirtualServerGroup.Entry parse(Args a) {
            if (!a.count(1, 2)) {
                return null;
            }
            if (a.text(0).equals("fwmark")) {
                if (a.size() < 2) {
                    return a.error(0, "expected 'fwmark N [inet|inet6]'");
                }
                Integer m = Types.number(a, 1, 1, Integer.MAX_VALUE);
                return m == null ? null : new VirtualServerGroup.Fwmark(m, Optional.empty());
            }
            String text = a.text(0);
            InetAddress first;
            InetAddress last;
            int dash = text.indexOf('-');
            int slash = text.indexOf('/');
            if (slash > 0) {
                IpPrefix p = Types.prefix(a, 0);
                if (p == null) {
                    return null;
                }
                first = p.address();
                last = p.address();
            } else if (dash > 0) {
                first = Addresses.parse(text.substring(0, dash));
                String end = text.substring(dash + 1);
                last = Addresses.parse(end);
                if (first != null && last == null && end.matches("[0-9a-fA-F]{1,4}")) {
                    // 192.168.200.1-10: the last part replaces the first address's last part
                    String f = Addresses.format(first);
                    int cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf(':'));
                    last = Addresses.parse(f.substring(0, cut + 1) + end);
                }
                if (first == null || last == null) {
                    return a.error(0, "invalid address range");
                }
            } else {
                first = Types.address(a, 0);
                if (first == null) {
                    return null;
                }
                last = first;
            }
            Integer port = a.size() > 1 ? port(a, 1) : null;
            if (a.size() > 1 && port == null) {
                return null;
            }
            return new VirtualServerGroup.AddressRange(first, last, Optional.ofNullable(port));
        }

        @Override
        public String syntax() {
            return "IP[-LAST] [PORT] | fwmark N";
        }

        @Override
        public String format(VirtualServerGroup.Entry e) {
            return switch (e) {
                case VirtualServerGroup.Fwmark f -> "fwmark " + f.mark();
                case VirtualServerGroup.AddressRange r -> Addresses.format(r.first())
                        + (r.first().equals(r.last()) ? "" : "-" + Addresses.format(r.last())) + r.port().map(p -> " " + p).orElse("");
            };
        }
    };

    static final ValueType<VirtualServer.Method> METHOD = SharedKeywords.METHOD;

    static final ValueType<Duration> PERSISTENCE = new ValueType<>() {
        @Override
        public Duration parse(Args a) {
            if (!a.count(0, 1)) {
                return null;
            }
            if (a.size() == 0) {
                return Duration.ofSeconds(360);
            }
            Integer s = Types.number(a, 0, 1, Integer.MAX_VALUE);
            return s == null ? null : Duration.ofSeconds(s);
        }

        @Override
        public String syntax() {
            return "[SECONDS] (360 when given without a value)";
        }

        @Override
        public String format(Duration d) {
            return Long.toString(d.toSeconds());
        }
    };

    static Map<String, VirtualServer.Scheduler> schedulers() {
        Map<String, VirtualServer.Scheduler> m = new LinkedHashMap<>();
        for (VirtualServer.Scheduler s : VirtualServer.Scheduler.values()) {
            m.put(s.name(), s);
        }
        return m;
    }

    static final Keyword<Duration> CONNECT_TIMEOUT = SharedKeywords.CONNECT_TIMEOUT;
    static final Keyword<Integer> RETRY = SharedKeywords.RETRY;
    static final Keyword<Duration> DELAY_BEFORE_RETRY = SharedKeywords.DELAY_BEFORE_RETRY;
    static final Keyword<Duration> WARMUP = SharedKeywords.WARMUP;
    static final Keyword<Duration> DELAY_LOOP = SharedKeywords.DELAY_LOOP;
    static final Keyword<Boolean> ALPHA = SharedKeywords.ALPHA;
    static final Keyword<Boolean> INHIBIT_ON_FAILURE = SharedKeywords.INHIBIT_ON_FAILURE;
    static final Keyword<String> VIRTUALHOST = SharedKeywords.VIRTUALHOST;
    static final Keyword<String> SNMP_NAME = value("snmp_name", Types.word("NAME"),
            "Name shown in KEEPALIVED-MIB (virtualServerName / realServerName).");
    static final Keyword<VirtualServer.Method> LVS_METHOD = SharedKeywords.LVS_METHOD;
    static final Keyword<Boolean> SMTP_ALERT = VrrpSchema.SMTP_ALERT;

    // ---- real_server
    static final Keyword<Integer> WEIGHT = value("weight", Types.integer(0, 65535), "Scheduling weight.").defaultsTo(1);
    static final Keyword<Script> NOTIFY_UP = value("notify_up", Types.script(), "Script run when the server comes up.");
    static final Keyword<Script> NOTIFY_DOWN = value("notify_down", Types.script(), "Script run when the server goes down.");
    static final Keyword<Integer> UTHRESHOLD = value("uthreshold", Types.integer(0, Integer.MAX_VALUE), "Maximum connections to the server.");
    static final Keyword<Integer> LTHRESHOLD = value("lthreshold", Types.integer(0, Integer.MAX_VALUE), "Connections below which it takes new ones again.");

    static final BlockSchema REAL_SERVER = new BlockSchema("real_server", "A server of the pool.", ipPort("IP [PORT]"))
            .add(WEIGHT, LVS_METHOD, NOTIFY_UP, NOTIFY_DOWN, UTHRESHOLD, LTHRESHOLD, SMTP_ALERT, VIRTUALHOST, ALPHA, CONNECT_TIMEOUT,
                    RETRY, DELAY_BEFORE_RETRY, WARMUP, DELAY_LOOP, INHIBIT_ON_FAILURE)
            .add(CheckerSchema.CHECKERS)
            .add(SNMP_NAME);

    // ---- virtual_server
    static final Keyword<VirtualServer.Scheduler> LVS_SCHED = value("lvs_sched", Types.choice(schedulers(), false), "IPVS scheduler.")
            .alias("lb_algo").defaultsTo(VirtualServer.Scheduler.wlc);
    static final Keyword<VirtualServer.Protocol> PROTOCOL = value("protocol", Types.enumeration(VirtualServer.Protocol.class, true), "Transport protocol.")
            .defaultsTo(VirtualServer.Protocol.TCP);
    static final Keyword<Duration> PERSISTENCE_TIMEOUT = value("persistence_timeout", PERSISTENCE, "Client-to-server stickiness in seconds.");
    static final Keyword<String> PERSISTENCE_GRANULARITY = value("persistence_granularity", Types.word("NETMASK"), "Persistence per network of this mask.");
    static final Keyword<String> PERSISTENCE_ENGINE = value("persistence_engine", Types.word("NAME"),
            "IPVS persistence engine (sip: clients keyed by SIP Call-ID) set on the service with its persistence; the kernel loads "
            + "ip_vs_pe_NAME and refuses a name it has no engine for. Without persistence_timeout it has no effect (warned), as in "
            + "keepalived. IPVS data plane only: refused with vigil_data_plane nftables or proxy.");
    static final Keyword<Boolean> SCHED_FLAG_1 = flag("flag-1", "IPVS scheduler flag 1 (sh/mh: fallback).");
    static final Keyword<Boolean> SCHED_FLAG_2 = flag("flag-2", "IPVS scheduler flag 2 (sh/mh: port).");
    static final Keyword<Boolean> SCHED_FLAG_3 = flag("flag-3", "IPVS scheduler flag 3.");
    static final Keyword<Boolean> SH_FALLBACK = flag("sh-fallback", "sh: pick another server when the hashed one is unavailable (flag-1).");
    static final Keyword<Boolean> SH_PORT = flag("sh-port", "sh: hash the source port too (flag-2).");
    static final Keyword<Boolean> MH_FALLBACK = flag("mh-fallback", "mh: pick another server when the hashed one is unavailable (flag-1).");
    static final Keyword<Boolean> MH_PORT = flag("mh-port", "mh: hash the source port too (flag-2).");
    static final Keyword<Boolean> OPS = flag("ops", "One-packet scheduling (UDP): every datagram is scheduled on its own.");
    static final Keyword<Boolean> HA_SUSPEND = flag("ha_suspend", "Suspend checks while the virtual address is not configured on"
            + " this host (netlink address events, as keepalived): a suspended check is not run and its server keeps its state.");
    static final Keyword<Boolean> OMEGA = flag("omega", "Run quorum_down and notify_down scripts on shutdown.");
    static final Keyword<Integer> QUORUM = value("quorum", Types.integer(1, Integer.MAX_VALUE), "Minimum total weight of live servers.").defaultsTo(1);
    static final Keyword<Integer> HYSTERESIS = value("hysteresis", Types.integer(0, Integer.MAX_VALUE), "Weight tolerance around the quorum.").defaultsTo(0);
    static final Keyword<Script> QUORUM_UP = value("quorum_up", Types.script(), "Script run when the quorum is gained.");
    static final Keyword<Script> QUORUM_DOWN = value("quorum_down", Types.script(), "Script run when the quorum is lost.");
    static final Keyword<String> IP_FAMILY = value("ip_family", Types.words("inet", "inet6"), "Address family of a fwmark service.");
    static final Keyword<VirtualServer.IpPort> SORRY_SERVER = value("sorry_server", ipPort("IP [PORT]"), "Server that takes traffic while the quorum is lost.");
    static final Keyword<Boolean> SORRY_SERVER_INHIBIT = flag("sorry_server_inhibit", "inhibit_on_failure for the sorry server.");
    static final Keyword<VirtualServer.Method> SORRY_SERVER_LVS_METHOD = value("sorry_server_lvs_method", METHOD, "Forwarding method of the sorry server.");
    static final Keyword<Section> REAL_SERVER_BLOCK = block("real_server", REAL_SERVER, "A real server (repeatable).").repeatable();

    // ---- vigil_announce (Vigil only): the VIP as a host route in a kernel table a routing daemon exports over BGP
    static final Keyword<Integer> ANNOUNCE_TABLE = value("table", Types.integer(1, Integer.MAX_VALUE),
            "Kernel routing table the host route goes into (not main, local or default: 253-255 are refused); BIRD or FRR exports it.");
    static final Keyword<Integer> ANNOUNCE_METRIC = value("metric", Types.integer(0, Integer.MAX_VALUE),
            "Route metric (RTA_PRIORITY) of the host route; none by default.");
    static final Keyword<Integer> ANNOUNCE_PROTO = value("proto", Types.integer(1, 255),
            "Route protocol number (rtm_protocol) of the host route, so filters can match it; 18 (keepalived's) by default.").defaultsTo(18);
    static final Keyword<String> ANNOUNCE_VRRP = value("vrrp_instance", Types.word("NAME"),
            "Announce only while this VRRP instance is MASTER here.");
    static final Keyword<String> ANNOUNCE_BFD = value("bfd_instance", Types.word("NAME"),
            "Announce only while this BFD session is Up here (a bfd_instance whose events go to the checkers: not 'vrrp'"
                    + " alone); not reported yet counts as down.");
    static final Keyword<Duration> ANNOUNCE_DELAY = value("delay", Types.timer(0, 3600),
            "Seconds the conditions must hold before the route is added (withdrawal is at once); damps a flapping pool.")
            .defaultsTo(Duration.ZERO);
    static final BlockSchema ANNOUNCE = new BlockSchema("vigil_announce",
            "Vigil only: while this virtual server has its quorum (quorum/hysteresis, as quorum_up/quorum_down) and the"
                    + " named VRRP instance, if any, is MASTER and the named BFD session, if any, is Up, its address is a /32 (/128) blackhole route in kernel table"
                    + " `table`; otherwise the route is removed (also when Vigil stops). A routing daemon (BIRD 2, FRR)"
                    + " exports that table over BGP, so routers spread flows over every director that announces"
                    + " (docs/scale-out.md). Runs in the checker process.", null)
            .add(ANNOUNCE_TABLE, ANNOUNCE_METRIC, ANNOUNCE_PROTO, ANNOUNCE_VRRP, ANNOUNCE_BFD, ANNOUNCE_DELAY);
    static final Keyword<Section> ANNOUNCE_BLOCK = block("vigil_announce", ANNOUNCE,
            "Vigil only: announce the virtual address as a host route in a kernel table while the pool has quorum.");

    static final BlockSchema VIRTUAL_SERVER = new BlockSchema("virtual_server", "A load-balanced service.", VS_ADDRESS)
            .add(LVS_SCHED, LVS_METHOD, PROTOCOL, PERSISTENCE_TIMEOUT, PERSISTENCE_GRANULARITY, PERSISTENCE_ENGINE, HA_SUSPEND,
                    SMTP_ALERT, VIRTUALHOST, ALPHA, OMEGA, QUORUM, HYSTERESIS, QUORUM_UP, QUORUM_DOWN, IP_FAMILY, SORRY_SERVER,
                    SORRY_SERVER_INHIBIT, SORRY_SERVER_LVS_METHOD, CONNECT_TIMEOUT, RETRY, DELAY_BEFORE_RETRY, WARMUP, DELAY_LOOP,
                    INHIBIT_ON_FAILURE, REAL_SERVER_BLOCK, SCHED_FLAG_1, SCHED_FLAG_2, SCHED_FLAG_3, SH_FALLBACK, SH_PORT,
                    MH_FALLBACK, MH_PORT, OPS, ANNOUNCE_BLOCK)
            .add(Keyword.notApplicable("hashed", "the kernel sets IPVS's hashed flag on every service itself"))
            .add(SNMP_NAME);

    static final Keyword<List<VirtualServerGroup.Entry>> VSG_ENTRIES = list("(entries)", VSG_ENTRY, "Addresses, ranges and fwmarks.");

    static final BlockSchema VIRTUAL_SERVER_GROUP = new BlockSchema("virtual_server_group",
            "Addresses and fwmarks that share one pool: each line is IP[-LAST] [PORT] or fwmark N.", Types.word("NAME"))
            .entries(VSG_ENTRIES);
}
