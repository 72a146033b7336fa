package io.vigil.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.vigil.config.LvsSchema.*;

/** Builds virtual server groups, virtual servers, real servers and checkers from their sections. */
final class LvsModelBuilder {
    private final Diagnostics diags;
    private final Set<String> trackFiles;
    /** bfd_instance blocks, for BFD_CHECK's name. */
    Map<String, BfdInstance> bfds = Map.of();
    /** --compat: options refused inside a value (regex_options) are warnings. */
    boolean compat;
    /** The kernel's IP_VS_PENAME_MAXLEN (16) less its terminating NUL. */
    private static final int ENGINE_NAME_MAX_CHARS = 15;
    /** vigil_data_plane: IPVS-only settings are refused when another back end is chosen explicitly. */
    GlobalDefs.DataPlaneKind dataPlane = GlobalDefs.DataPlaneKind.auto;
    private final GlobalDefs.AlertDefaults alerts;
    /** global checker_log_all_failures: every checker logs all its failures. */
    private final boolean logAllFailures;
    final Map<String, VirtualServerGroup> groups = new LinkedHashMap<>();
    final List<VirtualServer> servers = new ArrayList<>();

    LvsModelBuilder(Diagnostics diags, Set<String> trackFiles, GlobalDefs.AlertDefaults alerts, boolean logAllFailures) {
        this.diags = diags;
        this.trackFiles = trackFiles;
        this.alerts = alerts;
        this.logAllFailures = logAllFailures;
    }

    void groups(List<Section> sections) {
        for (Section s : sections) {
            String name = s.header();
            if (groups.containsKey(name)) {
                diags.error(s.pos(), "virtual_server_group defined twice", name);
                continue;
            }
            List<VirtualServerGroup.Entry> entries = s.get(VSG_ENTRIES);
            if (entries.isEmpty()) {
                diags.warning(s.pos(), "virtual_server_group has no addresses", name);
            }
            groups.put(name, new VirtualServerGroup(name, List.copyOf(entries), s.pos()));
        }
    }

    void servers(List<Section> sections) {
        Set<String> seen = new HashSet<>();
        for (Section s : sections) {
            VirtualServer vs = server(s);
            if (vs == null) {
                continue;
            }
            if (!seen.add(vs.address() + "/" + vs.protocol())) {
                diags.error(s.pos(), "virtual_server defined twice", vs.address() + " " + vs.protocol());
                continue;
            }
            servers.add(vs);
        }
    }

