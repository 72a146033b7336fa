package io.vigil.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * keepalived's static track groups: {@code track_group NAME { group { VI_1 ... } }} at the top level, named by
 * {@code track_group NAME} on static_ipaddress, static_routes and static_rules lines. Each member instance then tracks
 * the line's interface (an address's dev, a route's dev, a rule's iif) as a track_interface without weight: that
 * interface down puts the instance in FAULT. A line with no_track, or without an interface, is not tracked; a
 * track_group on a virtual_ipaddress/virtual_routes/virtual_rules line is an error, as in keepalived.
 */
final class StaticTrackGroups {
    private StaticTrackGroups() {
    }

    /** The instances with the tracked interfaces of their static track groups added to their own track_interface. */
    static List<VrrpInstance> apply(Section root, List<VrrpInstance> instances, Diagnostics diags) {
        Map<String, List<String>> groups = groups(root.all(Schema.TRACK_GROUP), instances, diags);
        refuseOnInstanceLines(instances, diags);
        Map<String, Set<String>> tracked = new HashMap<>(); // instance -> interfaces
        Map<String, SourcePos> where = new HashMap<>();
        for (VirtualIp a : root.get(GlobalSchema.STATIC_IPADDRESS)) {
            if (a.trackGroup().isEmpty()) continue;
            add(a.trackGroup().get(), a.noTrack(), a.device(), a.pos(), "static address", groups, tracked, where, diags);
        }
        for (VirtualRoute r : root.get(GlobalSchema.STATIC_ROUTES)) {
            String g = r.options().get("track_group");
            if (g == null) continue;
            if (r.device().isEmpty()) {
                diags.error(r.pos(), "a static route needs 'dev' to have a track_group (keepalived refuses it too)", g);
                continue;
            }
            add(g, r.noTrack(), r.device(), r.pos(), "static route", groups, tracked, where, diags);
        }
        for (VirtualRule r : root.get(GlobalSchema.STATIC_RULES)) {
            String g = r.options().get("track_group");
            if (g == null) continue;
            add(g, r.noTrack(), r.inputInterface(), r.pos(), "static rule", groups, tracked, where, diags);
        }
        if (tracked.isEmpty()) return List.copyOf(instances);
        List<VrrpInstance> out = new ArrayList<>();
        for (VrrpInstance i : instances) {
            Set<String> ifs = tracked.get(i.name());
            if (ifs == null) {
                out.add(i);
                continue;
            }
            List<Vrrp.TrackRef> refs = new ArrayList<>(i.tracking().interfaces());
            for (String ifname : ifs) {
                if (refs.stream().noneMatch(t -> t.name().equals(ifname))) refs.add(new Vrrp.TrackRef(ifname, Optional.empty(), where.get(ifname)));
            }
            Vrrp.Tracking t = i.tracking();
            out.add(i.withTracking(new Vrrp.Tracking(List.copyOf(refs), t.scripts(), t.files(), t.processes(), t.bfds())));
        }
        return List.copyOf(out);
    }

    private static Map<String, List<String>> groups(List<Section> sections, List<VrrpInstance> instances, Diagnostics diags) {
        Set<String> known = new LinkedHashSet<>();
        for (VrrpInstance i : instances) known.add(i.name());
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (Section s : sections) {
            String name = s.header();
            if (groups.containsKey(name)) {
                diags.error(s.pos(), "track_group defined twice", name);
                continue;
            }
            List<String> members = new ArrayList<>();
            for (String m : s.get(VrrpSchema.GROUP)) {
                if (known.contains(m)) {
                    if (!members.contains(m)) members.add(m);
                } else {
                    // keepalived logs it and leaves the instance out
                    diags.warning(s.posOf(VrrpSchema.GROUP), "track_group member names no vrrp_instance (left out, as keepalived)", m,
                            EditDistance.suggest(m, known));
                }
            }
            if (members.isEmpty()) diags.warning(s.pos(), "track_group has no VRRP instances; keepalived removes it", name);
            groups.put(name, List.copyOf(members));
        }
        return groups;
    }

    private static void add(String group, boolean noTrack, Optional<String> device, SourcePos pos, String what,
                            Map<String, List<String>> groups, Map<String, Set<String>> tracked, Map<String, SourcePos> where,
                            Diagnostics diags) {
        List<String> members = groups.get(group);
        if (members == null) {
            diags.error(pos, "track_group not found", group, EditDistance.suggest(group, groups.keySet()));
            return;
        }
        if (noTrack) {
            diags.warning(pos, what + " has both track_group and no_track: not tracked (as keepalived)", group);
            return;
        }
        if (device.isEmpty()) return; // keepalived tracks only a rule with iif
        for (String m : members) tracked.computeIfAbsent(m, k -> new LinkedHashSet<>()).add(device.get());
        where.putIfAbsent(device.get(), pos);
    }

    private static void refuseOnInstanceLines(List<VrrpInstance> instances, Diagnostics diags) {
        for (VrrpInstance i : instances) {
            for (VirtualIp a : i.virtualIps()) refuse(a.trackGroup().isPresent(), a.pos(), "virtual_ipaddress", diags);
            for (VirtualIp a : i.excludedVirtualIps()) refuse(a.trackGroup().isPresent(), a.pos(), "virtual_ipaddress_excluded", diags);
            for (VirtualRoute r : i.virtualRoutes()) refuse(r.options().containsKey("track_group"), r.pos(), "virtual_routes", diags);
            for (VirtualRule r : i.virtualRules()) refuse(r.options().containsKey("track_group"), r.pos(), "virtual_rules", diags);
        }
    }

    private static void refuse(boolean has, SourcePos pos, String block, Diagnostics diags) {
        if (has) diags.error(pos, "track_group is only for static_ipaddress, static_routes and static_rules, not " + block, "track_group");
    }
}
