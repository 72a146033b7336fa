package io.vigil.daemon;

import io.vigil.net.Json;
import io.vigil.lb.nft.NftRunner;
import io.vigil.vrrp.AddressFamily;
import io.vigil.vrrp.VrrpInstanceSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the virtual MAC off the wire where the kernel would use it for its own multicast bookkeeping, as keepalived's
 * nftables rules for VMACs do (vrrp_nftables.c): the IGMP reports (IPv4) and MLD reports (IPv6) a VMAC sends when
 * a group is joined on it (224.0.0.18 / ff02::12 by every router of the group, masters and backups alike) leave from
 * its base interface instead ({@code dup to ... device BASE}, then {@code drop}), and an IPv6 VMAC sends no router
 * solicitation. Without this a backup's report teaches switches that the virtual MAC lives on the backup's port until
 * the master's next advert. Tables {@code ip vigil_vmac} and {@code ip6 vigil_vmac}, output hook, priority -1, one
 * rule per VMAC matched by name (so a rule may precede its interface); made before the VRRP sockets join their
 * groups, rewritten on reload, deleted after the VMACs at stop. Without nft: one warning, and the reports go out as the
 * kernel sends them.
 */
final class VmacReports implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VmacReports.class);
    static final String TABLE = "vigil_vmac";

    private final NftRunner nft;
    private final List<String> made = new ArrayList<>();
    private boolean warned;

    VmacReports(NftRunner nft) {
        this.nft = nft;
    }

    /** Makes the tables hold exactly the rules for these instances' VMACs (none: the tables go). */
    synchronized void apply(List<VrrpInstanceSettings> instances) {
        Map<String, Object> batch = batch(instances, made);
        if (batch == null) return;
        NftRunner.Result r = nft.apply(Json.write(batch));
        if (!r.ok()) {
            if (!warned) LOG.warn("VMAC: cannot redirect the VMACs' IGMP/MLD reports to their base interfaces: {}", r.output().strip());
            warned = true;
            return;
        }
        made.clear();
        for (AddressFamily f : AddressFamily.values()) if (!vmacs(instances, f).isEmpty()) made.add(family(f));
    }

    /** The nft batch: existing tables replaced (or deleted), null when there is nothing to do. */
    static Map<String, Object> batch(List<VrrpInstanceSettings> instances, List<String> existing) {
        List<Object> cmds = new ArrayList<>();
        for (AddressFamily f : AddressFamily.values()) {
            String fam = family(f);
            Map<String, String> vmacs = vmacs(instances, f);
            Map<String, Object> table = Json.obj("family", fam, "name", TABLE);
            if (existing.contains(fam) || !vmacs.isEmpty()) {
                cmds.add(Json.obj("add", Json.obj("table", table)));
                cmds.add(Json.obj("delete", Json.obj("table", table)));
            }
            if (vmacs.isEmpty()) continue;
            cmds.add(Json.obj("add", Json.obj("table", table)));
            cmds.add(Json.obj("add", Json.obj("chain", Json.obj("family", fam, "table", TABLE, "name", "out", "type", "filter",
                    "hook", "output", "prio", -1, "policy", "accept"))));
            vmacs.forEach((vmac, base) -> {
                if (f == AddressFamily.IPV4) {
                    cmds.add(rule(fam, vmac, match("ip", "protocol", "igmp"), dup("ip", base)));
                } else {
                    cmds.add(rule(fam, vmac, match("icmpv6", "type", "mld2-listener-report"), dup("ip6", base)));
                    cmds.add(rule(fam, vmac, match("icmpv6", "type", "nd-router-solicit"), null));
                }
            });
        }
        return cmds.isEmpty() ? null : Json.obj("nftables", cmds);
    }

    /** VMAC name to base interface, for the instances of one family. */
    private static Map<String, String> vmacs(List<VrrpInstanceSettings> instances, AddressFamily f) {
        Map<String, String> out = new LinkedHashMap<>();
        for (VrrpInstanceSettings s : instances)
            for (io.vigil.vrrp.AddressVmac v : s.allVmacs()) if (v.family() == f) out.putIfAbsent(v.vmac().name(), v.base());
        return out;
    }

    private static String family(AddressFamily f) {
        return f == AddressFamily.IPV4 ? "ip" : "ip6";
    }

    private static Map<String, Object> match(String protocol, String field, String value) {
        return Json.obj("match", Json.obj("op", "==", "left", Json.obj("payload", Json.obj("protocol", protocol, "field", field)), "right", value));
    }

    private static Map<String, Object> dup(String protocol, String base) {
        return Json.obj("dup", Json.obj("addr", Json.obj("payload", Json.obj("protocol", protocol, "field", "daddr")), "dev", base));
    }

    private static Map<String, Object> rule(String fam, String vmac, Map<String, Object> what, Map<String, Object> dup) {
        List<Object> expr = Json.arr(Json.obj("match", Json.obj("op", "==", "left", Json.obj("meta", Json.obj("key", "oifname")), "right", vmac)), what);
        if (dup != null) expr.add(dup);
        expr.add(Json.obj("drop", null));
        return Json.obj("add", Json.obj("rule", Json.obj("family", fam, "table", TABLE, "chain", "out", "expr", expr)));
    }

    /** After the VRRP service (and its VMACs' leave reports) has stopped. */
    @Override
    public synchronized void close() {
        apply(List.of());
    }
}
