package io.vigil.lb.nft;

import io.vigil.lb.Forwarding;
import io.vigil.lb.Persistence;
import io.vigil.lb.Protocol;
import io.vigil.lb.RealServer;
import io.vigil.lb.SchedulerFlag;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.VirtualService;
import io.vigil.lb.sched.Scheduler;
import io.vigil.lb.sched.SchedulerTables;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.vigil.net.Json.arr;
import static io.vigil.net.Json.obj;

/**
 * Builds the nftables JSON batch (libnftables schema) that makes table {@code vigil} of one family hold exactly the
 * given virtual services (pure). The table is Vigil's alone; nothing outside it is touched.
 *
 * <pre>
 * table ip vigil
 *   chain prerouting  (nat, prerouting, dstnat)  jump services      ─ traffic arriving for a VIP
 *   chain output      (nat, output, dstnat)      jump services      ─ traffic from the director itself
 *   chain services    ip daddr VIP tcp dport P goto svc_ID  |  meta mark M goto svc_ID
 *   chain svc_ID      [persistence: saddr&mask in @p_ID_RS → refresh, goto rs_ID_RS]  (per available server)
 *                     numgen inc mod N vmap {…} | jhash … mod 256 vmap {…}  (the scheduler)
 *                     reject (ICMP port unreachable)                  (no server available, as IPVS)
 *   chain rs_ID_RS    [update @p_ID_RS {saddr&mask}] counter conn_ID_RS dnat to RS:PORT
 *   map   cnt_in      VIP . RS . RSPORT : in_ID_RS      ─ counters by key: one lookup per packet, whatever
 *   map   cnt_out     VIP . RS . RSPORT : out_ID_RS       the number of services and servers
 *   chain counting    (filter, forward)  ct direction original counter name ct original daddr . daddr . th dport map @cnt_in
 *                                        ct direction reply    counter name ct original daddr . saddr . th sport map @cnt_out
 *                                        [per-server rules for what a key cannot name: fwmark services, server port 0]
 * </pre>
 *
 * Only new connections pass the nat chains, so weight 0 and removal drain: established connections keep their
 * conntrack NAT binding. Every apply is one batch (one kernel transaction): flush our chains, delete what is no
 * longer needed, add the rest — atomic, and dynamic persistence sets and counters survive edits.
 */
public final class NftRuleset {
    private NftRuleset() {}

    public static final String TABLE = "vigil";
    static final int SH_BUCKETS = 256, MH_SLOTS = 4093, MAX_EXPANDED_PERIOD = 4096;
    private static final int DSTNAT_PRIORITY = -100;
    private static final List<String> BASE_CHAINS = List.of("prerouting", "output", "services", "counting");
    static final String COUNT_IN = "cnt_in", COUNT_OUT = "cnt_out";

    /** Counter-map elements being collected for the counting chain, and the keys already taken. */
    private record CountMaps(List<Object> in, List<Object> out, Set<List<Object>> keys) {
        CountMaps() {
            this(new ArrayList<>(), new ArrayList<>(), new java.util.HashSet<>());
        }
    }

    /** What the table holds now (names only), read back from {@code nft -j list table}. */
    public record Existing(boolean table, Set<String> chains, Set<String> sets, Set<String> counters) {
        public static final Existing NONE = new Existing(false, Set.of(), Set.of(), Set.of());
    }

    public static String family(ServiceKey k) {
        return k.ipv6() ? "ip6" : "ip";
    }

    static String id(ServiceKey k) {
        return switch (k) {
            case ServiceKey.Ip ip -> ip.protocol().name().toLowerCase() + "_" + addrId(ip.address()) + "_" + ip.port();
            case ServiceKey.Fwmark fw -> "fwm_" + Integer.toUnsignedString(fw.mark());
        };
    }

    static String id(RealServer.Key k) {
        return addrId(k.address()) + "_" + k.port();
    }

    private static String addrId(InetAddress a) {
        return a.getHostAddress().replace('.', '_').replace(':', '_');
    }

    static String serverChain(ServiceKey s, RealServer.Key r) {
        return "rs_" + id(s) + "__" + id(r);
    }

    static String persistSet(VirtualService s, RealServer.Key r) {
        Persistence p = s.persistence();
        return "p_" + id(s.key()) + "__" + id(r) + "_" + p.timeoutSeconds() + "_" + p.granularityPrefixLength();
    }

    public static String connCounter(ServiceKey s, RealServer.Key r) {
        return "conn_" + id(s) + "__" + id(r);
    }

    public static String inCounter(ServiceKey s, RealServer.Key r) {
        return "in_" + id(s) + "__" + id(r);
    }

