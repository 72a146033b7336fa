package io.vigil.vrrp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All VRRP instances of one node and their sync groups: routes events to instances, routes received datagrams by
 * address family and VRID, and moves sync-group members together (one MASTER makes all MASTER, one BACKUP all
 * BACKUP, one FAULT all FAULT until every member is healthy). Pure and single-threaded, like {@link VrrpInstance};
 * both the runtime ({@code VrrpService}) and the simulation drive it.
 */
public final class VrrpNode {
    private static final Logger log = LoggerFactory.getLogger(VrrpNode.class);

    private final Map<String, VrrpInstance> instances = new LinkedHashMap<>();
    private final Map<String, Group> groupOf = new HashMap<>();
    private final List<Group> groups = new ArrayList<>();
    private final DropCounters unrouted = new DropCounters();
    /** keepalived's log_unknown_vrids: an advert for a VRID no instance runs on that interface is logged, not only counted. */
    private volatile boolean logUnknownVrids;

    public void logUnknownVrids(boolean on) {
        this.logUnknownVrids = on;
    }

    private static final class Group {
        final SyncGroupSettings settings;
        final List<VrrpInstance> members = new ArrayList<>();
        VrrpState state = VrrpState.INIT;
        String lastMailed;

        Group(SyncGroupSettings settings) {
            this.settings = settings;
        }
    }

    private record Pending(VrrpInstance instance, VrrpEvent event, boolean forced) {}

    /** Link states and track_file values seen so far (by name), to seed instances a reload starts. */
    private final Map<String, Boolean> knownLinks = new HashMap<>();
    private final Map<String, Long> knownFiles = new HashMap<>();
    private final Map<String, Boolean> knownProcesses = new HashMap<>();
    private final Map<String, Boolean> knownBfds = new HashMap<>();

    public VrrpNode(Collection<VrrpInstanceSettings> instanceSettings, Collection<SyncGroupSettings> groupSettings) {
        validate(instanceSettings, groupSettings);
        for (VrrpInstanceSettings s : instanceSettings) instances.put(s.name(), new VrrpInstance(s));
        for (SyncGroupSettings g : groupSettings) {
            Group group = new Group(g);
            for (String m : g.members()) {
                group.members.add(instances.get(m));
                groupOf.put(m, group);
            }
            groups.add(group);
        }
    }

