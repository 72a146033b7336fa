package io.vigil.daemon;

import io.vigil.config.KeepalivedConfig;
import io.vigil.config.VirtualIp;
import io.vigil.config.Vrrp;
import io.vigil.config.VrrpInstance;
import io.vigil.lb.nft.Json;
import io.vigil.lb.nft.NftRunner;
import io.vigil.vrrp.Action;
import io.vigil.vrrp.VrrpState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * keepalived's VIP firewall for {@code no_accept} instances (RFC 5798 non-accept mode), with keepalived's nftables
 * layout: table {@code ip keepalived} (global {@code nftables NAME}), chains {@code in} (input hook) and {@code out}
 * (output hook) at {@code nftables_priority} (-1), a set {@code vips}, and the rules {@code ip daddr @vips drop} and
 * {@code ip saddr @vips drop} ({@code counter} before the verdict with {@code nftables_counters}). While such an
 * instance is MASTER (and not the address owner) its IPv4 VIPs are in the set. The table is made at the first need,
 * replacing a leftover of the same name, and deleted at close. nft runs on a thread of its own, never on the VRRP thread.
 */
final class VipFirewall implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VipFirewall.class);
    private static final String FAMILY = "ip";

    private final NftRunner nft;
    private final ExecutorService queue = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("vip-firewall").factory());
    private volatile Vrrp.Firewall settings = Vrrp.Firewall.DEFAULT;
    /** The VIPs (IPv4 text) of each instance that needs the firewall. */
    private volatile Map<String, List<String>> vips = Map.of();
    private boolean tableMade;
    private String tableName;
    /** What is in the set now, per instance (queue thread only): a reload that changes a MASTER's VIPs updates it. */
    private final Map<String, List<String>> active = new LinkedHashMap<>();

    VipFirewall(NftRunner nft) {
        this.nft = nft;
    }

    /** (Re)reads which instances drop their VIPs' traffic (at start and on reload). */
    void configure(KeepalivedConfig config) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (VrrpInstance i : config.vrrpInstances()) {
            if (!i.options().noAccept() || i.priority() == 255) continue; // keepalived: the address owner always accepts
            List<String> addrs = new ArrayList<>();
            for (List<VirtualIp> l : List.of(i.virtualIps(), i.excludedVirtualIps()))
                for (VirtualIp v : l) if (!v.address().isIpv6()) addrs.add(v.address().address().getHostAddress());
            m.put(i.name(), List.copyOf(addrs));
        }
        settings = config.globalDefs().vrrpOptions().firewall();
        Map<String, List<String>> next = Map.copyOf(m);
        vips = next;
        // A reload keeps a MASTER's state when only its addresses change: its set entries follow (keepalived's reload does too).
        try {
            queue.execute(() -> {
                for (String name : List.copyOf(active.keySet())) {
                    List<String> want = next.getOrDefault(name, List.of());
                    if (!want.equals(active.get(name))) update(name, want);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("VIP firewall closed: reload not applied");
        }
    }

    boolean needed() {
        return !vips.isEmpty();
    }

    /** A transition of any instance (called on the VRRP thread: only queues). */
    void transitioned(Action.Transitioned t) {
        List<String> addrs = vips.get(t.instance());
        if (addrs == null || addrs.isEmpty()) return;
        try {
            if (t.to() == VrrpState.MASTER) queue.execute(() -> update(t.instance(), addrs));
            else if (t.from() == VrrpState.MASTER) queue.execute(() -> update(t.instance(), List.of()));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("VIP firewall closed: {} of {} not applied", t.to(), t.instance());
        }
    }

    /** Makes the set hold exactly {@code want} for the instance (queue thread). */
    private void update(String instance, List<String> want) {
        List<String> had = active.getOrDefault(instance, List.of());
        List<String> gone = had.stream().filter(a -> !want.contains(a)).toList();
        List<String> came = want.stream().filter(a -> !had.contains(a)).toList();
        if (!gone.isEmpty()) elements("delete", gone);
        if (!came.isEmpty()) elements("add", came);
        if (want.isEmpty()) active.remove(instance);
        else active.put(instance, want);
    }

    private void elements(String verb, List<String> addrs) {
        if (!tableMade) {
            if (verb.equals("delete")) return;
            tableName = settings.table();
            apply(setupBatch(settings), "create table " + FAMILY + " " + tableName);
            tableMade = true;
        }
        apply(elementBatch(verb, tableName, addrs), verb + " " + addrs + " in set vips");
    }

    private void apply(String batch, String what) {
        NftRunner.Result r = nft.apply(batch);
        if (!r.ok()) LOG.warn("VIP firewall: cannot {}: {}", what, r.output().strip());
        else LOG.debug("VIP firewall: {}", what);
    }

    /** Replaces any table of that name by keepalived's layout. */
    static String setupBatch(Vrrp.Firewall f) {
        Map<String, Object> table = Json.obj("family", FAMILY, "name", f.table());
        List<Object> cmds = Json.arr(
                Json.obj("add", Json.obj("table", table)),
                Json.obj("delete", Json.obj("table", table)),
                Json.obj("add", Json.obj("table", table)),
                Json.obj("add", Json.obj("chain", chain(f, "in", "input"))),
                Json.obj("add", Json.obj("chain", chain(f, "out", "output"))),
                Json.obj("add", Json.obj("set", Json.obj("family", FAMILY, "table", f.table(), "name", "vips", "type", "ipv4_addr"))),
                Json.obj("add", Json.obj("rule", rule(f, "in", "daddr"))),
                Json.obj("add", Json.obj("rule", rule(f, "out", "saddr"))));
        return Json.write(Json.obj("nftables", cmds));
    }

    private static Map<String, Object> chain(Vrrp.Firewall f, String name, String hook) {
        return Json.obj("family", FAMILY, "table", f.table(), "name", name, "type", "filter", "hook", hook, "prio", f.priority(),
                "policy", "accept");
    }

    private static Map<String, Object> rule(Vrrp.Firewall f, String chain, String field) {
        List<Object> expr = Json.arr(Json.obj("match", Json.obj("op", "==",
                "left", Json.obj("payload", Json.obj("protocol", "ip", "field", field)), "right", "@vips")));
        if (f.counters()) expr.add(Json.obj("counter", Json.obj("packets", 0, "bytes", 0)));
        expr.add(Json.obj("drop", null));
        return Json.obj("family", FAMILY, "table", f.table(), "chain", chain, "expr", expr);
    }

    static String elementBatch(String verb, String table, List<String> addrs) {
        return Json.write(Json.obj("nftables", Json.arr(Json.obj(verb, Json.obj("element",
                Json.obj("family", FAMILY, "table", table, "name", "vips", "elem", new ArrayList<Object>(addrs)))))));
    }

    /** After the VRRP service has stopped (its STOP transitions queued first): the table goes. */
    @Override
    public void close() {
        queue.execute(() -> {
            if (tableMade) apply(Json.write(Json.obj("nftables", Json.arr(Json.obj("delete", Json.obj("table",
                    Json.obj("family", FAMILY, "name", tableName)))))), "delete table " + FAMILY + " " + tableName);
            tableMade = false;
        });
        queue.shutdown();
        try {
            if (!queue.awaitTermination(30, TimeUnit.SECONDS)) LOG.warn("VIP firewall: nft still running at stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
