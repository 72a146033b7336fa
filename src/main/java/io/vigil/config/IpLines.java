package io.vigil.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Value types for the ip-address, ip-route and ip-rule lines of the VRRP and static blocks. */
final class IpLines {
    private static final Set<String> SCOPES = Set.of("site", "link", "host", "nowhere", "global");
    /** keepalived's route type names (lib/rttables.c); each reaches the kernel as its RTN_* type. */
    private static final Set<String> ROUTE_TYPES = Set.of("blackhole", "unreachable", "prohibit", "throw", "local",
            "broadcast", "brd", "anycast", "multicast", "unicast", "nat", "xresolve");
    private static final Set<String> ROUTE_VALUED = Set.of("protocol", "realm", "realms", "mtu", "advmss", "rtt", "rttvar",
            "reordering", "window", "cwnd", "ssthresh", "initcwnd", "initrwnd", "features", "quickack", "congctl", "pref",
            "expires", "hoplimit", "rto_min", "fastopen_no_cookie", "tos", "dsfield", "track_group", "vrf", "encap", "ttl-propagate",
            "lock", "nexthop");
    private static final Set<String> RULE_VALUED = Set.of("tos", "dsfield", "realms", "goto", "suppress_prefixlength",
            "suppress_ifgroup", "uidrange", "ip_proto", "sport", "dport", "protocol", "track_group", "tun_id");
    private static final Set<String> RULE_ACTIONS = Set.of("blackhole", "unreachable", "prohibit", "nop", "goto");

    private IpLines() {
    }

    static ValueType<VirtualIp> virtualIp() {
        return new ValueType<>() {
            @Override
            public VirtualIp parse(Args a) {
                IpPrefix addr = Types.prefix(a, 0);
                if (addr == null) {
                    return null;
                }
                InetAddress brd = null;
                InetAddress peer = null;
                String dev = null;
                String scope = null;
                String label = null;
                boolean home = false;
                boolean noDad = false;
                boolean noPrefixRoute = false;
                boolean autoJoin = false;
                boolean noTrack = false;
                String trackGroup = null;
                for (int i = 1; i < a.size(); i++) {
                    String w = a.text(i);
                    switch (w) {
                        case "brd", "broadcast" -> {
                            if (++i >= a.size()) {
                                return a.error(i - 1, "missing address after '" + w + "'");
                            }
                            brd = Types.address(a, i);
                            if (brd == null) {
                                return null;
                            }
                        }
                        case "peer" -> {
                            if (++i >= a.size()) {
                                return a.error(i - 1, "missing address after 'peer'");
                            }
                            peer = Types.address(a, i);
                            if (peer == null) {
                                return null;
                            }
                        }
                        case "dev" -> {
                            if (++i >= a.size()) {
                                return a.error(i - 1, "missing interface after 'dev'");
                            }
                            dev = a.text(i);
                        }
                        case "scope" -> {
                            if (++i >= a.size()) {
                                return a.error(i - 1, "missing scope");
                            }
                            scope = a.text(i);
                            if (!SCOPES.contains(scope) && !scope.matches("\\d{1,3}")) {
                                return a.error(i, "unknown scope (site|link|host|nowhere|global)");
                            }
                        }
                        case "label" -> {
                            if (++i >= a.size()) {
                                return a.error(i - 1, "missing label");
                            }
                            label = a.text(i);
                        }
                        case "home" -> home = true;
                        case "-nodad" -> noDad = true;
                        case "noprefixroute" -> noPrefixRoute = true;
                        case "autojoin" -> autoJoin = true;
                        case "no_track" -> noTrack = true;
                        case "track" -> noTrack = false;
                        case "track_group" -> {
                            if (++i >= a.size()) {
                                return a.error(i - 1, "missing track_group name");
                            }
                            trackGroup = a.text(i);
                        }
                        case "preferred_lft" -> {
                            if (++i >= a.size()) {
                                return a.error(i - 1, "missing lifetime");
                            }
                        }
                        default -> {
                            return a.errorHint(i, "unknown virtual address option",
                                    EditDistance.suggest(w, List.of("brd", "dev", "scope", "label", "peer", "home", "-nodad",
                                            "noprefixroute", "autojoin", "no_track", "track_group", "preferred_lft")));
                        }
                    }
                }
                return new VirtualIp(addr, Optional.ofNullable(brd), Optional.ofNullable(dev), Optional.ofNullable(scope),
                        Optional.ofNullable(label), Optional.ofNullable(peer), home, noDad, noPrefixRoute, autoJoin, noTrack, Optional.ofNullable(trackGroup), a.pos(0));
            }

            @Override
            public String syntax() {
                return "ADDR[/LEN] [brd IP] [dev IF] [scope SCOPE] [label LABEL] [peer IP] [home] [-nodad] [noprefixroute] [autojoin] [no_track] [track_group NAME (static_ipaddress only)]";
            }

            @Override
            public String format(VirtualIp v) {
                return v.format();
            }
        };
    }