    /** Unique instance names; sync groups name existing instances, each in at most one group. */
    static void validate(Collection<VrrpInstanceSettings> instanceSettings, Collection<SyncGroupSettings> groupSettings) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (VrrpInstanceSettings s : instanceSettings) {
            if (!names.add(s.name())) throw new IllegalArgumentException("duplicate vrrp_instance " + s.name());
        }
        java.util.Set<String> grouped = new java.util.HashSet<>();
        for (SyncGroupSettings g : groupSettings) {
            for (String m : g.members()) {
                if (!names.contains(m)) throw new IllegalArgumentException("sync group " + g.name() + ": unknown instance " + m);
                if (!grouped.add(m)) throw new IllegalArgumentException("instance " + m + " is in two sync groups");
            }
        }
    }

    /**
     * Applies a reload: stops the removed and restarted instances (priority-0 advert and VIPs removed if MASTER, all
     * their timers cancelled), updates the addresses of the address-only changes (every removal before any addition,
     * so an address moving between instances ends up installed), rebuilds the sync groups (a group whose members
     * are all kept keeps its state), and starts the added and restarted instances with the link states, file values
     * and script results known so far. Kept instances get no event at all.
     */
    public List<InstanceAction> reload(VrrpReloadPlan plan, List<VrrpInstanceSettings> instanceSettings, List<SyncGroupSettings> groupSettings, long now) {
        validate(instanceSettings, groupSettings);
        for (VrrpInstanceSettings s : instanceSettings) {
            VrrpReloadPlan.Kind k = plan.kindOf(s.name());
            if (k == VrrpReloadPlan.Kind.REMOVED || (k != VrrpReloadPlan.Kind.ADDED) != instances.containsKey(s.name()))
                throw new IllegalArgumentException("the reload plan does not match " + s.name());
        }
        for (String name : instances.keySet()) {
            if (instanceSettings.stream().noneMatch(s -> s.name().equals(name)) && plan.kindOf(name) != VrrpReloadPlan.Kind.REMOVED)
                throw new IllegalArgumentException("the reload plan does not remove " + name);
        }
        List<InstanceAction> out = new ArrayList<>();
        Map<String, VrrpInstance> old = new LinkedHashMap<>(instances);
        for (VrrpReloadPlan.Change c : plan.changes()) {
            if (c.kind() != VrrpReloadPlan.Kind.REMOVED && c.kind() != VrrpReloadPlan.Kind.RESTARTED) continue;
            VrrpInstance i = old.get(c.instance());
            String reason = (c.kind() == VrrpReloadPlan.Kind.REMOVED ? "removed by reload" : "restarted by reload") + ": " + c.reason();
            boolean removed = c.kind() == VrrpReloadPlan.Kind.REMOVED;
            for (Action a : i.on(new VrrpEvent.Shutdown(reason), now)) {
                // A removed instance notifies FAULT or DELETED (keepalived), not STOP: its own notifies replace these.
                if (removed && (a instanceof Action.RunNotify || a instanceof Action.WriteNotifyFifo || a instanceof Action.MailAlert)) continue;
                out.add(new InstanceAction(i.name(), a));
            }
            if (removed) for (Action a : i.removedByReloadNotifies()) out.add(new InstanceAction(i.name(), a));
            for (TimerKind k : TimerKind.values()) out.add(new InstanceAction(i.name(), new Action.CancelTimer(k)));
        }
        Map<String, VrrpInstance> next = new LinkedHashMap<>();
        List<VrrpInstance> starting = new ArrayList<>();
        List<InstanceAction> removals = new ArrayList<>(), additions = new ArrayList<>();
        for (VrrpInstanceSettings s : instanceSettings) {
            VrrpReloadPlan.Kind kind = plan.kindOf(s.name());
            switch (kind) {
                case KEPT -> next.put(s.name(), old.get(s.name()));
                case ADDRESSES -> {
                    VrrpInstance i = old.get(s.name());
                    for (Action a : i.changeAddresses(s)) (a instanceof Action.RemoveVips ? removals : additions).add(new InstanceAction(i.name(), a));
                    next.put(s.name(), i);
                }
                case ADDED, RESTARTED -> {
                    VrrpInstance i = new VrrpInstance(s);
                    List<VrrpInstance> donors = new ArrayList<>();
                    if (old.containsKey(s.name())) donors.add(old.get(s.name()));
                    donors.addAll(old.values());
                    i.seedTracking(knownLinks, knownFiles, knownProcesses, knownBfds, donors);
                    next.put(s.name(), i);
                    starting.add(i);
                }
                case REMOVED -> throw new IllegalStateException(s.name() + " is configured but planned for removal");
            }
        }
        out.addAll(removals);
        out.addAll(additions);
        Map<String, Group> oldGroups = new HashMap<>();
        for (Group g : groups) oldGroups.put(g.settings.name(), g);
        instances.clear();
        instances.putAll(next);
        groups.clear();
        groupOf.clear();
        for (SyncGroupSettings gs : groupSettings) {
            Group g = new Group(gs);
            Group before = oldGroups.get(gs.name());
            boolean allKept = gs.members().stream().allMatch(m -> plan.kindOf(m) == VrrpReloadPlan.Kind.KEPT || plan.kindOf(m) == VrrpReloadPlan.Kind.ADDRESSES);
            if (before != null && before.settings.members().equals(gs.members()) && allKept) g.state = before.state;
            for (String m : gs.members()) {
                g.members.add(instances.get(m));
                groupOf.put(m, g);
            }
            groups.add(g);
        }
        List<Pending> startups = new ArrayList<>();
        for (VrrpInstance i : starting) startups.add(new Pending(i, new VrrpEvent.Startup(), false));
        if (!startups.isEmpty()) out.addAll(run(startups, now));
        return out;
    }

    public Collection<VrrpInstance> instances() {
        return instances.values();
    }

    public VrrpInstance instance(String name) {
        return instances.get(name);
    }

    /** Datagrams that matched no instance (not VRRP, too short, or a VRID nobody here runs). */
    public DropCounters unroutedDrops() {
        return unrouted;
    }

    /** One event for one instance (with sync-group consequences). */
    public List<InstanceAction> on(String instance, VrrpEvent event, long now) {
        VrrpInstance i = instances.get(instance);
        if (i == null) throw new IllegalArgumentException("no instance " + instance);
        return run(List.of(new Pending(i, event, false)), now);
    }

    /** The same event for every instance (Startup, Shutdown, LinkChanged, track results). */
    public List<InstanceAction> onAll(VrrpEvent event, long now) {
        if (event instanceof VrrpEvent.LinkChanged l) knownLinks.put(l.interfaceName(), l.up());
        if (event instanceof VrrpEvent.TrackFileValue f) knownFiles.put(f.fileName(), f.value());
        if (event instanceof VrrpEvent.TrackProcessState p) knownProcesses.put(p.processName(), p.up());
        if (event instanceof VrrpEvent.BfdStateChanged b) knownBfds.put(b.bfdName(), b.up());
        List<Pending> p = new ArrayList<>();
        for (VrrpInstance i : instances.values()) p.add(new Pending(i, event, false));
        return run(p, now);
    }

    /**
     * Every instance stops: the priority-0 adverts of all masters come first, then the rest in order (timers, VIP
     * removal, transitions, notifies). The adverts are what lets the backups take over at once; nothing else of the
     * stop may delay them, not even another instance's VIP removal.
     */
    public List<InstanceAction> shutdown(String reason, long now) {
        List<InstanceAction> all = onAll(new VrrpEvent.Shutdown(reason), now);
        List<InstanceAction> ordered = new ArrayList<>(all.size());
        for (InstanceAction a : all) if (a.action() instanceof Action.SendAdvert) ordered.add(a);
        for (InstanceAction a : all) if (!(a.action() instanceof Action.SendAdvert)) ordered.add(a);
        return ordered;
    }

    /** A received datagram: routed by the interface it arrived on (null: any), family and VRID. */
    public List<InstanceAction> onAdvert(String interfaceName, InboundAdvert advert, long now) {
        int vrid = peekVrid(advert);
        if (vrid < 0) {
            unrouted.increment(DropReason.TOO_SHORT);
            return List.of();
        }
        // keepalived keys instances by interface, VRID and family: the same VRID may run on two segments.
        VrrpInstance match = null;
        for (VrrpInstance i : instances.values()) {
            VrrpInstanceSettings s = i.settings();
            if (s.vrid() != vrid || s.family() != advert.family()) continue;
            if (interfaceName == null || s.advertInterface().equals(interfaceName)) {
                match = i;
                break;
            }
        }
        if (match == null) {
            unrouted.increment(DropReason.VRID); // keepalived: silently ignored, unless log_unknown_vrids
            if (logUnknownVrids) {
                log.info("Unknown VRID({}) received on interface({}) from {}. ignoring...", vrid, interfaceName == null ? "?" : interfaceName,
                        advert.source() == null ? "?" : advert.source().getHostAddress());
            }
            return List.of();
        }
        return run(List.of(new Pending(match, new VrrpEvent.AdvertReceived(advert), false)), now);
    }

    /** The VRID of a datagram, or -1 if it cannot be VRRP. */
    static int peekVrid(InboundAdvert a) {
        byte[] b = a.bytes();
        int off = 0;
        if (a.family() == AddressFamily.IPV4) {
            if (b.length < Ipv4Header.LENGTH) return -1;
            off = (b[0] & 0x0f) * 4;
            if ((b[Ipv4Header.OFFSET_PROTOCOL] & 0xff) == Ipv4Header.IPPROTO_AH) off += AuthenticationHeader.LENGTH;
        }
        return b.length >= off + VrrpCodec.HEADER_LENGTH ? b[off + VrrpCodec.OFFSET_VRID] & 0xff : -1;
    }

    private List<InstanceAction> run(List<Pending> initial, long now) {
        List<InstanceAction> out = new ArrayList<>();
        Deque<Pending> queue = new ArrayDeque<>(initial);
        while (!queue.isEmpty()) {
            Pending p = queue.poll();
            VrrpInstance i = p.instance();
            boolean wasMaster = i.state() == VrrpState.MASTER, garped = false;
            for (Action a : i.on(p.event(), now)) {
                out.add(new InstanceAction(i.name(), a));
                Group g = groupOf.get(i.name());
                if (g != null && !p.forced() && a instanceof Action.Transitioned t) propagate(g, i, t, queue);
                garped |= a instanceof Action.SendGarps;
            }
            Group g = groupOf.get(i.name());
            // A MASTER that answered a lower-priority advert with GARPs: the peer had the whole group (found by the soak:
            // its other members may have yielded silently, forced by their group, and clients kept their MACs).
            if (g != null && wasMaster && garped && i.state() == VrrpState.MASTER && p.event() instanceof VrrpEvent.AdvertReceived)
                refreshGroup(g, i, queue);
            if (g != null) syncFaults(g, queue);
            if (queue.isEmpty()) for (Group grp : groups) groupNotify(grp, out);
        }
        return out;
    }

    private void propagate(Group g, VrrpInstance from, Action.Transitioned t, Deque<Pending> queue) {
        VrrpState to = t.to();
        if (to != VrrpState.MASTER && !(to == VrrpState.BACKUP && t.from() == VrrpState.MASTER)) return;
        String reason = "sync group " + g.settings.name() + ": " + from.name() + " entered " + to;
        for (VrrpInstance m : g.members) if (m != from) queue.add(new Pending(m, new VrrpEvent.SyncGroupForce(to, reason), true));
    }

    private void refreshGroup(Group g, VrrpInstance from, Deque<Pending> queue) {
        String reason = "sync group " + g.settings.name() + ": " + from.name() + " answered a lower-priority advert";
        for (VrrpInstance m : g.members) {
            if (m != from && m.state() == VrrpState.MASTER) queue.add(new Pending(m, new VrrpEvent.SyncGroupRefresh(reason), true));
        }
    }

    /** Every member is in group fault exactly while some other member is at fault by itself. */
    private void syncFaults(Group g, Deque<Pending> queue) {
        for (VrrpInstance m : g.members) {
            String other = null;
            for (VrrpInstance x : g.members) if (x != m && x.ownFaultReason() != null) other = x.name() + ": " + x.ownFaultReason();
            if (other != null && !m.groupFault())
                queue.add(new Pending(m, new VrrpEvent.SyncGroupForce(VrrpState.FAULT, "sync group " + g.settings.name() + " fault (" + other + ")"), true));
            else if (other == null && m.groupFault())
                queue.add(new Pending(m, new VrrpEvent.SyncGroupFaultCleared(), true));
        }
    }

    private void groupNotify(Group g, List<InstanceAction> out) {
        VrrpState s = g.members.getFirst().state();
        for (VrrpInstance m : g.members) if (m.state() != s) return;
        if (s == g.state || s == VrrpState.INIT) return;
        g.state = s;
        log.info("VRRP_Group({}) Syncing instances to {} state", g.settings.name(), s);
        NotifySettings n = g.settings.notifications();
        if (VrrpAlerts.wanted(n, s.keepalivedName(), g.lastMailed)) {
            Action.MailAlert m = VrrpAlerts.group(g.settings.name(), s.keepalivedName());
            if (m != null) {
                out.add(new InstanceAction(null, m));
                g.lastMailed = s.keepalivedName();
            }
        }
        if (n == null) return;
        List<String> specific = n.forState(s);
        if (specific != null) out.add(new InstanceAction(null, new Action.RunNotify(specific, n.timeoutMillis())));
        if (n.generic() != null) {
            List<String> argv = new ArrayList<>(n.generic());
            argv.addAll(List.of("GROUP", g.settings.name(), s.keepalivedName(), "0"));
            out.add(new InstanceAction(null, new Action.RunNotify(argv, n.timeoutMillis())));
        }
        if (n.fifo() != null) out.add(new InstanceAction(null, new Action.WriteNotifyFifo(n.fifo(), "GROUP \"" + g.settings.name() + "\" " + s + " 0")));
    }

    /** fifo_write_vrrp_states_on_reload: each sync group's, then each instance's, current state as its FIFO line. */
    public List<Action.WriteNotifyFifo> stateFifoLines() {
        List<Action.WriteNotifyFifo> out = new ArrayList<>();
        for (Group g : groups) {
            NotifySettings n = g.settings.notifications();
            if (n != null && n.fifo() != null && g.state != VrrpState.INIT)
                out.add(new Action.WriteNotifyFifo(n.fifo(), "GROUP \"" + g.settings.name() + "\" " + g.state + " 0"));
        }
        for (VrrpInstance i : instances()) {
            Action.WriteNotifyFifo line = i.stateFifoLine();
            if (line != null) out.add(line);
        }
        return out;
    }

    /** The state of a sync group (INIT until all members first agree). */
    public VrrpState groupState(String group) {
        for (Group g : groups) if (g.settings.name().equals(group)) return g.state;
        throw new IllegalArgumentException("no sync group " + group);
    }
}