    private VirtualServer server(Section s) {
        VirtualServer.Address addr = s.header();
        boolean persistent = s.isSet(PERSISTENCE_TIMEOUT) || s.isSet(PERSISTENCE_GRANULARITY);
        switch (addr) {
            case VirtualServer.Group g -> {
                if (!groups.containsKey(g.name())) {
                    diags.error(s.pos(), "virtual_server names no virtual_server_group", g.name(), EditDistance.suggest(g.name(), groups.keySet()));
                    return null;
                }
            }
            case VirtualServer.Fwmark f -> {
                if (s.isSet(PROTOCOL)) {
                    diags.warning(s.posOf(PROTOCOL), "protocol specified for a fwmark virtual server is ignored", "fwmark " + f.mark());
                }
            }
            case VirtualServer.IpPort ip -> {
                if (ip.port().isEmpty() && !persistent) {
                    diags.error(s.pos(), "virtual_server without a port must be persistent (persistence_timeout)", ip.toString());
                }
            }
        }
        Optional<VirtualServer.SorryServer> sorry = Optional.ofNullable(s.get(SORRY_SERVER)).map(p -> new VirtualServer.SorryServer(
                p.ip(), p.port(), s.get(SORRY_SERVER_INHIBIT), Optional.ofNullable(s.get(SORRY_SERVER_LVS_METHOD))));
        List<RealServer> reals = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Section r : s.all(REAL_SERVER_BLOCK)) {
            RealServer rs = realServer(r, addr);
            if (!seen.add(Addresses.format(rs.address()) + rs.port().map(p -> ":" + p).orElse(""))) {
                diags.error(r.pos(), "real_server listed twice in this virtual_server", Addresses.format(rs.address()));
                continue;
            }
            reals.add(rs);
        }
        boolean haSuspend = s.get(HA_SUSPEND);
        if (haSuspend && addr instanceof VirtualServer.Fwmark) {
            diags.warning(s.posOf(HA_SUSPEND), "ha_suspend cannot be used with a fwmark virtual server: ignored, as keepalived", "ha_suspend");
            haSuspend = false;
        } else if (haSuspend && addr instanceof VirtualServer.Group) {
            String why = "Vigil suspends checks by the virtual server's own address; a virtual_server_group has none";
            if (compat) {
                diags.warning(s.posOf(HA_SUSPEND), "ha_suspend refused by Vigil here, running without it (--compat)", "ha_suspend", why);
            } else {
                diags.error(s.posOf(HA_SUSPEND), "ha_suspend refused by Vigil here", "ha_suspend", why + "; --compat runs without it");
            }
            haSuspend = false;
        }
        return new VirtualServer(addr, s.get(LVS_SCHED), s.get(LVS_METHOD), s.get(PROTOCOL), Optional.ofNullable(s.get(PERSISTENCE_TIMEOUT)),
                Optional.ofNullable(s.get(PERSISTENCE_GRANULARITY)), persistenceEngine(s), haSuspend,
                Optional.ofNullable(s.get(VIRTUALHOST)), s.get(ALPHA), s.get(OMEGA), s.get(QUORUM), s.get(HYSTERESIS),
                Optional.ofNullable(s.get(QUORUM_UP)), Optional.ofNullable(s.get(QUORUM_DOWN)), sorry, s.get(DELAY_LOOP),
                s.get(INHIBIT_ON_FAILURE), s.isSet(SMTP_ALERT) ? s.get(SMTP_ALERT) : alerts.virtualServerDefault(), Optional.ofNullable(s.get(IP_FAMILY)), schedulerFlags(s), s.get(OPS),
                List.copyOf(reals), Optional.ofNullable(s.get(SNMP_NAME)), announce(s, addr), s.pos());
    }

    /**
     * persistence_engine: as keepalived, only sent with a persistence timeout; a name the kernel cannot hold is an
     * error (keepalived truncates it, which names another engine or none); nftables and the proxy have no engines.
     */
    private Optional<String> persistenceEngine(Section s) {
        if (!s.isSet(PERSISTENCE_ENGINE)) return Optional.empty();
        String name = s.get(PERSISTENCE_ENGINE);
        SourcePos pos = s.posOf(PERSISTENCE_ENGINE);
        if (name.length() > ENGINE_NAME_MAX_CHARS || name.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            diags.error(pos, "persistence_engine name must be 1 to " + ENGINE_NAME_MAX_CHARS + " printable ASCII characters (the kernel's limit)", name);
            return Optional.empty();
        }
        if (dataPlane == GlobalDefs.DataPlaneKind.nftables || dataPlane == GlobalDefs.DataPlaneKind.proxy) {
            String why = "persistence engines are IPVS's; the " + dataPlane + " data plane (vigil_data_plane) has none";
            if (compat) diags.warning(pos, "persistence_engine refused by Vigil here, running without it (--compat)", name, why);
            else diags.error(pos, "persistence_engine refused by Vigil here", name, why + "; use vigil_data_plane ipvs, or --compat to run without it");
            return Optional.empty();
        }
        if (!s.isSet(PERSISTENCE_TIMEOUT)) {
            diags.warning(pos, "persistence_engine has no effect without persistence_timeout (as in keepalived)", name);
            return Optional.empty();
        }
        return Optional.of(name);
    }

    /** vigil_announce: only a virtual server with one address has a host route to announce. */
    private Optional<VirtualServer.Announce> announce(Section s, VirtualServer.Address addr) {
        if (!s.isSet(ANNOUNCE_BLOCK)) return Optional.empty();
        Section a = s.get(ANNOUNCE_BLOCK);
        if (!(addr instanceof VirtualServer.IpPort)) {
            diags.error(a.pos(), "vigil_announce needs a virtual_server with an address (IP PORT), not a fwmark or group", addr.toString());
            return Optional.empty();
        }
        if (!a.isSet(ANNOUNCE_TABLE)) {
            diags.error(a.pos(), "vigil_announce needs 'table N' (the kernel routing table the routing daemon exports)", addr.toString());
            return Optional.empty();
        }
        int table = a.get(ANNOUNCE_TABLE);
        if (table >= 253 && table <= 255) {
            diags.error(a.posOf(ANNOUNCE_TABLE), "vigil_announce table must be a table of its own, not default (253), main (254) or local (255)",
                    Integer.toString(table));
            return Optional.empty();
        }
        return Optional.of(new VirtualServer.Announce(table, Optional.ofNullable(a.get(ANNOUNCE_METRIC)), a.get(ANNOUNCE_PROTO),
                Optional.ofNullable(a.get(ANNOUNCE_VRRP)), Optional.ofNullable(a.get(ANNOUNCE_BFD)), a.get(ANNOUNCE_DELAY), a.pos()));
    }

    /** The IPVS scheduler flags set, by keepalived's numbered names: 1 (fallback), 2 (port), 3. */
    private static java.util.Set<Integer> schedulerFlags(Section s) {
        java.util.Set<Integer> flags = new java.util.TreeSet<>();
        if (s.get(SCHED_FLAG_1) || s.get(SH_FALLBACK) || s.get(MH_FALLBACK)) flags.add(1);
        if (s.get(SCHED_FLAG_2) || s.get(SH_PORT) || s.get(MH_PORT)) flags.add(2);
        if (s.get(SCHED_FLAG_3)) flags.add(3);
        return java.util.Set.copyOf(flags);
    }

    private RealServer realServer(Section r, VirtualServer.Address vs) {
        VirtualServer.IpPort at = r.header();
        // keepalived: a real server without a port uses the virtual server's port
        Optional<Integer> port = at.port().or(() -> vs instanceof VirtualServer.IpPort ip ? ip.port() : Optional.empty());
        List<Checker> checkers = new ArrayList<>();
        for (Map.Entry<Keyword<Section>, BlockSchema> e : CheckerSchema.BY_KEYWORD.entrySet()) {
            for (Section c : r.all(e.getKey())) {
                Checker ch = checker(e.getValue(), c, at.ip(), port);
                if (ch instanceof Checker.BfdCheck b && checkers.stream().anyMatch(o -> o instanceof Checker.BfdCheck ob && ob.name().equals(b.name()))) {
                    diags.error(c.pos(), "real server already follows bfd_instance " + b.name(), b.name()); // keepalived: "RS already monitoring"
                    continue;
                }
                if (ch != null) {
                    checkers.add(ch);
                }
            }
        }
        return new RealServer(at.ip(), port, r.get(WEIGHT), r.get(LVS_METHOD), Optional.ofNullable(r.get(NOTIFY_UP)),
                Optional.ofNullable(r.get(NOTIFY_DOWN)), Optional.ofNullable(r.get(UTHRESHOLD)), Optional.ofNullable(r.get(LTHRESHOLD)),
                r.get(INHIBIT_ON_FAILURE), r.isSet(SMTP_ALERT) ? r.get(SMTP_ALERT) : alerts.realServerDefault(), List.copyOf(checkers), Optional.ofNullable(r.get(SNMP_NAME)), r.pos());
    }

    /** Checker blocks whose bind_if was refused under --compat: they run without it. */
    private final java.util.Set<Section> bindIfDropped = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /**
     * bind_if as Vigil can honour it: SO_BINDTODEVICE on TCP_CHECK's socket; for the checkers on the JDK's sockets, the
     * interface as the scope of an IPv6 link-local target (the case bind_if exists for), refused for other targets.
     * A link-local target needs bind_if (keepalived's check_conn_opts).
     */
    private void bindIf(BlockSchema kind, Section c, InetAddress rsIp) {
        if (!kind.keywords().contains(CheckerSchema.BIND_IF)) {
            return;
        }
        InetAddress target = c.isSet(CheckerSchema.CONNECT_IP) ? c.get(CheckerSchema.CONNECT_IP) : rsIp;
        boolean linkLocal = target instanceof java.net.Inet6Address && target.isLinkLocalAddress();
        if (!c.isSet(CheckerSchema.BIND_IF)) {
            if (linkLocal) {
                diags.error(c.pos(), kind.name() + " to the link-local address " + target.getHostAddress() + " requires a bind_if", kind.name());
            }
            return;
        }
        String reason = kind.name().equals("TCP_CHECK") ? null
                : kind.name().equals("PING_CHECK") ? "PING_CHECK sends from an unbound ICMP socket (keepalived's check_ping.c does not use bind_if either)"
                : linkLocal ? null
                : kind.name() + " runs on the JDK's sockets, which cannot set SO_BINDTODEVICE: bind_if is honoured there for IPv6"
                        + " link-local targets only (TCP_CHECK: always)";
        if (reason == null) {
            return;
        }
        SourcePos at = c.posOf(CheckerSchema.BIND_IF);
        if (compat) {
            diags.warning(at, "bind_if refused by Vigil here, running without it (--compat)", "bind_if", reason);
            bindIfDropped.add(c);
        } else {
            diags.error(at, "bind_if refused by Vigil here", "bind_if", reason + "; --compat runs without it");
        }
    }

    private Checker checker(BlockSchema kind, Section c, InetAddress rsIp, Optional<Integer> rsPort) {
        bindIf(kind, c, rsIp);
        Checker.Timing timing = new Checker.Timing(c.get(CONNECT_TIMEOUT), c.get(RETRY), delayBeforeRetry(kind, c), c.get(DELAY_LOOP),
                Optional.ofNullable(c.get(WARMUP)), c.get(ALPHA), logAllFailures || c.get(CheckerSchema.LOG_ALL_FAILURES));
        return switch (kind.name()) {
            case "TCP_CHECK" -> new Checker.TcpCheck(connection(c, rsIp, rsPort), timing);
            case "PING_CHECK" -> new Checker.PingCheck(connection(c, rsIp, rsPort), timing);
            case "vigil_GRPC_CHECK" -> new Checker.GrpcCheck(connection(c, rsIp, rsPort), timing,
                    Optional.ofNullable(c.get(CheckerSchema.GRPC_SERVICE)).orElse(""), c.get(CheckerSchema.GRPC_TLS));
            case "HTTP_GET", "SSL_GET" -> http(kind.name().equals("SSL_GET"), c, connection(c, rsIp, rsPort), timing);
            case "SMTP_CHECK" -> {
                List<Checker.Connection> hosts = new ArrayList<>();
                for (Section h : c.all(CheckerSchema.SMTP_HOST_BLOCK)) {
                    hosts.add(connection(h, rsIp, rsPort));
                }
                yield new Checker.SmtpCheck(connection(c, rsIp, rsPort), timing, c.get(CheckerSchema.HELO_NAME), List.copyOf(hosts));
            }
            case "DNS_CHECK" -> new Checker.DnsCheck(connection(c, rsIp, rsPort), timing, c.get(CheckerSchema.DNS_TYPE), c.get(CheckerSchema.DNS_NAME));
            case "UDP_CHECK" -> {
                Optional<byte[]> payload = Optional.ofNullable(c.get(CheckerSchema.PAYLOAD)).map(LvsModelBuilder::hex);
                String reply = c.get(CheckerSchema.REQUIRE_REPLY);
                int min = c.get(CheckerSchema.MIN_REPLY_LENGTH);
                int max = c.get(CheckerSchema.MAX_REPLY_LENGTH);
                if (min > max) {
                    diags.error(c.posOf(CheckerSchema.MIN_REPLY_LENGTH), "min_reply_length is above max_reply_length", Integer.toString(min));
                }
                if ((reply == null || reply.isBlank()) && (c.isSet(CheckerSchema.MIN_REPLY_LENGTH) || c.isSet(CheckerSchema.MAX_REPLY_LENGTH))) {
                    Keyword<Integer> k = c.isSet(CheckerSchema.MIN_REPLY_LENGTH) ? CheckerSchema.MIN_REPLY_LENGTH : CheckerSchema.MAX_REPLY_LENGTH;
                    diags.warning(c.posOf(k), k.name() + " has no effect without require_reply DATA: a reply's length is checked"
                            + " with its data, as keepalived does", k.name());
                }
                yield new Checker.UdpCheck(connection(c, rsIp, rsPort), timing, payload, reply != null,
                        Optional.ofNullable(reply).filter(x -> !x.isBlank()), min, max);
            }
            case "MISC_CHECK" -> {
                if (!c.isSet(CheckerSchema.MISC_PATH)) {
                    diags.error(c.pos(), "MISC_CHECK has no misc_path", "MISC_CHECK");
                    yield null;
                }
                yield new Checker.MiscCheck(c.get(CheckerSchema.MISC_PATH), Optional.ofNullable(c.get(CheckerSchema.MISC_TIMEOUT)),
                        c.get(CheckerSchema.MISC_DYNAMIC), Optional.ofNullable(c.get(VrrpSchema.USER)), timing);
            }
            case "FILE_CHECK" -> {
                String tf = c.get(CheckerSchema.TRACK_FILE_NAME);
                if (tf == null || !trackFiles.contains(tf)) {
                    diags.error(c.pos(), "FILE_CHECK names no track_file block", tf == null ? "FILE_CHECK" : tf);
                    yield null;
                }
                yield new Checker.FileCheck(tf, c.get(CheckerSchema.FILE_DYNAMIC), c.get(CheckerSchema.FILE_WEIGHT));
            }
            case "BFD_CHECK" -> {
                // keepalived check_bfd.c: a name, of a bfd_instance whose events go to the checker process
                if (!c.isSet(CheckerSchema.BFD_NAME)) {
                    diags.error(c.pos(), "BFD_CHECK has no name", "BFD_CHECK");
                    yield null;
                }
                String name = c.get(CheckerSchema.BFD_NAME);
                BfdInstance b = bfds.get(name);
                if (b == null) {
                    diags.error(c.posOf(CheckerSchema.BFD_NAME), "BFD_CHECK names no bfd_instance", name);
                    yield null;
                }
                if (!b.toChecker()) {
                    diags.error(c.posOf(CheckerSchema.BFD_NAME), "bfd_instance " + name + " sends its events to VRRP only ('vrrp' without 'checker')", name);
                    yield null;
                }
                yield new Checker.BfdCheck(name, c.get(ALPHA));
            }
            default -> null;
        };
    }

    /** keepalived: DNS_CHECK retries after delay_loop unless delay_before_retry is set. */
    private static Duration delayBeforeRetry(BlockSchema kind, Section c) {
        if (kind.name().equals("DNS_CHECK") && !c.isSet(DELAY_BEFORE_RETRY)) {
            return c.get(DELAY_LOOP);
        }
        return c.get(DELAY_BEFORE_RETRY);
    }

    private Checker.HttpCheck http(boolean ssl, Section c, Checker.Connection conn, Checker.Timing timing) {
        List<Checker.Url> urls = new ArrayList<>();
        for (Section u : c.all(CheckerSchema.URL_BLOCK)) {
            if (!u.isSet(CheckerSchema.PATH)) {
                diags.error(u.pos(), "url has no path", "url");
                continue;
            }
            List<Checker.StatusRange> codes = u.isSet(CheckerSchema.STATUS_CODE) ? u.get(CheckerSchema.STATUS_CODE)
                    : List.of(new Checker.StatusRange(200, 299));
            urls.add(new Checker.Url(u.get(CheckerSchema.PATH), Optional.ofNullable(u.get(CheckerSchema.DIGEST)), codes,
                    Optional.ofNullable(u.get(VIRTUALHOST)), UrlRegex.read(u, diags, compat), u.get(CheckerSchema.REGEX_NO_MATCH)));
        }
        if (urls.isEmpty()) {
            diags.error(c.pos(), (ssl ? "SSL_GET" : "HTTP_GET") + " has no url", ssl ? "SSL_GET" : "HTTP_GET");
        }
        return new Checker.HttpCheck(ssl, conn, timing, List.copyOf(urls), c.get(CheckerSchema.HTTP_PROTOCOL),
                Optional.ofNullable(c.get(VIRTUALHOST)), c.get(CheckerSchema.FAST_RECOVERY), c.get(CheckerSchema.ENABLE_SNI));
    }

    private Checker.Connection connection(Section c, InetAddress rsIp, Optional<Integer> rsPort) {
        InetAddress ip = c.isSet(CheckerSchema.CONNECT_IP) ? c.get(CheckerSchema.CONNECT_IP) : rsIp;
        Optional<Integer> port = Optional.ofNullable(c.get(CheckerSchema.CONNECT_PORT)).or(() -> rsPort);
        return new Checker.Connection(ip, port, Optional.ofNullable(c.get(CheckerSchema.BINDTO)),
                bindIfDropped.contains(c) ? Optional.empty() : Optional.ofNullable(c.get(CheckerSchema.BIND_IF)),
                Optional.ofNullable(c.get(CheckerSchema.BIND_PORT)), Optional.ofNullable(c.get(CheckerSchema.FWMARK)));
    }

    /**
     * keepalived's read_hex_str: two hex digits per byte, a digit standing alone before a blank or the end is a byte
     * of its own ("Ab12f 3" is AB 12 0F 03); X is a nibble that matches anything (mask nibble F, value 0).
     */
    static byte[] hex(String s) {
        return hexAndMask(s)[0];
    }

    /** The mask of {@link #hex}: F in each X nibble. */
    static byte[] hexMask(String s) {
        return hexAndMask(s)[1];
    }

    private static byte[][] hexAndMask(String s) {
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream(), mask = new java.io.ByteArrayOutputStream();
        int i = 0;
        while (true) {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
            if (i >= s.length()) {
                break;
            }
            int v = nibble(s.charAt(i)), m = s.charAt(i) == 'x' || s.charAt(i) == 'X' ? 0x0f : 0;
            i++;
            if (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
                v = v << 4 | nibble(s.charAt(i));
                m = m << 4 | (s.charAt(i) == 'x' || s.charAt(i) == 'X' ? 0x0f : 0);
                i++;
            }
            data.write(v);
            mask.write(m);
        }
        return new byte[][]{data.toByteArray(), mask.toByteArray()};
    }

    private static int nibble(char c) {
        return c == 'x' || c == 'X' ? 0 : Character.digit(c, 16);
    }
}
