package io.vigil.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static io.vigil.config.GlobalSchema.*;

/** Builds {@link GlobalDefs} from the global_defs section. */
final class GlobalModelBuilder {
    private GlobalModelBuilder() {
    }

    /** The option words of lvs_sync_daemon: a word after the interface that is none of these names the instance. */
    private static final java.util.Set<String> SYNC_DAEMON_OPTIONS = java.util.Set.of("id", "maxlen", "port", "ttl", "group");

    static GlobalDefs build(Section g, Diagnostics diags) {
        return build(g, null, diags);
    }

    /** {@code root}: the top level, where keepalived also takes net_namespace and instance (null: none). */
    static GlobalDefs build(Section g, Section root, Diagnostics diags) {
        Optional<GlobalDefs.LvsSyncDaemon> syncd = Optional.empty();
        if (g.isSet(LVS_SYNC_DAEMON)) {
            // keepalived 2.2.7: lvs_sync_daemon INTERFACE [[inst] VRRP_INSTANCE] [id N] [maxlen N] [port N] [ttl N] [group IP];
            // without an instance both daemons (master and backup) run all the time.
            String[] w = g.get(LVS_SYNC_DAEMON).trim().split("\\s+");
            int next = 1;
            String instance = "";
            if (next < w.length && w[next].equals("inst")) {
                if (next + 1 >= w.length) diags.error(g.posOf(LVS_SYNC_DAEMON), "lvs_sync_daemon: 'inst' needs a VRRP_INSTANCE", g.get(LVS_SYNC_DAEMON));
                else instance = w[next + 1];
                next += 2;
            } else if (next < w.length && !SYNC_DAEMON_OPTIONS.contains(w[next])) {
                instance = w[next++];
            }
            Optional<Integer> id = Optional.empty();
            for (int i = next; i + 1 < w.length; i++) {
                if (w[i].equals("id") && w[i + 1].matches("\\d{1,3}") && Integer.parseInt(w[i + 1]) <= 255) {
                    id = Optional.of(Integer.parseInt(w[i + 1]));
                }
            }
            syncd = Optional.of(new GlobalDefs.LvsSyncDaemon(w[0], instance, id,
                    String.join(" ", java.util.Arrays.copyOfRange(w, Math.min(next, w.length), w.length))));
        }
        // vrrp_min_garp changes only the defaults (keepalived: the values still at their defaults when it is read).
        boolean minGarp = g.get(VRRP_MIN_GARP);
        var masterDelay = minGarp && !g.isSet(VRRP_GARP_MASTER_DELAY) ? java.time.Duration.ZERO : g.get(VRRP_GARP_MASTER_DELAY);
        int masterRepeat = minGarp && !g.isSet(VRRP_GARP_MASTER_REPEAT) ? 1 : g.get(VRRP_GARP_MASTER_REPEAT);
        // keepalived's refresh repeat becomes 0 (no GARP per refresh) unless written, and its refresh default is 0.
        var refresh = minGarp && !(g.isSet(VRRP_GARP_MASTER_REFRESH) && g.isSet(VRRP_GARP_MASTER_REFRESH_REPEAT))
                ? java.time.Duration.ZERO : g.get(VRRP_GARP_MASTER_REFRESH);
        Vrrp.Garp garp = new Vrrp.Garp(masterDelay, masterRepeat,
                g.isSet(VRRP_GARP_LOWER_PRIO_DELAY) ? g.get(VRRP_GARP_LOWER_PRIO_DELAY) : masterDelay,
                g.isSet(VRRP_GARP_LOWER_PRIO_REPEAT) ? g.get(VRRP_GARP_LOWER_PRIO_REPEAT) : masterRepeat,
                refresh, g.get(VRRP_GARP_MASTER_REFRESH_REPEAT));
        if (g.isSet(SMTP_SERVER)) {
            String[] w = g.get(SMTP_SERVER).trim().split("\\s+");
            if (w.length > 2 || (w.length == 2 && !(w[1].matches("\\d{1,5}") && Integer.parseInt(w[1]) >= 1 && Integer.parseInt(w[1]) <= 65535))) {
                diags.error(g.posOf(SMTP_SERVER), "smtp_server takes a host and an optional port 1..65535", g.get(SMTP_SERVER));
            }
        }
        GlobalDefs.AlertDefaults alerts = new GlobalDefs.AlertDefaults(optional(g, SMTP_ALERT), optional(g, SMTP_ALERT_VRRP),
                optional(g, SMTP_ALERT_CHECKER), g.get(NO_EMAIL_FAULTS), g.get(NO_CHECKER_EMAILS));
        Map<String, String> unsupported = new LinkedHashMap<>();
        for (Keyword<?> k : g.schema().keywords()) {
            if (k.kind() == Keyword.Kind.RAW && g.isSet(k)) {
                unsupported.put(k.name(), String.valueOf(g.stored(k)));
            }
        }
        return new GlobalDefs(Optional.ofNullable(g.get(ROUTER_ID)), java.util.List.copyOf(g.get(NOTIFICATION_EMAIL)),
                Optional.ofNullable(g.get(NOTIFICATION_EMAIL_FROM)), Optional.ofNullable(g.get(SMTP_SERVER)), g.get(SMTP_CONNECT_TIMEOUT),
                Optional.ofNullable(g.get(SMTP_HELO_NAME)), alerts, g.get(VRRP_MCAST_GROUP4), g.get(VRRP_MCAST_GROUP6),
                Optional.ofNullable(g.get(DEFAULT_INTERFACE)), syncd, garp, g.get(VRRP_GARP_INTERVAL), g.get(VRRP_GNA_INTERVAL),
                g.get(VRRP_VERSION), g.get(VRRP_STRICT), g.get(VRRP_SKIP_CHECK_ADV_ADDR), g.get(VRRP_CHECK_UNICAST_SRC),
                g.get(ENABLE_SCRIPT_SECURITY), Optional.ofNullable(g.get(SCRIPT_USER)), !g.isSet(DYNAMIC_INTERFACES) ? GlobalDefs.DynamicInterfaces.off
                        : g.get(DYNAMIC_INTERFACES).isEmpty() ? GlobalDefs.DynamicInterfaces.on : GlobalDefs.DynamicInterfaces.allow_if_changes, g.get(VIGIL_DATA_PLANE), g.get(VIGIL_PROXY_ENGINE),
                new GlobalDefs.VrrpScheduling(Optional.ofNullable(g.get(VRRP_PRIORITY)), Optional.ofNullable(g.get(VRRP_RT_PRIORITY))),
                new GlobalDefs.NotifyFifos(Optional.ofNullable(g.get(NOTIFY_FIFO)), Optional.ofNullable(g.get(NOTIFY_FIFO_SCRIPT)),
                        Optional.ofNullable(g.get(VRRP_NOTIFY_FIFO)), Optional.ofNullable(g.get(VRRP_NOTIFY_FIFO_SCRIPT)),
                        g.get(VRRP_NOTIFY_PRIORITY_CHANGES), Optional.ofNullable(g.get(LVS_NOTIFY_FIFO)), Optional.ofNullable(g.get(LVS_NOTIFY_FIFO_SCRIPT)),
                        g.get(FIFO_WRITE_VRRP_STATES_ON_RELOAD)),
                Map.copyOf(unsupported), snmp(g, diags), vigilHttp(g, diags),
                new GlobalDefs.LvsFlush(g.get(LVS_FLUSH), g.isSet(LVS_FLUSH_ON_STOP) && g.get(LVS_FLUSH_ON_STOP).isEmpty()),
                Optional.ofNullable(g.get(UMASK)),
                new GlobalDefs.ProcessNames(Optional.ofNullable(g.get(PROCESS_NAME)),
                        Optional.ofNullable(g.get(VRRP_PROCESS_NAME)).or(() -> g.get(PROCESS_NAMES) ? Optional.of("keepalived_vrrp") : Optional.empty()),
                        Optional.ofNullable(g.get(CHECKER_PROCESS_NAME)).or(() -> g.get(PROCESS_NAMES) ? Optional.of("keepalived_lvs") : Optional.empty()),
                        Optional.ofNullable(g.get(BFD_PROCESS_NAME)).or(() -> g.get(PROCESS_NAMES) ? Optional.of("keepalived_bfd") : Optional.empty())),
                g.get(LOG_UNKNOWN_VRIDS),
                new GlobalDefs.VrrpScheduling(Optional.ofNullable(g.get(BfdSchema.BFD_PRIORITY)), Optional.ofNullable(g.get(BfdSchema.BFD_RT_PRIORITY))),
                tuning(g, diags),
                new GlobalDefs.StartStopScripts(Optional.ofNullable(g.get(STARTUP_SCRIPT)), g.get(STARTUP_SCRIPT_TIMEOUT),
                        Optional.ofNullable(g.get(SHUTDOWN_SCRIPT)), g.get(SHUTDOWN_SCRIPT_TIMEOUT)),
                lvsTimeouts(g, diags),
                new GlobalDefs.Placement(either(g, root, NET_NAMESPACE), either(g, root, INSTANCE), g.get(DATA_USE_INSTANCE),
                        either(g, root, NET_NAMESPACE_IPVS)),
                vrrpOptions(g, root, diags),
                g.isSet(CHILD_WAIT_TIME) || root == null || !root.isSet(CHILD_WAIT_TIME) ? g.get(CHILD_WAIT_TIME) : root.get(CHILD_WAIT_TIME),
                Optional.ofNullable(g.get(RELOAD_CHECK_CONFIG)).map(f -> f.isEmpty() ? "/dev/null" : f),
                g.get(RS_INIT_NOTIFIES),
                new GlobalDefs.ReloadSchedule(Optional.ofNullable(g.get(RELOAD_TIME_FILE)), g.get(RELOAD_REPEAT), Optional.ofNullable(g.get(RELOAD_FILE)),
                        Optional.ofNullable(g.get(CONFIG_SAVE_DIR)).map(d -> d.length() > 1 && d.endsWith("/") ? d.substring(0, d.length() - 1) : d)));
    }