    public static String outCounter(ServiceKey s, RealServer.Key r) {
        return "out_" + id(s) + "__" + id(r);
    }

    /** What this back end cannot express, one sentence per problem. */
    public static List<String> unsupported(List<VirtualService> services) {
        List<String> out = new ArrayList<>();
        for (VirtualService s : services) {
            switch (s.scheduler()) {
                case LC, WLC, SED, NQ, LBLC, LBLCR, OVF -> out.add("virtual_server " + s.key() + ": scheduler " + s.scheduler().ipvsName()
                        + " needs live connection counts when scheduling, which an nftables rule cannot consult (use rr, wrr, sh, dh, mh or fo, or vigil_data_plane proxy)");
                default -> { }
            }
            if (s.persistence().enabled() && s.persistence().hasEngine())
                out.add("virtual_server " + s.key() + ": persistence_engine " + s.persistence().engine() + " is an IPVS persistence engine; nftables has none");
            if (s.onePacket()) out.add("virtual_server " + s.key() + ": ops (one-packet scheduling) cannot be done by nftables NAT, which schedules per conntrack entry");
            for (RealServer r : s.servers()) {
                if (r.forwarding() != Forwarding.NAT)
                    out.add("virtual_server " + s.key() + " real_server " + r.key() + ": lb_kind " + r.forwarding() + " needs IPVS; nftables does NAT only");
                if (r.upperThreshold() > 0 || r.lowerThreshold() > 0)
                    out.add("virtual_server " + s.key() + " real_server " + r.key() + ": uthreshold/lthreshold need connection counts when scheduling, which an nftables rule cannot consult");
                if (r.address() instanceof Inet6Address != s.key().ipv6())
                    out.add("virtual_server " + s.key() + " real_server " + r.key() + ": address family differs from the virtual server's");
            }
        }
        return out;
    }

    /** The batch for one family's table; an empty list when nothing needs doing (no services, no table). */
    public static List<Object> batch(String family, List<VirtualService> services, Existing existing) {
        List<Object> cmds = new ArrayList<>();
        Map<String, Object> table = obj("family", family, "name", TABLE);
        if (services.isEmpty()) {
            if (existing.table()) cmds.add(obj("delete", obj("table", table)));
            return cmds;
        }
        cmds.add(obj("add", obj("table", table)));
        cmds.add(add("chain", family, "prerouting", "type", "nat", "hook", "prerouting", "prio", DSTNAT_PRIORITY, "policy", "accept"));
        cmds.add(add("chain", family, "output", "type", "nat", "hook", "output", "prio", DSTNAT_PRIORITY, "policy", "accept"));
        cmds.add(add("chain", family, "services"));
        cmds.add(add("chain", family, "counting", "type", "filter", "hook", "forward", "prio", -1, "policy", "accept"));
        for (String c : existing.chains()) cmds.add(obj("flush", obj("chain", obj("family", family, "table", TABLE, "name", c))));
        // Counter maps are refilled: flushed before stale counters they may reference are deleted.
        for (String m : List.of(COUNT_IN, COUNT_OUT))
            if (existing.sets().contains(m)) cmds.add(obj("flush", obj("map", obj("family", family, "table", TABLE, "name", m))));

        Set<String> chains = new LinkedHashSet<>(BASE_CHAINS), sets = new LinkedHashSet<>(), counters = new LinkedHashSet<>();
        List<Object> rules = new ArrayList<>();
        rules.add(rule(family, "prerouting", arr(obj("jump", obj("target", "services")))));
        rules.add(rule(family, "output", arr(obj("jump", obj("target", "services")))));
        List<Object> adds = new ArrayList<>();
        CountMaps maps = new CountMaps();
        for (VirtualService s : services) serviceRules(family, s, chains, sets, counters, adds, rules, maps);
        countingMaps(family, maps, sets, adds, rules);

        for (String c : existing.chains()) if (!chains.contains(c)) cmds.add(del("chain", family, c));
        for (String c : existing.sets()) if (!sets.contains(c)) cmds.add(del("set", family, c));
        for (String c : existing.counters()) if (!counters.contains(c)) cmds.add(del("counter", family, c));
        // A persistence set that exists is kept as it is, not added again: the kernel marks a set updated from the
        // packet path "dynamic", and nft's JSON cannot name that flag, so an identical add fails with "File exists".
        for (Object a : adds) {
            String set = addedSetName(a);
            if (set == null || !existing.sets().contains(set)) cmds.add(a);
        }
        cmds.addAll(rules);
        return cmds;
    }