    static ValueType<VirtualRoute> route() {
        return new ValueType<>() {
            @Override
            public VirtualRoute parse(Args a) {
                String type = null;
                IpPrefix dest = null;
                InetAddress src = null;
                InetAddress via = null;
                List<InetAddress> or = new ArrayList<>();
                String dev = null;
                String scope = null;
                String table = null;
                Integer metric = null;
                boolean noTrack = false;
                boolean onlink = false;
                Map<String, String> options = new LinkedHashMap<>();
                for (int i = 0; i < a.size(); i++) {
                    String w = a.text(i);
                    boolean hasNext = i + 1 < a.size();
                    switch (w) {
                        case "src" -> {
                            if (!hasNext || (src = Types.address(a, ++i)) == null) {
                                return hasNext ? null : a.error(i, "missing address after 'src'");
                            }
                        }
                        case "to" -> {
                            if (!hasNext || (dest = Types.prefix(a, ++i)) == null) {
                                return hasNext ? null : a.error(i, "missing prefix after 'to'");
                            }
                        }
                        case "via", "gw" -> {
                            if (w.equals("gw")) {
                                a.warning(i, "'gw' for routes is deprecated, use 'via'");
                            }
                            if (!hasNext || (via = Types.address(a, ++i)) == null) {
                                return hasNext ? null : a.error(i, "missing address after '" + w + "'");
                            }
                        }
                        case "or" -> {
                            a.warning(i, "'or' for routes is deprecated, use 'nexthop'");
                            InetAddress alt;
                            if (!hasNext || (alt = Types.address(a, ++i)) == null) {
                                return hasNext ? null : a.error(i, "missing address after 'or'");
                            }
                            or.add(alt);
                        }
                        case "dev", "oif" -> {
                            if (!hasNext) {
                                return a.error(i, "missing interface after '" + w + "'");
                            }
                            dev = a.text(++i);
                        }
                        case "scope" -> {
                            if (!hasNext) {
                                return a.error(i, "missing scope");
                            }
                            scope = a.text(++i);
                        }
                        case "table" -> {
                            if (!hasNext) {
                                return a.error(i, "missing table");
                            }
                            table = a.text(++i);
                        }
                        case "metric", "preference", "priority" -> {
                            if (!hasNext || (metric = Types.number(a, ++i, 0, 4294967295L)) == null) {
                                return hasNext ? null : a.error(i, "missing metric");
                            }
                        }
                        case "no_track" -> noTrack = true;
                        case "onlink" -> onlink = true;
                        default -> {
                            if (ROUTE_TYPES.contains(w) && type == null && dest == null) {
                                type = w.equals("brd") ? "broadcast" : w;
                                if (w.equals("nat") || w.equals("xresolve")) {
                                    // keepalived sends them too; Linux has refused both since 2.6 (EINVAL, "Invalid scope")
                                    a.warning(i, "the kernel refuses '" + w + "' routes: this route will not be installed");
                                }
                            } else if (ROUTE_VALUED.contains(w)) {
                                if (!hasNext) {
                                    return a.error(i, "missing value after '" + w + "'");
                                }
                                options.put(w, a.text(++i));
                            } else if (dest == null) {
                                dest = Types.prefix(a, i);
                                if (dest == null) {
                                    return null;
                                }
                            } else {
                                return a.error(i, "unknown route option");
                            }
                        }
                    }
                }
                if (dest == null) {
                    return a.error(0, "route without a destination");
                }
                return new VirtualRoute(Optional.ofNullable(type), dest, Optional.ofNullable(src), Optional.ofNullable(via), List.copyOf(or),
                        Optional.ofNullable(dev), Optional.ofNullable(scope), Optional.ofNullable(table), Optional.ofNullable(metric),
                        noTrack, onlink, java.util.Collections.unmodifiableMap(options), a.pos(0));
            }

            @Override
            public String syntax() {
                return "[src IP] [TYPE] [to] PREFIX [via IP] [dev IF] [scope S] [table T] [metric N] [no_track] ...";
            }

            @Override
            public String format(VirtualRoute r) {
                return r.format();
            }
        };
    }

