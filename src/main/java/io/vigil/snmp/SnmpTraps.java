package io.vigil.snmp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The notifications keepalived sends, derived from two successive snapshots (pure). In instance order: for each
 * instance that changed state, vrrpInstanceStateChange; when it became MASTER, vrrpTrapNewMaster (RFC 2787, v2 IPv4
 * instances) and vrrpv3NewMaster (RFC 6527); for a sync group whose state changed, vrrpSyncGroupStateChange placed
 * where keepalived 2.2.7 sends it (seen with snmptrapd): before its first changed member's when it goes BACKUP, right
 * after them when it goes MASTER or FAULT, after every instance's when it stops. Then for each real server whose health changed, realServerStateChange, and for each
 * virtual server whose quorum changed, virtualServerQuorumStateChange. Nothing without {@code enable_traps}.
 */
public final class SnmpTraps {
    private SnmpTraps() {}

    public static List<List<AgentXPdu.VarBind>> between(SnmpView.Snapshot before, SnmpView.Snapshot after, SnmpSettings settings) {
        List<List<AgentXPdu.VarBind>> out = new ArrayList<>();
        if (!settings.traps()) return out;
        String routerId = after.global().routerId();
        Map<String, SnmpView.Instance> old = before.instances().stream().collect(Collectors.toMap(SnmpView.Instance::name, Function.identity(), (a, b) -> a));
        Map<String, SnmpView.SyncGroup> oldGroups = before.syncGroups().stream().collect(Collectors.toMap(SnmpView.SyncGroup::name, Function.identity(), (a, b) -> a));
        // keepalived's order for a sync group's notification: before its first member's when the group goes BACKUP,
        // right after it when the group goes MASTER or FAULT, after all instances' when it stops
        Map<String, SnmpView.SyncGroup> changedGroups = new java.util.LinkedHashMap<>();
        if (settings.vrrp()) {
            for (SnmpView.SyncGroup g : after.syncGroups()) {
                SnmpView.SyncGroup was = oldGroups.get(g.name());
                if (was != null && was.state() != g.state()) changedGroups.put(g.name(), g);
            }
        }
        Set<String> groupsSent = new HashSet<>();
        for (SnmpView.Instance in : after.instances()) {
            SnmpView.Instance prev = old.get(in.name());
            if (prev == null || prev.state() == in.state()) continue;
            SnmpView.SyncGroup group = in.syncGroup().map(changedGroups::get).orElse(null);
            if (group != null && group.state() == SnmpView.State.BACKUP && groupsSent.add(group.name())) {
                out.add(KeepalivedMib.syncGroupStateChange(group, routerId));
            }
            if (settings.vrrp()) out.add(KeepalivedMib.instanceStateChange(in, routerId));
            if (in.state() == SnmpView.State.MASTER) {
                if (settings.rfcV2() && VrrpRfcMibs.suitableForV2(in)) out.add(VrrpRfcMibs.v2NewMaster(in));
                if (settings.rfcV3()) out.add(VrrpRfcMibs.v3NewMaster(in));
            }
            boolean soon = group != null && (group.state() == SnmpView.State.MASTER || group.state() == SnmpView.State.FAULT);
            if (soon && groupsSent.add(group.name())) out.add(KeepalivedMib.syncGroupStateChange(group, routerId));
        }
        for (SnmpView.SyncGroup g : changedGroups.values()) {
            if (groupsSent.add(g.name())) out.add(KeepalivedMib.syncGroupStateChange(g, routerId));
        }
        if (settings.checker()) {
            for (SnmpView.VirtualServer vs : after.virtualServers()) {
                SnmpView.VirtualServer was = before.virtualServers().stream().filter(v -> sameService(v, vs)).findFirst().orElse(null);
                if (was == null) continue;
                for (SnmpView.RealServer rs : vs.realServers()) {
                    was.realServers().stream()
                            .filter(r -> r.sorry() == rs.sorry() && r.address().equals(rs.address()) && r.port() == rs.port() && r.alive() != rs.alive())
                            .findFirst().ifPresent(r -> out.add(KeepalivedMib.realServerOrQuorumChange(vs, rs, routerId)));
                }
                if (was.quorumMet() != vs.quorumMet()) out.add(KeepalivedMib.realServerOrQuorumChange(vs, null, routerId));
            }
        }
        return out;
    }

    private static boolean sameService(SnmpView.VirtualServer a, SnmpView.VirtualServer b) {
        return a.type() == b.type() && a.fwmark() == b.fwmark() && a.port() == b.port() && a.protocol() == b.protocol()
                && Objects.equals(a.address(), b.address()) && Objects.equals(a.groupName(), b.groupName());
    }
}