    private static void serviceRules(String f, VirtualService s, Set<String> chains, Set<String> sets, Set<String> counters,
                                     List<Object> adds, List<Object> rules, CountMaps maps) {
        String svc = serviceChain(s.key());
        chains.add(svc);
        adds.add(add("chain", f, svc));
        rules.add(rule(f, "services", dispatch(f, s.key(), svc)));
        for (RealServer r : s.servers()) {
            serverObjects(f, s, r, chains, sets, counters, adds, rules);
            List<Object> key = counterKey(s, r);
            if (key != null && maps.keys().add(key)) {
                maps.in().add(arr(obj("concat", key), inCounter(s.key(), r.key())));
                maps.out().add(arr(obj("concat", key), outCounter(s.key(), r.key())));
            } else {
                // No key for it (fwmark: no VIP; server port 0: any port), or a second service on the same VIP
                // sending to the same server port: a rule of its own, evaluated for every forwarded packet.
                rules.add(rule(f, "counting", counting(f, s.key(), r, true, inCounter(s.key(), r.key()))));
                rules.add(rule(f, "counting", counting(f, s.key(), r, false, outCounter(s.key(), r.key()))));
            }
        }
        rules.addAll(serviceChainRules(f, s));
    }

    /** The name of the set an {@code add set} command adds, else null. */
    @SuppressWarnings("unchecked")
    private static String addedSetName(Object cmd) {
        if (cmd instanceof Map<?, ?> m && m.get("add") instanceof Map<?, ?> a && a.get("set") instanceof Map<?, ?> set)
            return (String) set.get("name");
        return null;
    }

    static String serviceChain(ServiceKey k) {
        return "svc_" + id(k);
    }

    /** The key of a server's counters in the counter maps (VIP . server . port), or null when it has none (fwmark, port 0). */
    static List<Object> counterKey(VirtualService s, RealServer r) {
        return s.key() instanceof ServiceKey.Ip ip && r.port() != 0
                ? arr(ip.address().getHostAddress(), r.address().getHostAddress(), r.port()) : null;
    }

    /** A server's own objects: its chain and counters, its persistence set, and the rule of its chain (DNAT). */
    static void serverObjects(String f, VirtualService s, RealServer r, Set<String> chains, Set<String> sets, Set<String> counters,
                              List<Object> adds, List<Object> rules) {
        String chain = serverChain(s.key(), r.key());
        String conn = connCounter(s.key(), r.key()), in = inCounter(s.key(), r.key()), out = outCounter(s.key(), r.key());
        chains.add(chain);
        counters.add(conn);
        counters.add(in);
        counters.add(out);
        adds.add(add("chain", f, chain));
        for (String c : List.of(conn, in, out)) adds.add(add("counter", f, c));
        List<Object> expr = arr();
        Persistence p = s.persistence();
        if (p.enabled()) {
            String set = persistSet(s, r.key());
            sets.add(set);
            adds.add(add("set", f, set, "type", f.equals("ip") ? "ipv4_addr" : "ipv6_addr", "flags", arr("timeout"),
                    "timeout", p.timeoutSeconds()));
            expr.add(obj("set", obj("op", "update", "elem", clientKey(f, p), "set", "@" + set)));
        }
        expr.add(obj("counter", conn));
        expr.addAll(dnat(f, s.key(), r));
        rules.add(rule(f, chain, expr));
    }

    /** The rules of a service's chain: persistence lookups, the scheduler over the servers with weight > 0, reject. */
    static List<Object> serviceChainRules(String f, VirtualService s) {
        List<Object> rules = new ArrayList<>();
        String svc = serviceChain(s.key());
        List<RealServer> available = s.servers().stream().filter(r -> r.weight() > 0).toList();
        Persistence p = s.persistence();
        if (p.enabled()) {
            for (RealServer r : available) {
                String set = persistSet(s, r.key());
                rules.add(rule(f, svc, arr(
                        obj("match", obj("op", "==", "left", clientKey(f, p), "right", "@" + set)),
                        obj("goto", obj("target", serverChain(s.key(), r.key()))))));
            }
        }
        Object sched = scheduler(f, s, available);
        if (sched != null) rules.add(rule(f, svc, arr(sched)));
        // No server available: refuse like IPVS does (ICMP port unreachable) instead of letting clients time out.
        rules.add(rule(f, svc, arr(obj("reject", obj("type", f.equals("ip") ? "icmp" : "icmpv6", "expr", "port-unreachable")))));
        return rules;
    }

