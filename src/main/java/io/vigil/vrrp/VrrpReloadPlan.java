package io.vigil.vrrp;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a reload does to each VRRP instance, computed from the running and the new settings. Pure.
 *
 * <ul>
 *   <li>{@link Kind#KEPT}: same settings, same sync group: untouched (no transition, no advert, no GARP).</li>
 *   <li>{@link Kind#ADDRESSES}: only {@code virtual_ipaddress}, {@code virtual_ipaddress_excluded},
 *       {@code virtual_routes} or {@code virtual_rules} changed: the state is kept; a MASTER removes what went and adds
 *       (and announces) what came.</li>
 *   <li>{@link Kind#RESTARTED}: anything else changed, or its sync group's membership changed, or another member of
 *       its sync group restarts (members of a group move together): stopped as on shutdown, started afresh.</li>
 *   <li>{@link Kind#ADDED} / {@link Kind#REMOVED}: started as on a cold start / stopped as on shutdown.</li>
 * </ul>
 *
 * @param changes    one per instance: the removed ones in their old order, then the new configuration's in its order
 * @param groupNotes sync groups changed without restarting a member (their notify settings), for the log
 */
public record VrrpReloadPlan(List<Change> changes, List<String> groupNotes) {
    public enum Kind { KEPT, ADDRESSES, RESTARTED, ADDED, REMOVED }

    /** What happens to one instance, and why. */
    public record Change(String instance, Kind kind, String reason) {
        /** The line the runtime logs for this instance. */
        public String logLine() {
            String what = switch (kind) {
                case KEPT -> "kept unchanged";
                case ADDRESSES -> "kept its state, addresses updated";
                case RESTARTED -> "restarted";
                case ADDED -> "added";
                case REMOVED -> "removed";
            };
            return "(" + instance + ") reload: " + what + (reason.isEmpty() ? "" : " (" + reason + ")");
        }
    }

    /** Fields whose change keeps the instance's state (the addresses it installs when MASTER). */
    static final Set<String> ADDRESS_FIELDS = Set.of("virtualAddresses", "excludedAddresses", "routes", "rules");

    public VrrpReloadPlan {
        changes = List.copyOf(changes);
        groupNotes = List.copyOf(groupNotes);
    }

    /** @throws IllegalArgumentException the new settings are inconsistent (duplicate names, bad sync groups) */
    public static VrrpReloadPlan of(List<VrrpInstanceSettings> oldInstances, List<SyncGroupSettings> oldGroups,
                                    List<VrrpInstanceSettings> newInstances, List<SyncGroupSettings> newGroups) {
        VrrpNode.validate(newInstances, newGroups);
        Map<String, VrrpInstanceSettings> before = byName(oldInstances);
        Map<String, SyncGroupSettings> oldGroupOf = groupOf(oldGroups);
        Map<String, SyncGroupSettings> newGroupOf = groupOf(newGroups);
        Map<String, Change> out = new LinkedHashMap<>();
        for (VrrpInstanceSettings old : oldInstances) {
            if (newInstances.stream().noneMatch(n -> n.name().equals(old.name())))
                out.put(old.name(), new Change(old.name(), Kind.REMOVED, "no longer configured"));
        }
        for (VrrpInstanceSettings n : newInstances) {
            VrrpInstanceSettings old = before.get(n.name());
            Change c;
            if (old == null) c = new Change(n.name(), Kind.ADDED, "new in the configuration");
            else {
                String membership = membershipChange(oldGroupOf.get(n.name()), newGroupOf.get(n.name()));
                List<String> differences = differences(old, n);
                boolean addressesOnly = differences.isEmpty() || changedFields(old, n).stream().allMatch(ADDRESS_FIELDS::contains);
                if (membership != null) c = new Change(n.name(), Kind.RESTARTED, join(membership, differences));
                else if (differences.isEmpty()) c = new Change(n.name(), Kind.KEPT, "");
                else if (addressesOnly) c = new Change(n.name(), Kind.ADDRESSES, String.join("; ", differences));
                else c = new Change(n.name(), Kind.RESTARTED, String.join("; ", differences));
            }
            out.put(n.name(), c);
        }
        // Members of a sync group move together: one restarting (or new) member restarts the kept ones of its group.
        for (SyncGroupSettings g : newGroups) {
            List<String> moving = g.members().stream()
                    .filter(m -> out.get(m).kind() == Kind.RESTARTED || out.get(m).kind() == Kind.ADDED).toList();
            if (moving.isEmpty()) continue;
            for (String m : g.members()) {
                Change c = out.get(m);
                if (c.kind() == Kind.KEPT || c.kind() == Kind.ADDRESSES)
                    out.put(m, new Change(m, Kind.RESTARTED, join("sync group " + g.name() + ": " + String.join(", ", moving) + " restarting",
                            c.reason().isEmpty() ? List.of() : List.of(c.reason()))));
            }
        }
        List<String> notes = new ArrayList<>();
        Map<String, SyncGroupSettings> oldByName = oldGroups.stream().collect(Collectors.toMap(SyncGroupSettings::name, g -> g));
        for (SyncGroupSettings g : newGroups) {
            SyncGroupSettings old = oldByName.get(g.name());
            if (old != null && old.members().equals(g.members()) && !Objects.equals(old.notifications(), g.notifications())
                    && g.members().stream().noneMatch(m -> out.get(m).kind() == Kind.RESTARTED))
                notes.add("VRRP_Group(" + g.name() + ") reload: notify settings updated, members kept");
        }
        return new VrrpReloadPlan(List.copyOf(out.values()), notes);
    }

    /** Whether the reload changes nothing at all. */
    public boolean unchanged() {
        return groupNotes.isEmpty() && changes.stream().allMatch(c -> c.kind() == Kind.KEPT);
    }

    public Kind kindOf(String instance) {
        for (Change c : changes) if (c.instance().equals(instance)) return c.kind();
        throw new IllegalArgumentException("no instance " + instance + " in the plan");
    }

    public List<String> instances(Kind kind) {
        return changes.stream().filter(c -> c.kind() == kind).map(Change::instance).toList();
    }

    /** "2 kept, 1 addresses updated, 1 restarted, 1 added, 1 removed" (kinds with no instance left out, KEPT always). */
    public String summary() {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        for (Change c : changes) counts.merge(c.kind(), 1, Integer::sum);
        List<String> parts = new ArrayList<>();
        parts.add(counts.getOrDefault(Kind.KEPT, 0) + " kept");
        if (counts.containsKey(Kind.ADDRESSES)) parts.add(counts.get(Kind.ADDRESSES) + " addresses updated");
        if (counts.containsKey(Kind.RESTARTED)) parts.add(counts.get(Kind.RESTARTED) + " restarted");
        if (counts.containsKey(Kind.ADDED)) parts.add(counts.get(Kind.ADDED) + " added");
        if (counts.containsKey(Kind.REMOVED)) parts.add(counts.get(Kind.REMOVED) + " removed");
        return String.join(", ", parts);
    }

    private static String membershipChange(SyncGroupSettings old, SyncGroupSettings now) {
        if (old == null && now == null) return null;
        if (old == null) return "joined sync group " + now.name();
        if (now == null) return "left sync group " + old.name();
        if (!old.name().equals(now.name())) return "moved from sync group " + old.name() + " to " + now.name();
        if (!old.members().equals(now.members())) return "sync group " + now.name() + " members " + old.members() + " -> " + now.members();
        return null;
    }

    private static String join(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return String.join("; ", all);
    }

    /** Names of the settings fields that differ. */
    static List<String> changedFields(VrrpInstanceSettings a, VrrpInstanceSettings b) {
        List<String> out = new ArrayList<>();
        for (RecordComponent rc : VrrpInstanceSettings.class.getRecordComponents()) {
            if (!Objects.equals(value(rc, a), value(rc, b))) out.add(rc.getName());
        }
        return out;
    }

    /** One readable item per changed field: "priority 100 -> 150", "virtualAddresses +198.18.0.5/32 -198.18.0.4/32". */
    static List<String> differences(VrrpInstanceSettings a, VrrpInstanceSettings b) {
        List<String> out = new ArrayList<>();
        for (String field : changedFields(a, b)) {
            RecordComponent rc = component(field);
            Object x = value(rc, a), y = value(rc, b);
            if (x instanceof List<?> lx && y instanceof List<?> ly) {
                Set<Object> gone = new LinkedHashSet<>(lx), came = new LinkedHashSet<>(ly);
                gone.removeAll(new LinkedHashSet<>(ly));
                came.removeAll(new LinkedHashSet<>(lx));
                StringBuilder s = new StringBuilder(field);
                for (Object o : came) s.append(" +").append(describe(o));
                for (Object o : gone) s.append(" -").append(describe(o));
                if (came.isEmpty() && gone.isEmpty()) s.append(" reordered");
                out.add(s.toString());
            } else {
                out.add(field + " " + describe(x) + " -> " + describe(y));
            }
        }
        return out;
    }

    private static String describe(Object o) {
        if (o instanceof VirtualAddress v) return v.cidr() + (v.device() == null ? "" : " dev " + v.device());
        if (o instanceof java.net.InetAddress a) return a.getHostAddress();
        return String.valueOf(o);
    }

    private static final Map<String, RecordComponent> COMPONENTS = new HashMap<>();

    static {
        for (RecordComponent rc : VrrpInstanceSettings.class.getRecordComponents()) COMPONENTS.put(rc.getName(), rc);
    }

    private static RecordComponent component(String name) {
        return COMPONENTS.get(name);
    }

    private static Object value(RecordComponent rc, VrrpInstanceSettings s) {
        try {
            return rc.getAccessor().invoke(s);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + rc.getName(), e);
        }
    }

    private static Map<String, VrrpInstanceSettings> byName(List<VrrpInstanceSettings> list) {
        Map<String, VrrpInstanceSettings> m = new LinkedHashMap<>();
        for (VrrpInstanceSettings s : list) m.put(s.name(), s);
        return m;
    }

    private static Map<String, SyncGroupSettings> groupOf(List<SyncGroupSettings> groups) {
        Map<String, SyncGroupSettings> m = new HashMap<>();
        for (SyncGroupSettings g : groups) for (String member : g.members()) m.put(member, g);
        return m;
    }
}