    static ValueType<VirtualRule> rule() {
        return new ValueType<>() {
            @Override
            public VirtualRule parse(Args a) {
                boolean not = false;
                IpPrefix from = null;
                IpPrefix to = null;
                String table = null;
                Integer pref = null;
                String iif = null;
                String oif = null;
                String fwmark = null;
                String action = null;
                boolean noTrack = false;
                Map<String, String> options = new LinkedHashMap<>();
                for (int i = 0; i < a.size(); i++) {
                    String w = a.text(i);
                    boolean hasNext = i + 1 < a.size();
                    if (!hasNext && !Set.of("not", "no_track", "l3mdev", "blackhole", "unreachable", "prohibit", "nop").contains(w)) {
                        return a.error(i, ROUTE_OR_RULE_WORDS.contains(w) ? "missing value after '" + w + "'" : "unknown rule option");
                    }
                    switch (w) {
                        case "not" -> not = true;
                        case "from" -> {
                            i++;
                            if (!a.text(i).equals("all") && (from = Types.prefix(a, i)) == null) {
                                return null;
                            }
                        }
                        case "to" -> {
                            i++;
                            if (!a.text(i).equals("all") && (to = Types.prefix(a, i)) == null) {
                                return null;
                            }
                        }
                        case "table", "lookup" -> table = a.text(++i);
                        case "preference", "priority", "pref", "order" -> {
                            if ((pref = Types.number(a, ++i, 0, 4294967295L)) == null) {
                                return null;
                            }
                        }
                        case "iif", "dev" -> iif = a.text(++i);
                        case "oif" -> oif = a.text(++i);
                        case "fwmark" -> fwmark = a.text(++i);
                        case "no_track" -> noTrack = true;
                        case "l3mdev" -> options.put("l3mdev", "");
                        default -> {
                            if (RULE_ACTIONS.contains(w) && !w.equals("goto")) {
                                action = w;
                            } else if (RULE_VALUED.contains(w)) {
                                options.put(w, a.text(++i));
                            } else {
                                return a.error(i, "unknown rule option");
                            }
                        }
                    }
                }
                if (pref == null) {
                    a.diags().warning(a.pos(0), "rule has no preference; keepalived numbers such rules down from 16384", a.joined(0));
                }
                return new VirtualRule(not, Optional.ofNullable(from), Optional.ofNullable(to), Optional.ofNullable(table),
                        Optional.ofNullable(pref), Optional.ofNullable(iif), Optional.ofNullable(oif), Optional.ofNullable(fwmark),
                        Optional.ofNullable(action), noTrack, java.util.Collections.unmodifiableMap(options), a.pos(0));
            }

            @Override
            public String syntax() {
                return "[not] [from PREFIX] [to PREFIX] [table T] [preference N] [iif IF] [oif IF] [fwmark V[/M]] [no_track] ...";
            }

            @Override
            public String format(VirtualRule r) {
                return r.format();
            }
        };
    }

    private static final Set<String> ROUTE_OR_RULE_WORDS = Set.of("from", "to", "table", "lookup", "preference", "priority",
            "pref", "order", "iif", "dev", "oif", "fwmark", "tos", "dsfield", "realms", "goto", "suppress_prefixlength",
            "suppress_ifgroup", "uidrange", "ip_proto", "sport", "dport", "protocol", "track_group", "tun_id");
}