    /** The scheduling statement (a vmap jumping to a server chain), or null when no server is available. */
    private static Object scheduler(String f, VirtualService s, List<RealServer> available) {
        if (available.isEmpty()) return null;
        List<Scheduler.Server> all = s.servers().stream().map(r -> Scheduler.Server.of(r.key(), r.weight())).toList();
        boolean fallback = s.schedulerFlags().contains(SchedulerFlag.FALLBACK);
        return switch (s.scheduler()) {
            case RR -> {
                List<Integer> seq = new ArrayList<>();
                for (int i = 0; i < s.servers().size(); i++) if (s.servers().get(i).weight() > 0) seq.add(i);
                yield vmap(obj("numgen", obj("mode", "inc", "mod", seq.size(), "offset", 0)), s, toArray(seq));
            }
            case WRR -> {
                List<Integer> period = SchedulerTables.wrrPeriod(all);
                if (period.size() <= MAX_EXPANDED_PERIOD) yield vmap(obj("numgen", obj("mode", "inc", "mod", period.size(), "offset", 0)), s, toArray(period));
                // Very large weights: contiguous ranges in proportion (same shares, not interleaved).
                List<Integer> blocks = new ArrayList<>();
                for (int i = 0; i < s.servers().size(); i++) for (int w = 0; w < s.servers().get(i).weight(); w++) blocks.add(i);
                yield vmap(obj("numgen", obj("mode", "inc", "mod", blocks.size(), "offset", 0)), s, toArray(blocks));
            }
            case SH -> vmap(obj("jhash", obj("mod", SH_BUCKETS, "seed", 0, "expr", sourceKey(f, s))), s,
                    usable(SchedulerTables.sourceHashBuckets(all), s, fallback));
            case DH -> {
                int[] t = new int[SH_BUCKETS];
                for (int i = 0; i < t.length; i++) t[i] = i % s.servers().size();
                yield vmap(obj("jhash", obj("mod", SH_BUCKETS, "seed", 0, "expr", payload(f, "daddr"))), s, usable(t, s, false));
            }
            case MH -> vmap(obj("jhash", obj("mod", MH_SLOTS, "seed", 0, "expr", sourceKey(f, s))), s,
                    usable(SchedulerTables.maglev(all), s, fallback));
            case FO -> {
                RealServer best = available.getFirst();
                for (RealServer r : available) if (r.weight() > best.weight()) best = r;
                yield obj("goto", obj("target", serverChain(s.key(), best.key())));
            }
            case LC, WLC, SED, NQ, LBLC, LBLCR, OVF -> throw new IllegalArgumentException("nftables cannot schedule " + s.scheduler().ipvsName());
        };
    }

    /** Bucket table with unavailable servers removed: with fallback the next usable bucket's server, else -1 (drop). */
    private static int[] usable(int[] table, VirtualService s, boolean fallback) {
        int[] out = new int[table.length];
        for (int i = 0; i < table.length; i++) {
            int v = -1;
            for (int step = 0; step < (fallback ? table.length : 1); step++) {
                int c = table[(i + step) % table.length];
                if (c >= 0 && s.servers().get(c).weight() > 0) {
                    v = c;
                    break;
                }
            }
            out[i] = v;
        }
        return out;
    }

    private static int[] toArray(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@code KEY vmap { a-b : goto rs_…, … }} with runs of one server merged into ranges; -1 entries left out. */
    private static Object vmap(Object key, VirtualService s, int[] table) {
        List<Object> elems = arr();
        int i = 0;
        while (i < table.length) {
            int j = i;
            while (j + 1 < table.length && table[j + 1] == table[i]) j++;
            if (table[i] >= 0) {
                Object k = i == j ? (Object) i : obj("range", arr(i, j));
                elems.add(arr(k, obj("goto", obj("target", serverChain(s.key(), s.servers().get(table[i]).key())))));
            }
            i = j + 1;
        }
        return obj("vmap", obj("key", key, "data", obj("set", elems)));
    }

    private static List<Object> dispatch(String f, ServiceKey k, String target) {
        List<Object> e = arr();
        switch (k) {
            case ServiceKey.Ip ip -> {
                e.add(match(payload(f, "daddr"), ip.address().getHostAddress()));
                if (ip.port() == 0) e.add(match(obj("meta", obj("key", "l4proto")), proto(ip.protocol())));
                else e.add(match(obj("payload", obj("protocol", proto(ip.protocol()), "field", "dport")), ip.port()));
            }
            case ServiceKey.Fwmark fw -> e.add(match(obj("meta", obj("key", "mark")), Integer.toUnsignedLong(fw.mark())));
        }
        e.add(obj("goto", obj("target", target)));
        return e;
    }

