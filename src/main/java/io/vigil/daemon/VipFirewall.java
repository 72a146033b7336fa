package io.vigil.daemon;

import io.vigil.config.KeepalivedConfig;
import io.vigil.config.VirtualIp;
import io.vigil.config.Vrrp;
import io.vigil.config.VrrpInstance;
import io.vigil.net.Json;
import io.vigil.lb.nft.NftRunner;
import io.vigil.vrrp.Action;
import io.vigil.vrrp.VrrpState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * keepalived's VIP firewall for {@code no_accept} instances (RFC 5798 non-accept mode), with keepalived's nftables
 * layout ({@link VipFirewallRules}): tables {@code ip NAME} and {@code ip6 NAME} (global {@code nftables NAME}, default
 * keepalived), each made at its first need, replacing a leftover of the same name, and deleted at close. While such an
 * instance is MASTER (and not the address owner) its VIPs are in the sets: IPv4 in {@code ip vips}, IPv6 in
 * {@code ip6 vips}, link-local IPv6 with their interface (by index; by name with {@code dont_track_primary} unless
 * {@code nftables_ifindex}, as keepalived). nft runs on a thread of its own, never on the VRRP thread.
 */
final class VipFirewall implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VipFirewall.class);

    /** One VIP in the firewall: its family's table, its set, and the element (an address, or address . interface). */
    record Entry(String family, String set, Object element) {}

    private final NftRunner nft;
    private final ExecutorService queue = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("vip-firewall").factory());
    private volatile Vrrp.Firewall settings = Vrrp.Firewall.DEFAULT;
    /** The entries of each instance that needs the firewall. */
    private volatile Map<String, List<Entry>> vips = Map.of();
    /** The table name in use (queue thread only): the first one made, kept until close as keepalived does. */
    private String tableName;
    /** The families whose table exists, and the link-local sets made in the ip6 table (queue thread only). */
    private final Set<String> tablesMade = new LinkedHashSet<>();
    private final Set<String> linkLocalMade = new LinkedHashSet<>();
    /** What is in the sets now, per instance (queue thread only): a reload that changes a MASTER's VIPs updates it. */
    private final Map<String, List<Entry>> active = new LinkedHashMap<>();

    VipFirewall(NftRunner nft) {
        this.nft = nft;
    }

    /** (Re)reads which instances drop their VIPs' traffic (at start and on reload). */
    void configure(KeepalivedConfig config) {
        Vrrp.Firewall f = config.globalDefs().vrrpOptions().firewall();
        Map<String, List<Entry>> m = new LinkedHashMap<>();
        for (VrrpInstance i : config.vrrpInstances()) {
            if (!i.options().noAccept() || i.priority() == 255) continue; // keepalived: the address owner always accepts
            String iface = i.interfaceName().or(() -> config.globalDefs().defaultInterface()).orElse("");
            List<Entry> entries = new ArrayList<>();
            for (List<VirtualIp> l : List.of(i.virtualIps(), i.excludedVirtualIps()))
                for (VirtualIp v : l) entries.add(entry(v, iface, i.dontTrackPrimary(), f.ifindex()));
            m.put(i.name(), List.copyOf(entries));
        }
        settings = f;
        Map<String, List<Entry>> next = Map.copyOf(m);
        vips = next;
        // A reload keeps a MASTER's state when only its addresses change: its set entries follow (keepalived's reload does too).
        try {
            queue.execute(() -> {
                for (String name : List.copyOf(active.keySet())) {
                    List<Entry> want = next.getOrDefault(name, List.of());
                    if (!want.equals(active.get(name))) update(name, want);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("VIP firewall closed: reload not applied");
        }
    }

    /**
     * keepalived's choice of set: a link-local VIP is matched with its interface, by name when the instance has
     * dont_track_primary (its interface may be recreated with another index) and the VIP is on that interface or
     * no_track, unless nftables_ifindex.
     */
    static Entry entry(VirtualIp v, String instanceInterface, boolean dontTrackPrimary, boolean ifindex) {
        String addr = io.vigil.net.InetText.of(v.address().address());
        if (!v.address().isIpv6()) return new Entry(VipFirewallRules.V4, VipFirewallRules.VIPS, addr);
        if (!v.address().address().isLinkLocalAddress()) return new Entry(VipFirewallRules.V6, VipFirewallRules.VIPS, addr);
        String dev = v.device().orElse(instanceInterface);
        boolean byName = !ifindex && dontTrackPrimary && (dev.equals(instanceInterface) || v.noTrack());
        return new Entry(VipFirewallRules.V6, byName ? VipFirewallRules.LINK_LOCAL_NAME : VipFirewallRules.LINK_LOCAL,
                Json.obj("concat", Json.arr(addr, dev)));
    }

    boolean needed() {
        return !vips.isEmpty();
    }

    /** A transition of any instance (called on the VRRP thread: only queues). */
    void transitioned(Action.Transitioned t) {
        List<Entry> entries = vips.get(t.instance());
        if (entries == null || entries.isEmpty()) return;
        try {
            if (t.to() == VrrpState.MASTER) queue.execute(() -> update(t.instance(), entries));
            else if (t.from() == VrrpState.MASTER) queue.execute(() -> update(t.instance(), List.of()));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("VIP firewall closed: {} of {} not applied", t.to(), t.instance());
        }
    }

    /** Makes the sets hold exactly {@code want} for the instance (queue thread). */
    private void update(String instance, List<Entry> want) {
        List<Entry> had = active.getOrDefault(instance, List.of());
        List<Entry> gone = had.stream().filter(a -> !want.contains(a)).toList();
        List<Entry> came = want.stream().filter(a -> !had.contains(a)).toList();
        if (!gone.isEmpty()) elements("delete", gone);
        if (!came.isEmpty()) elements("add", came);
        if (want.isEmpty()) active.remove(instance);
        else active.put(instance, want);
    }

    private void elements(String verb, List<Entry> entries) {
        if (tableName == null) tableName = settings.table();
        Map<List<String>, List<Object>> bySet = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (verb.equals("add")) ensure(e);
            else if (!tablesMade.contains(e.family())) continue;
            bySet.computeIfAbsent(List.of(e.family(), e.set()), k -> new ArrayList<>()).add(e.element());
        }
        if (bySet.isEmpty()) return;
        List<Object> cmds = new ArrayList<>();
        bySet.forEach((k, elems) -> cmds.add(VipFirewallRules.elements(verb, k.get(0), tableName, k.get(1), elems)));
        apply(Json.write(Json.obj("nftables", cmds)), verb + " " + entries.stream().map(e -> String.valueOf(e.element())).toList()
                + " in the VIP sets");
    }

    /** The table of the entry's family, and its link-local set, made at their first need. */
    private void ensure(Entry e) {
        Vrrp.Firewall f = new Vrrp.Firewall(tableName, settings.priority(), settings.counters(), settings.ifindex());
        if (!tablesMade.contains(e.family())) {
            // The ip6 table gets the link-local sets the configuration needs now, so its rules are in keepalived's order.
            List<String> linkLocal = e.family().equals(VipFirewallRules.V6) ? linkLocalSetsNeeded() : List.of();
            apply(VipFirewallRules.setupBatch(e.family(), f, linkLocal), "create table " + e.family() + " " + tableName);
            tablesMade.add(e.family());
            linkLocalMade.addAll(linkLocal);
        }
        if (e.family().equals(VipFirewallRules.V6) && !e.set().equals(VipFirewallRules.VIPS) && !linkLocalMade.contains(e.set())) {
            List<Object> cmds = new ArrayList<>();
            if (linkLocalMade.isEmpty()) cmds.addAll(VipFirewallRules.linkLocalChains(f));
            cmds.addAll(VipFirewallRules.linkLocalSet(f, e.set()));
            apply(Json.write(Json.obj("nftables", cmds)), "create set " + e.set() + " in table ip6 " + tableName);
            linkLocalMade.add(e.set());
        }
    }

    private List<String> linkLocalSetsNeeded() {
        Set<String> sets = new LinkedHashSet<>();
        for (List<Entry> l : vips.values())
            for (Entry e : l) if (e.family().equals(VipFirewallRules.V6) && !e.set().equals(VipFirewallRules.VIPS)) sets.add(e.set());
        return List.copyOf(sets);
    }

    private void apply(String batch, String what) {
        NftRunner.Result r = nft.apply(batch);
        if (!r.ok()) LOG.warn("VIP firewall: cannot {}: {}", what, r.output().strip());
        else LOG.debug("VIP firewall: {}", what);
    }

    /** After the VRRP service has stopped (its STOP transitions queued first): the tables go. */
    @Override
    public void close() {
        queue.execute(() -> {
            for (String family : tablesMade) apply(VipFirewallRules.deleteTable(family, tableName), "delete table " + family + " " + tableName);
            tablesMade.clear();
            linkLocalMade.clear();
        });
        queue.shutdown();
        try {
            if (!queue.awaitTermination(30, TimeUnit.SECONDS)) LOG.warn("VIP firewall: nft still running at stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