    private static Optional<String> either(Section g, Section root, Keyword<String> k) {
        if (g.isSet(k)) return Optional.ofNullable(g.get(k));
        return root != null && root.isSet(k) ? Optional.ofNullable(root.get(k)) : Optional.empty();
    }

    /** keepalived's LVS_MAX_TIMEOUT: 31 days. */
    private static final int LVS_MAX_TIMEOUT_SECONDS = 86400 * 31;

    /** {@code lvs_timeouts [tcp N] [tcpfin N] [udp N]}, in any order, as keepalived reads it. */
    private static Vrrp.Options vrrpOptions(Section g, Section root, Diagnostics diags) {
        VrrpGlobalSchema.sayFirewallMapping(g, diags);
        boolean polling = g.get(LINKBEAT_USE_POLLING) || (root != null && root.get(LINKBEAT_USE_POLLING));
        java.util.List<String> names = new java.util.ArrayList<>();
        if (root != null) {
            for (String line : root.get(LINKBEAT_INTERFACES)) {
                String[] w = line.trim().split("\\s+");
                if (w.length > 2 || (w.length == 2 && !w[1].matches("MII|ETHTOOL|IOCTL")) || w[0].length() > 15) {
                    diags.error(root.posOf(LINKBEAT_INTERFACES), "a linkbeat_interfaces line is an interface name and an optional MII, ETHTOOL or IOCTL", line);
                    continue;
                }
                if (!names.contains(w[0])) names.add(w[0]);
            }
        }
        java.util.List<Vrrp.UpDownDelay> delays = new java.util.ArrayList<>();
        if (root != null) {
            for (String line : root.get(INTERFACE_UP_DOWN_DELAYS)) {
                if (line.trim().split("\\s+").length == 1) {
                    diags.warning(root.posOf(INTERFACE_UP_DOWN_DELAYS), "no delays given for " + line.trim() + "; ignored, as keepalived does", line);
                    continue;
                }
                Vrrp.UpDownDelay d = upDownDelay(line);
                if (d == null) diags.error(root.posOf(INTERFACE_UP_DOWN_DELAYS),
                        "an interface_up_down_delays line is an interface name, a down delay and an optional up delay, in seconds 0..255", line);
                else if (delays.stream().anyMatch(x -> x.interfaceName().equals(d.interfaceName()))) delays.replaceAll(x -> x.interfaceName().equals(d.interfaceName()) ? d : x);
                else delays.add(d);
            }
        }
        return VrrpGlobalSchema.options(g).withLinks(polling, names, delays, garpGroups(root, diags));
    }