    /** DNAT to the server; the port is rewritten only for protocol services with a server port (fwmark: address only). */
    private static List<Object> dnat(String f, ServiceKey k, RealServer r) {
        List<Object> e = arr();
        String addr = r.address().getHostAddress();
        if (k instanceof ServiceKey.Ip ip && r.port() != 0) {
            e.add(match(obj("meta", obj("key", "l4proto")), proto(ip.protocol())));
            e.add(obj("dnat", obj("addr", addr, "port", r.port())));
        } else {
            e.add(obj("dnat", obj("addr", addr)));
        }
        return e;
    }

    /**
     * The counter maps and the two rules that use them: a packet's connection (its original destination, the VIP)
     * and the server side of the packet (destination towards the server, source back from it) select the counter.
     */
    private static void countingMaps(String f, CountMaps maps, Set<String> sets, List<Object> adds, List<Object> rules) {
        String addrType = f.equals("ip") ? "ipv4_addr" : "ipv6_addr";
        for (String m : List.of(COUNT_IN, COUNT_OUT)) {
            sets.add(m);
            adds.add(add("map", f, m, "type", arr(addrType, addrType, "inet_service"), "map", "counter"));
        }
        if (maps.in().isEmpty()) return;
        adds.add(obj("add", obj("element", obj("family", f, "table", TABLE, "name", COUNT_IN, "elem", maps.in()))));
        adds.add(obj("add", obj("element", obj("family", f, "table", TABLE, "name", COUNT_OUT, "elem", maps.out()))));
        Object vip = obj("ct", obj("key", f + " daddr", "dir", "original"));
        rules.add(rule(f, "counting", arr(match(obj("ct", obj("key", "direction")), "original"),
                obj("counter", obj("map", obj("key", obj("concat", arr(vip, payload(f, "daddr"), obj("payload", obj("protocol", "th", "field", "dport")))),
                        "data", "@" + COUNT_IN))))));
        rules.add(rule(f, "counting", arr(match(obj("ct", obj("key", "direction")), "reply"),
                obj("counter", obj("map", obj("key", obj("concat", arr(vip, payload(f, "saddr"), obj("payload", obj("protocol", "th", "field", "sport")))),
                        "data", "@" + COUNT_OUT))))));
    }

    /** Forward-path counters: towards the server (in) and back (out) for connections to this virtual address. */
    private static List<Object> counting(String f, ServiceKey k, RealServer r, boolean in, String counter) {
        List<Object> e = arr();
        e.add(match(payload(f, in ? "daddr" : "saddr"), r.address().getHostAddress()));
        if (r.port() != 0) e.add(match(obj("payload", obj("protocol", "th", "field", in ? "dport" : "sport")), r.port()));
        if (k instanceof ServiceKey.Ip ip) e.add(match(obj("ct", obj("key", f + " daddr", "dir", "original")), ip.address().getHostAddress()));
        e.add(obj("counter", counter));
        return e;
    }

    private static Object sourceKey(String f, VirtualService s) {
        if (s.schedulerFlags().contains(SchedulerFlag.PORT) && s.key() instanceof ServiceKey.Ip ip)
            return obj("concat", arr(payload(f, "saddr"), obj("payload", obj("protocol", proto(ip.protocol()), "field", "sport"))));
        return payload(f, "saddr");
    }

    private static Object clientKey(String f, Persistence p) {
        int full = f.equals("ip") ? 32 : 128;
        int len = Math.min(full, p.granularityPrefixLength());
        if (len >= full) return payload(f, "saddr");
        byte[] mask = new byte[full / 8];
        for (int i = 0; i < mask.length; i++) mask[i] = (byte) (0xff << (8 - Math.max(0, Math.min(8, len - 8 * i))));
        try {
            return obj("&", arr(payload(f, "saddr"), InetAddress.getByAddress(mask).getHostAddress()));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String proto(Protocol p) {
        return p.name().toLowerCase();
    }

    private static Map<String, Object> payload(String f, String field) {
        return obj("payload", obj("protocol", f, "field", field));
    }

    private static Map<String, Object> match(Object left, Object right) {
        return obj("match", obj("op", "==", "left", left, "right", right));
    }

    static Map<String, Object> add(String kind, String f, String name, Object... extra) {
        Map<String, Object> o = obj("family", f, "table", TABLE, "name", name);
        for (int i = 0; i < extra.length; i += 2) o.put((String) extra[i], extra[i + 1]);
        return obj("add", obj(kind, o));
    }

    static Map<String, Object> del(String kind, String f, String name) {
        return obj("delete", obj(kind, obj("family", f, "table", TABLE, "name", name)));
    }

    static Map<String, Object> rule(String f, String chain, List<Object> expr) {
        return obj("add", obj("rule", obj("family", f, "table", TABLE, "chain", chain, "expr", expr)));
    }
}
