package io.vigil.daemon;

import io.vigil.config.Vrrp;
import io.vigil.net.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The nft JSON batches of keepalived's VIP firewall layout (pure), as keepalived 2.2.7 builds it:
 * <pre>
 * table ip NAME   { set vips (ipv4_addr); chain in  (input,  prio)  { ip daddr @vips drop }
 *                                          chain out (output, prio)  { ip saddr @vips drop } }
 * table ip6 NAME  { set vips (ipv6_addr); set neighbor-discovery { nd-neighbor-solicit, nd-neighbor-advert }
 *                   chain in  { icmpv6 type @neighbor-discovery accept; ip6 daddr fe80::/10 goto in_link_local;  ip6 daddr @vips drop }
 *                   chain out { icmpv6 type @neighbor-discovery accept; ip6 saddr fe80::/10 goto out_link_local; ip6 saddr @vips drop }
 *                   link-local VIPs, by interface index: set vips_link_local (ipv6_addr . iface_index),
 *                     chain in_link_local { ip6 daddr . iif @vips_link_local drop }, out_link_local with saddr . oif;
 *                   by interface name (dont_track_primary without nftables_ifindex): set vips_link_local_name
 *                     (ipv6_addr . ifname) with iifname / oifname }
 * </pre>
 * {@code counter} goes before each verdict with {@code nftables_counters}.
 */
final class VipFirewallRules {
    static final String V4 = "ip", V6 = "ip6";
    static final String VIPS = "vips", LINK_LOCAL = "vips_link_local", LINK_LOCAL_NAME = "vips_link_local_name";

    private VipFirewallRules() {}

    /** Replaces any table of that name in {@code family} by keepalived's layout, with the link-local sets named. */
    static String setupBatch(String family, Vrrp.Firewall f, List<String> linkLocalSets) {
        Map<String, Object> table = Json.obj("family", family, "name", f.table());
        List<Object> cmds = Json.arr(
                Json.obj("add", Json.obj("table", table)),
                Json.obj("delete", Json.obj("table", table)),
                Json.obj("add", Json.obj("table", table)),
                Json.obj("add", Json.obj("chain", hooked(family, f, "in", "input"))),
                Json.obj("add", Json.obj("chain", hooked(family, f, "out", "output"))),
                Json.obj("add", Json.obj("set", Json.obj("family", family, "table", f.table(), "name", VIPS,
                        "type", family.equals(V4) ? "ipv4_addr" : "ipv6_addr"))));
        if (family.equals(V6)) {
            cmds.add(Json.obj("add", Json.obj("set", Json.obj("family", V6, "table", f.table(), "name", "neighbor-discovery",
                    "type", "icmpv6_type", "flags", Json.arr("constant"), "elem", Json.arr("nd-neighbor-solicit", "nd-neighbor-advert")))));
            for (String[] c : new String[][] {{"in", "daddr"}, {"out", "saddr"}})
                cmds.add(rule(family, f, c[0], Json.obj("match", Json.obj("op", "==", "left", Json.obj("payload", Json.obj("protocol", "icmpv6",
                        "field", "type")), "right", "@neighbor-discovery")), Json.obj("accept", null)));
            if (!linkLocalSets.isEmpty()) cmds.addAll(linkLocalChains(f));
        }
        cmds.add(rule(family, f, "in", match(family, "daddr", "@" + VIPS), Json.obj("drop", null)));
        cmds.add(rule(family, f, "out", match(family, "saddr", "@" + VIPS), Json.obj("drop", null)));
        for (String set : linkLocalSets) cmds.addAll(linkLocalSet(f, set));
        return Json.write(Json.obj("nftables", cmds));
    }

    /** The chains in_link_local and out_link_local, and the rules of in and out that jump to them. */
    static List<Object> linkLocalChains(Vrrp.Firewall f) {
        List<Object> cmds = new ArrayList<>();
        for (String[] c : new String[][] {{"in", "daddr"}, {"out", "saddr"}}) {
            cmds.add(Json.obj("add", Json.obj("chain", Json.obj("family", V6, "table", f.table(), "name", c[0] + "_link_local"))));
            cmds.add(rule(V6, f, c[0], match(V6, c[1], Json.obj("prefix", Json.obj("addr", "fe80::", "len", 10))),
                    Json.obj("goto", Json.obj("target", c[0] + "_link_local"))));
        }
        return cmds;
    }

    /** A link-local set ({@link #LINK_LOCAL} or {@link #LINK_LOCAL_NAME}) and its drop rules in the link-local chains. */
    static List<Object> linkLocalSet(Vrrp.Firewall f, String set) {
        boolean byName = set.equals(LINK_LOCAL_NAME);
        List<Object> cmds = new ArrayList<>();
        cmds.add(Json.obj("add", Json.obj("set", Json.obj("family", V6, "table", f.table(), "name", set,
                "type", Json.arr("ipv6_addr", byName ? "ifname" : "iface_index")))));
        for (String[] c : new String[][] {{"in", "daddr", "iif"}, {"out", "saddr", "oif"}}) {
            Object left = Json.obj("concat", Json.arr(Json.obj("payload", Json.obj("protocol", V6, "field", c[1])),
                    Json.obj("meta", Json.obj("key", c[2] + (byName ? "name" : "")))));
            cmds.add(rule(V6, f, c[0] + "_link_local", Json.obj("match", Json.obj("op", "==", "left", left, "right", "@" + set)),
                    Json.obj("drop", null)));
        }
        return cmds;
    }

    /** Adds ({@code verb} add) or deletes elements of one set. */
    static Map<String, Object> elements(String verb, String family, String table, String set, List<Object> elems) {
        return Json.obj(verb, Json.obj("element", Json.obj("family", family, "table", table, "name", set, "elem", new ArrayList<>(elems))));
    }

    static String deleteTable(String family, String table) {
        return Json.write(Json.obj("nftables", Json.arr(Json.obj("delete", Json.obj("table", Json.obj("family", family, "name", table))))));
    }

    private static Map<String, Object> hooked(String family, Vrrp.Firewall f, String name, String hook) {
        return Json.obj("family", family, "table", f.table(), "name", name, "type", "filter", "hook", hook, "prio", f.priority(),
                "policy", "accept");
    }

    private static Map<String, Object> match(String family, String field, Object right) {
        return Json.obj("match", Json.obj("op", "==", "left", Json.obj("payload", Json.obj("protocol", family, "field", field)), "right", right));
    }

    private static Map<String, Object> rule(String family, Vrrp.Firewall f, String chain, Map<String, Object> match, Map<String, Object> verdict) {
        List<Object> expr = Json.arr(match);
        if (f.counters()) expr.add(Json.obj("counter", Json.obj("packets", 0, "bytes", 0)));
        expr.add(verdict);
        return Json.obj("add", Json.obj("rule", Json.obj("family", family, "table", f.table(), "chain", chain, "expr", expr)));
    }
}