    /** keepalived: a group without any interval is removed (an error); an interface already in a group stays in the first. */
    private static java.util.List<Vrrp.GarpGroup> garpGroups(Section root, Diagnostics diags) {
        java.util.List<Vrrp.GarpGroup> out = new java.util.ArrayList<>();
        if (root == null) return out;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Section s : root.all(GARP_GROUP)) {
            if (!s.isSet(GROUP_GARP_INTERVAL) && !s.isSet(GROUP_GNA_INTERVAL)) {
                diags.error(s.pos(), "a garp_group needs garp_interval or gna_interval", "garp_group");
                continue;
            }
            java.util.List<String> names = new java.util.ArrayList<>();
            if (s.isSet(GROUP_INTERFACE)) names.add(s.get(GROUP_INTERFACE));
            names.addAll(s.get(GROUP_INTERFACES));
            java.util.List<String> mine = new java.util.ArrayList<>();
            for (String n : names) {
                if (seen.add(n)) mine.add(n);
                else diags.warning(s.pos(), "garp_group already given for " + n + "; ignored here, as keepalived does", n);
            }
            out.add(new Vrrp.GarpGroup(Optional.ofNullable(s.isSet(GROUP_GARP_INTERVAL) ? s.get(GROUP_GARP_INTERVAL) : null),
                    Optional.ofNullable(s.isSet(GROUP_GNA_INTERVAL) ? s.get(GROUP_GNA_INTERVAL) : null), java.util.List.copyOf(mine)));
        }
        return out;
    }

    /** {@code IFNAME DOWN [UP]}, seconds 0..255 to the microsecond; null when malformed. */
    private static Vrrp.UpDownDelay upDownDelay(String line) {
        String[] w = line.trim().split("\\s+");
        if (w.length < 2 || w.length > 3 || w[0].length() > 15) return null;
        java.time.Duration down = seconds(w[1]), up = w.length == 3 ? seconds(w[2]) : java.time.Duration.ZERO;
        return down == null || up == null ? null : new Vrrp.UpDownDelay(w[0], down, up);
    }

    private static java.time.Duration seconds(String s) {
        if (!s.matches("\\d{1,3}(\\.\\d{1,6})?")) return null;
        java.math.BigDecimal v = new java.math.BigDecimal(s);
        if (v.compareTo(java.math.BigDecimal.valueOf(255)) > 0) return null;
        return java.time.Duration.ofNanos(v.movePointRight(6).longValueExact() * 1000);
    }

    private static GlobalDefs.LvsTimeouts lvsTimeouts(Section g, Diagnostics diags) {
        if (!g.isSet(LVS_TIMEOUTS)) return GlobalDefs.LvsTimeouts.NONE;
        String[] w = g.get(LVS_TIMEOUTS).trim().split("\\s+");
        int[] v = new int[3];
        java.util.List<String> names = java.util.List.of("tcp", "tcpfin", "udp");
        if (w.length < 2) diags.error(g.posOf(LVS_TIMEOUTS), "lvs_timeouts needs at least one of tcp, tcpfin, udp with a value", g.get(LVS_TIMEOUTS));
        for (int i = 0; i < w.length; i++) {
            int which = names.indexOf(w[i]);
            if (which < 0) {
                diags.error(g.posOf(LVS_TIMEOUTS), "lvs_timeouts: unknown option '" + w[i] + "' (tcp, tcpfin, udp)", w[i]);
                continue;
            }
            if (i + 1 >= w.length || !w[i + 1].matches("\\d{1,8}") || Long.parseLong(w[i + 1]) > LVS_MAX_TIMEOUT_SECONDS) {
                diags.error(g.posOf(LVS_TIMEOUTS), "lvs_timeouts " + w[i] + " needs seconds 0.." + LVS_MAX_TIMEOUT_SECONDS, w[i]);
                i++;
                continue;
            }
            v[which] = Integer.parseInt(w[++i]);
        }
        return new GlobalDefs.LvsTimeouts(v[0], v[1], v[2]);
    }

    private static GlobalDefs.Tuning tuning(Section g, Diagnostics diags) {
        if (g.isSet(VRRP_RLIMIT_RTTIME) && !g.isSet(VRRP_RT_PRIORITY)) {
            // keepalived keeps the value for a later automatic realtime priority; without vrrp_rt_priority it sets nothing.
            diags.warning(g.posOf(VRRP_RLIMIT_RTTIME), "vrrp_rlimit_rttime acts only with vrrp_rt_priority (as in keepalived): no limit is set",
                    "vrrp_rlimit_rttime");
        }
        return new GlobalDefs.Tuning(
                new GlobalDefs.ProcessTuning(g.get(VRRP_NO_SWAP), cpus(g, VRRP_CPU_AFFINITY),
                        g.isSet(VRRP_RT_PRIORITY) ? Optional.ofNullable(g.get(VRRP_RLIMIT_RTTIME)) : Optional.empty(), Optional.empty()),
                new GlobalDefs.ProcessTuning(g.get(CHECKER_NO_SWAP), cpus(g, CHECKER_CPU_AFFINITY), Optional.empty(),
                        Optional.ofNullable(g.get(CHECKER_PRIORITY))),
                new GlobalDefs.ProcessTuning(g.get(BFD_NO_SWAP), cpus(g, BFD_CPU_AFFINITY), Optional.empty(), Optional.empty()));
    }

    private static java.util.List<Integer> cpus(Section g, Keyword<java.util.List<Integer>> k) {
        return g.isSet(k) && g.get(k) != null ? g.get(k) : java.util.List.of();
    }

    private static GlobalDefs.Snmp snmp(Section g, Diagnostics diags) {
        String socket = g.get(SNMP_SOCKET);
        if (socket != null && !socket.matches("unix:/.+|/.+|(tcp:)?(\\[[0-9A-Fa-f:.]+\\]|[^:\\[\\]/]+):\\d{1,5}")) {
            diags.error(g.posOf(SNMP_SOCKET), "snmp_socket must be unix:PATH or tcp:HOST:PORT (AgentX runs over a stream socket)", socket);
        }
        boolean rfc = g.get(ENABLE_SNMP_RFC);
        return new GlobalDefs.Snmp(g.get(ENABLE_SNMP_VRRP), g.get(ENABLE_SNMP_CHECKER), rfc || g.get(ENABLE_SNMP_RFCV2),
                rfc || g.get(ENABLE_SNMP_RFCV3), g.get(ENABLE_TRAPS), Optional.ofNullable(socket));
    }

    private static Optional<Boolean> optional(Section g, Keyword<Boolean> k) {
        return g.isSet(k) ? Optional.of(g.get(k)) : Optional.empty();
    }

    /** The token and TLS keywords only mean something with an endpoint: refused alone rather than ignored. */
    private static GlobalDefs.VigilHttp vigilHttp(Section g, Diagnostics diags) {
        if (!g.isSet(VIGIL_HTTP)) {
            if (g.isSet(VIGIL_HTTP_TOKEN)) diags.error(g.posOf(VIGIL_HTTP_TOKEN), "vigil_http_token needs vigil_http ADDRESS:PORT", "vigil_http_token");
            if (g.isSet(VIGIL_HTTP_TLS)) diags.error(g.posOf(VIGIL_HTTP_TLS), "vigil_http_tls needs vigil_http ADDRESS:PORT", "vigil_http_tls");
            return GlobalDefs.VigilHttp.OFF;
        }
        return new GlobalDefs.VigilHttp(Optional.of(g.get(VIGIL_HTTP)), Optional.ofNullable(g.get(VIGIL_HTTP_TOKEN)),
                Optional.ofNullable(g.get(VIGIL_HTTP_TLS)));
    }

    static GlobalDefs withSyncDaemon(GlobalDefs d, GlobalDefs.LvsSyncDaemon s) {
        return new GlobalDefs(d.routerId(), d.notificationEmails(), d.notificationEmailFrom(), d.smtpServer(), d.smtpConnectTimeout(),
                d.smtpHeloName(), d.smtpAlert(), d.vrrpMcastGroup4(), d.vrrpMcastGroup6(), d.defaultInterface(), Optional.of(s), d.vrrpGarp(),
                d.vrrpGarpInterval(), d.vrrpGnaInterval(), d.vrrpVersion(), d.vrrpStrict(), d.vrrpSkipCheckAdvAddr(), d.vrrpCheckUnicastSrc(),
                d.enableScriptSecurity(), d.scriptUser(), d.dynamicInterfaces(), d.dataPlane(), d.proxyEngine(), d.vrrpScheduling(), d.notifyFifos(), d.unsupported(), d.snmp(), d.vigilHttp(), d.lvsFlush(), d.umask(), d.processNames(), d.logUnknownVrids(), d.bfdScheduling(), d.tuning(), d.startStopScripts(), d.lvsTimeouts(), d.placement(), d.vrrpOptions(), d.childWaitSeconds(), d.reloadCheckLog(), d.rsInitNotifies(), d.reloadSchedule());
    }
}
