package io.vigil.vrrp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The VRRP state machine of one instance (RFC 3768 / RFC 5798 section 6, with keepalived's behaviour where it
 * differs). Pure: {@link #on(VrrpEvent, long)} takes an event and the time (System.nanoTime scale) and returns the
 * actions for the shell; nothing here does I/O or reads a clock. Single-threaded (the VRRP thread or a simulation).
 *
 * <p>Timers: Master_Down_Interval = 3 × Master_Adver_Interval + Skew_Time, Skew_Time = (256 − priority) / 256 s for
 * v2 and (256 − priority) × Master_Adver_Interval / 256 for v3, computed exactly in nanoseconds (no rounding to
 * centiseconds, as keepalived: 3804.6875 ms for v2, advert 1 s, priority 50).
 */
public final class VrrpInstance {
    private static final Logger LOG = LoggerFactory.getLogger(VrrpInstance.class);

    private final Logger log;

    /** Replaced only by {@link #changeAddresses} (a reload that changed nothing but the addresses). */
    private VrrpInstanceSettings settings;
    private final String name;
    private final PriorityTrackers trackers;
    private final DropCounters drops = new DropCounters();
    private final DropLogLimiter dropLog = new DropLogLimiter();
    private VrrpState state = VrrpState.INIT;
    private int effectivePriority;
    private int masterAdvertIntervalCentis;
    private InetAddress masterAddress;
    private int masterPriority;
    private long preemptAtNanos;
    private boolean preemptArmed;
    private int ipId;
    private long ahSequence;
    private boolean groupFault;
    private final InstanceNotices notices;
    private long advertsSent;
    private long advertsReceived;
    private long becameMaster;
    /** When the last valid advert was received (nanoTime scale), 0 before any. */
    private long lastAdvertNanos;
    /** vrrp_startup_delay: the end of the delay (nanoTime scale), or {@link VrrpEvent.Startup#NO_DELAY}. */
    private long delayedStartNanos = VrrpEvent.Startup.NO_DELAY;
    private long priorityZeroReceived;
    private long priorityZeroSent;
    private long addressListMismatches;

    public VrrpInstance(VrrpInstanceSettings settings) {
        this(settings, false);
    }

    /** {@code quiet}: logs nothing (warm-up copies). */
    VrrpInstance(VrrpInstanceSettings settings, boolean quiet) {
        this.log = quiet ? org.slf4j.helpers.NOPLogger.NOP_LOGGER : LOG;
        this.settings = settings;
        this.name = settings.name();
        this.trackers = new PriorityTrackers(settings);
        this.notices = new InstanceNotices(name);
        this.effectivePriority = trackers.effectivePriority();
        this.masterAdvertIntervalCentis = settings.advertIntervalCentis();
    }

    /** Before start: see {@link PriorityTrackers#seed}. */
    void seedTracking(java.util.Map<String, Boolean> knownLinks, java.util.Map<String, Long> knownFiles,
                      java.util.Map<String, Boolean> knownProcesses, java.util.Map<String, Boolean> knownBfds, List<VrrpInstance> donors) {
        if (state != VrrpState.INIT) throw new IllegalStateException(name + " already started");
        trackers.seed(knownLinks, knownFiles, knownProcesses, knownBfds, donors.stream().map(d -> d.trackers).toList());
        effectivePriority = trackers.effectivePriority();
    }

    /**
     * A reload changed only this instance's addresses ({@code virtual_ipaddress}, excluded ones, routes, rules): the
     * state and timers stay. A MASTER removes what went, adds what came and announces the new addresses; any other
     * state only takes the new lists (installed at its next takeover). The next advert carries the new address list.
     */
    public List<Action> changeAddresses(VrrpInstanceSettings next) {
        // A source that follows the interface is the one learnt from it, not the mapper's (unspecified or older) one.
        if (settings.sourceFromInterface() && next.sourceFromInterface()) next = next.withSourceAddress(settings.sourceAddress());
        List<String> other = VrrpReloadPlan.changedFields(settings, next).stream().filter(f -> !VrrpReloadPlan.ADDRESS_FIELDS.contains(f)).toList();
        if (!other.isEmpty()) throw new IllegalArgumentException(name + ": not an address-only change: " + other);
        VrrpInstanceSettings old = settings;
        settings = next;
        return state == VrrpState.MASTER ? AddressChange.forMaster(old, next) : new ArrayList<>();
    }

    public List<Action> on(VrrpEvent event, long nowNanos) {
        List<Action> out = new ArrayList<>();
        switch (event) {
            case VrrpEvent.Startup s -> {
                if (state == VrrpState.INIT) delayedStartNanos = s.delayedStartNanos();
                startup(nowNanos, out);
            }
            case VrrpEvent.Resume r -> resume(r.lastAdvertNanos(), nowNanos, out);
            case VrrpEvent.AdvertReceived r -> received(r.advert(), nowNanos, out);
            case VrrpEvent.TimerFired t -> timer(t.kind(), nowNanos, out);
            case VrrpEvent.LinkChanged l -> tracked(trackers.onLink(l.interfaceName(), l.up()), nowNanos, out);
            case VrrpEvent.InterfaceAddress a -> interfaceAddress(a, nowNanos, out);
            case VrrpEvent.TrackScriptResult r -> tracked(trackers.onScript(r.scriptName(), r.success()), nowNanos, out);
            case VrrpEvent.TrackFileValue f -> tracked(trackers.onFile(f.fileName(), f.value()), nowNanos, out);
            case VrrpEvent.TrackProcessState p -> tracked(trackers.onProcess(p.processName(), p.up()), nowNanos, out);
            case VrrpEvent.BfdStateChanged b -> tracked(trackers.onBfd(b.bfdName(), b.up()), nowNanos, out);
            case VrrpEvent.SyncGroupForce f -> forced(f.to(), f.reason(), nowNanos, out);
            case VrrpEvent.SyncGroupRefresh r -> {
                if (state != VrrpState.MASTER) return out;
                log.info("({}) {}: sending gratuitous ARPs", name, r.reason());
                garps(settings.garp().lowerPrioRepeat(), out);
            }
            case VrrpEvent.SyncGroupFaultCleared c -> {
                groupFault = false;
                if (state == VrrpState.FAULT && trackers.faultReason() == null) leaveFault("sync group fault cleared", nowNanos, out);
            }
            case VrrpEvent.Shutdown s -> {
                if (state != VrrpState.STOP) transition(VrrpState.STOP, s.reason(), nowNanos, out);
            }
        }
        return out;
    }

    private void startup(long now, List<Action> out) {
        startup("", now, out);
    }

    /** @param why what led here, put before the reason of the first transition (empty on a plain start) */
    private void startup(String why, long now, List<Action> out) {
        if (state != VrrpState.INIT) return;
        String fault = trackers.faultReason();
        if (fault != null) transition(VrrpState.FAULT, why + fault, now, out);
        else if (settings.priority() == VrrpPacket.PRIORITY_OWNER) transition(VrrpState.MASTER, why + "address owner (priority 255)", now, out);
        else if (settings.initialState() == VrrpState.MASTER)
            transition(VrrpState.BACKUP, why + "state MASTER with priority " + effectivePriority + " < 255 starts as BACKUP", now, out);
        else transition(VrrpState.BACKUP, why + "configured state BACKUP", now, out);
    }

    private void resume(long lastAdvertNanos, long now, List<Action> out) {
        if (state != VrrpState.INIT) return;
        long sinceMillis = (now - lastAdvertNanos) / 1_000_000;
        int n = settings.options().downTimerAdverts();
        if (!ResumeWindow.mayTakeBack(lastAdvertNanos, now, settings.version(), settings.advertIntervalCentis(), n)) {
            // A backup may be MASTER by now: taking the role from it would move the VIPs twice (and override nopreempt).
            out.add(new Action.RemoveVips(settings.vipInterface(), allVips(), settings.routes(), settings.rules()));
            startup("VRRP process restarted " + sinceMillis + " ms after its last advert as MASTER, too late to resume (a backup may have taken over after "
                    + ResumeWindow.earliestTakeoverNanos(settings.version(), settings.advertIntervalCentis(), n) / 1_000_000 + " ms): ", now, out);
            return;
        }
        String fault = trackers.faultReason();
        if (fault != null) transition(VrrpState.FAULT, fault, now, out);
        else transition(VrrpState.MASTER, "VRRP process restarted " + sinceMillis + " ms after its last advert as MASTER: taking the role back", now, out);
    }

    private void received(InboundAdvert in, long now, List<Action> out) {
        boolean followed = settings.options().skipCheckAdvAddr() && state == VrrpState.BACKUP && masterAddress != null
                && masterAddress.equals(in.source());
        AdvertValidator.Verdict v = AdvertValidator.validate(in, settings, ahSequence, followed);
        if (v instanceof AdvertValidator.Dropped d) {
            drops.increment(d.reason());
            // keepalived ignores foreign VRIDs silently; everything else is worth a line.
            if (d.reason() == DropReason.VRID) log.debug("({}) {}", name, d.detail());
            else {
                String more = dropLog.admit(d.reason(), now);
                if (more != null) log.info("({}) dropped advert from {}: {}{}", name, in.source() == null ? "?" : in.source().getHostAddress(), d.detail(), more);
            }
            return;
        }
        AdvertValidator.Accepted a = (AdvertValidator.Accepted) v;
        advertsReceived++;
        lastAdvertNanos = now;
        if (a.ahSequence() >= 0) ahSequence = Math.max(ahSequence, a.ahSequence());
        if (a.addressListMismatch()) {
            addressListMismatches++;
            log.info("({}) address list of advert from {} differs from ours: {} (accepted)", name, a.source().getHostAddress(), a.packet().addresses());
        }
        VrrpPacket p = a.packet();
        int prio = p.priority();
        if (prio == 0) priorityZeroReceived++;
        switch (state) {
            case BACKUP -> backupReceived(p, a.source(), now, out);
            case MASTER -> masterReceived(p, a.source(), now, out);
            default -> { } // INIT, FAULT, STOP: adverts only counted
        }
    }

    private void backupReceived(VrrpPacket p, InetAddress source, long now, List<Action> out) {
        int prio = p.priority();
        if (prio == 0) {
            log.info("({}) Backup received priority 0 advertisement", name);
            out.add(new Action.ScheduleTimer(TimerKind.MASTER_DOWN, downTimerFrom(now) + skewNanos()));
            return;
        }
        boolean delayRunning = settings.preemptDelayMillis() > 0 && (!preemptArmed || now < preemptAtNanos);
        if (!settings.preempt() || prio >= effectivePriority || delayRunning) {
            if (settings.version() == 3 && p.advertIntervalCentis() != masterAdvertIntervalCentis) {
                log.info("({}) advertisement interval changed: mine={} milli-sec, rcved={} milli-sec", name,
                        masterAdvertIntervalCentis * 10, p.advertIntervalCentis() * 10);
                masterAdvertIntervalCentis = Math.max(1, p.advertIntervalCentis());
            }
            masterPriority = prio;
            masterAddress = source;
            if (settings.preemptDelayMillis() > 0) {
                if (prio >= effectivePriority) preemptArmed = false;
                else if (!preemptArmed) {
                    preemptArmed = true;
                    preemptAtNanos = now + settings.preemptDelayMillis() * 1_000_000L;
                    log.info("({}) lower priority {} master {}: preempting after preempt_delay {} ms", name, prio,
                            source.getHostAddress(), settings.preemptDelayMillis());
                }
            }
            out.add(new Action.ScheduleTimer(TimerKind.MASTER_DOWN, downTimerFrom(now) + masterDownNanos()));
        } else {
            log.info("({}) received lower priority ({}) advert from {} - discarding", name, prio, source.getHostAddress());
        }
    }

    private void masterReceived(VrrpPacket p, InetAddress source, long now, List<Action> out) {
        int prio = p.priority();
        // keepalived restarts a MASTER's advert timer after a received advert unless lower_prio_no_advert is set.
        boolean restartTimer = !settings.options().lowerPrioNoAdvert();
        if (prio == 0) {
            sendAdvert(effectivePriority, out);
            if (restartTimer) out.add(new Action.ScheduleTimer(TimerKind.ADVERT, now + settings.advertIntervalNanos()));
            return;
        }
        int cmp = Integer.compare(prio, effectivePriority);
        if (cmp == 0) cmp = Inet.compare(source, settings.sourceAddress());
        if (cmp > 0) {
            // higher_prio_send_advert: one advert of ours first, so the new master hears that we were MASTER too.
            if (settings.options().higherPrioSendAdvert()) sendAdvert(effectivePriority, out);
            masterPriority = prio;
            masterAddress = source;
            if (settings.version() == 3) masterAdvertIntervalCentis = Math.max(1, p.advertIntervalCentis());
            transition(VrrpState.BACKUP, "Master received advert from " + source.getHostAddress() + " with higher priority " + prio
                    + ", ours " + effectivePriority, now, out);
        } else if (cmp < 0) {
            // keepalived re-asserts at once rather than waiting for the next advert: advert + GARPs.
            boolean answer = !settings.options().lowerPrioNoAdvert();
            log.info("({}) Received advert from {} with lower priority {}, ours {}{}", name,
                    source.getHostAddress(), prio, effectivePriority, answer ? ", forcing new election" : "");
            if (answer) sendAdvert(effectivePriority, out);
            garps(settings.garp().lowerPrioRepeat(), out);
            if (restartTimer) out.add(new Action.ScheduleTimer(TimerKind.ADVERT, now + settings.advertIntervalNanos()));
            if (settings.garp().lowerPrioDelayMillis() > 0 && settings.garp().lowerPrioRepeat() > 0)
                out.add(new Action.ScheduleTimer(TimerKind.GARP_LOWER_PRIO_DELAYED, now + settings.garp().lowerPrioDelayMillis() * 1_000_000L));
            notices.masterRxLowerPri(settings.notifications(), effectivePriority, out);
        }
        // cmp == 0 means our own address: a looped-back advert, ignored.
    }

    private void timer(TimerKind kind, long now, List<Action> out) {
        switch (kind) {
            case ADVERT -> {
                if (state != VrrpState.MASTER) return;
                sendAdvert(effectivePriority, out);
                out.add(new Action.ScheduleTimer(TimerKind.ADVERT, now + settings.advertIntervalNanos()));
            }
            case MASTER_DOWN -> {
                if (state == VrrpState.BACKUP) transition(VrrpState.MASTER, "Receive advertisement timeout", now, out);
            }
            case GARP_DELAYED -> {
                if (state == VrrpState.MASTER) garps(settings.garp().masterRepeat(), out);
            }
            case GARP_LOWER_PRIO_DELAYED -> {
                if (state == VrrpState.MASTER) garps(settings.garp().lowerPrioRepeat(), out);
            }
            case GARP_REFRESH -> {
                if (state != VrrpState.MASTER || settings.garp().refreshMillis() <= 0) return;
                garps(settings.garp().refreshRepeat(), out);
                out.add(new Action.ScheduleTimer(TimerKind.GARP_REFRESH, now + settings.garp().refreshMillis() * 1_000_000L));
            }
            case GARP_EXTRA_IF -> {
                long every = settings.options().garpExtraIfMillis();
                if (state != VrrpState.MASTER || every <= 0) return;
                extraIfGarps(out);
                out.add(new Action.ScheduleTimer(TimerKind.GARP_EXTRA_IF, now + every * 1_000_000L));
            }
        }
    }

    /**
     * dynamic_interfaces (keepalived's netlink address handling): an instance whose source follows its interface takes
     * the interface's new address; losing it is a fault, left first so that what a leaving MASTER sends still has a
     * source.
     */
    private void interfaceAddress(VrrpEvent.InterfaceAddress a, long now, List<Action> out) {
        if (!settings.sourceFromInterface() || !a.interfaceName().equals(settings.interfaceName()) || a.family() != settings.family()) return;
        if (a.address() == null) {
            tracked(trackers.onSource(false), now, out);
            if (!settings.sourceMissing()) settings = settings.withSourceAddress(settings.family().unspecified());
            return;
        }
        if (!a.address().equals(settings.sourceAddress())) {
            log.info("({}) sending from {}, the address of {}", name, a.address().getHostAddress(), settings.interfaceName());
            settings = settings.withSourceAddress(a.address());
        }
        tracked(trackers.onSource(true), now, out);
    }

    private void tracked(String reason, long now, List<Action> out) {
        if (reason == null) return;
        int newPriority = trackers.effectivePriority();
        if (newPriority != effectivePriority) {
            log.info("({}) Changing effective priority from {} to {} ({})", name, effectivePriority, newPriority, reason);
            out.add(new Action.PriorityChanged(name, effectivePriority, newPriority, reason));
            effectivePriority = newPriority;
            notices.priorityChanged(settings.notifications(), state == VrrpState.MASTER, newPriority, out);
        }
        String fault = trackers.faultReason();
        if (fault != null && state != VrrpState.FAULT && state != VrrpState.STOP && state != VrrpState.INIT) {
            transition(VrrpState.FAULT, fault, now, out);
        } else if (fault == null && state == VrrpState.FAULT && !groupFault) {
            leaveFault(reason, now, out);
        } else if (fault == null) {
            log.debug("({}) {}", name, reason);
        }
    }

    private void leaveFault(String reason, long now, List<Action> out) {
        if (settings.priority() == VrrpPacket.PRIORITY_OWNER) transition(VrrpState.MASTER, reason + "; address owner", now, out);
        else transition(VrrpState.BACKUP, reason + "; fault cleared", now, out);
    }

    private void forced(VrrpState to, String reason, long now, List<Action> out) {
        switch (to) {
            case MASTER -> {
                if (state == VrrpState.BACKUP) transition(VrrpState.MASTER, reason, now, out);
            }
            case BACKUP -> {
                if (state == VrrpState.MASTER) transition(VrrpState.BACKUP, reason, now, out);
            }
            case FAULT -> {
                groupFault = true;
                if (state != VrrpState.FAULT && state != VrrpState.STOP) transition(VrrpState.FAULT, reason, now, out);
            }
            default -> throw new IllegalArgumentException("a sync group cannot force " + to);
        }
    }

    /** The one place where the state changes: logs keepalived's wording and the reason, and does exit/entry work. */
    private void transition(VrrpState to, String reason, long now, List<Action> out) {
        VrrpState from = state;
        if (from == to) return;
        // Logged by the runtime when it executes the Transitioned action below, after the advert, VIPs and GARPs:
        // two synchronous log lines before the advert cost about a millisecond of takeover time (measured).
        // Leave the old state.
        if (from == VrrpState.MASTER) {
            if (to == VrrpState.FAULT || to == VrrpState.STOP) {
                sendAdvert(VrrpPacket.PRIORITY_STOP, out);
                priorityZeroSent++;
            }
            out.add(new Action.CancelTimer(TimerKind.ADVERT));
            out.add(new Action.CancelTimer(TimerKind.GARP_DELAYED));
            out.add(new Action.CancelTimer(TimerKind.GARP_REFRESH));
            out.add(new Action.CancelTimer(TimerKind.GARP_LOWER_PRIO_DELAYED));
            out.add(new Action.RemoveVips(settings.vipInterface(), allVips(), settings.routes(), settings.rules()));
        } else if (from == VrrpState.BACKUP) {
            out.add(new Action.CancelTimer(TimerKind.MASTER_DOWN));
        }
        state = to;
        preemptArmed = false;
        // Enter the new one.
        switch (to) {
            case MASTER -> {
                becameMaster++;
                masterAdvertIntervalCentis = settings.advertIntervalCentis();
                masterAddress = settings.sourceAddress();
                masterPriority = effectivePriority;
                // keepalived's order: the advert first (it is what stops the other backups' timers), then the VIPs,
                // then the announcements (which must follow the VIPs).
                sendAdvert(effectivePriority, out);
                out.add(new Action.AddVips(settings.vipInterface(), allVips(), settings.routes(), settings.rules()));
                garps(settings.garp().masterRepeat(), out);
                out.add(new Action.ScheduleTimer(TimerKind.ADVERT, now + settings.advertIntervalNanos()));
                if (settings.garp().masterDelayMillis() > 0)
                    out.add(new Action.ScheduleTimer(TimerKind.GARP_DELAYED, now + settings.garp().masterDelayMillis() * 1_000_000L));
                if (settings.garp().refreshMillis() > 0)
                    out.add(new Action.ScheduleTimer(TimerKind.GARP_REFRESH, now + settings.garp().refreshMillis() * 1_000_000L));
                if (settings.options().garpExtraIfMillis() > 0)
                    out.add(new Action.ScheduleTimer(TimerKind.GARP_EXTRA_IF, now + settings.options().garpExtraIfMillis() * 1_000_000L));
            }
            case BACKUP -> out.add(new Action.ScheduleTimer(TimerKind.MASTER_DOWN, downTimerFrom(now) + masterDownNanos()));
            case FAULT, STOP, INIT -> { }
        }
        out.add(new Action.Transitioned(name, from, to, reason));
        notices.entered(settings.notifications(), to, effectivePriority, out);
    }

    /** The notifies of an instance a reload removes: see {@link InstanceNotices#removedByReload}. */
    List<Action> removedByReloadNotifies() {
        return notices.removedByReload(settings.notifications(), effectivePriority);
    }

    private void garps(int count, List<Action> out) {
        GarpPlan.bursts(settings, allVips(), count, out);
    }

    private List<VirtualAddress> allVips() {
        return AddressChange.allVips(settings);
    }

    private void extraIfGarps(List<Action> out) {
        GarpPlan.extraInterfaces(settings, allVips(), out);
    }


    /** Builds the datagrams of one advert (one per destination) and counts it. */
    private void sendAdvert(int priority, List<Action> out) {
        ipId = AdvertDatagrams.nextIpId(ipId);
        if (settings.auth().type() == VrrpPacket.AUTH_AH) ahSequence = AdvertDatagrams.nextAhSequence(ahSequence);
        advertsSent++;
        out.add(new Action.SendAdvert(priority, AdvertDatagrams.of(settings, priority, ipId, ahSequence)));
    }

    /**
     * The priority-0 advert this instance would send if it stopped now (the next IP id and AH sequence number), built
     * ahead so a stop can send it at once ({@link StopAdverts}); the counters move only when it is really decided.
     */
    List<OutboundAdvert> stopAdvert() {
        long ah = settings.auth().type() == VrrpPacket.AUTH_AH ? AdvertDatagrams.nextAhSequence(ahSequence) : ahSequence;
        return AdvertDatagrams.of(settings, VrrpPacket.PRIORITY_STOP, AdvertDatagrams.nextIpId(ipId), ah);
    }

    /** Until vrrp_startup_delay has passed, a BACKUP's timers run from its end (keepalived's vrrp_delayed_start_time). */
    private long downTimerFrom(long now) {
        return delayedStartNanos != VrrpEvent.Startup.NO_DELAY && now - delayedStartNanos < 0 ? delayedStartNanos : now;
    }

    /** Skew_Time in nanoseconds for the current effective priority (exact, no rounding). */
    public long skewNanos() {
        long span = 256L - effectivePriority;
        return settings.version() == 2 ? span * 1_000_000_000L / 256 : span * masterAdvertIntervalCentis * 10_000_000L / 256;
    }

    /** Master_Down_Interval in nanoseconds: 3 (down_timer_adverts) × Master_Adver_Interval + Skew_Time. */
    public long masterDownNanos() {
        long interval = settings.version() == 2 ? settings.advertIntervalNanos() : masterAdvertIntervalCentis * 10_000_000L;
        return settings.options().downTimerAdverts() * interval + skewNanos();
    }

    /** fifo_write_vrrp_states_on_reload: the FIFO line of the current state, as a transition writes it (null without a FIFO, or in INIT). */
    public Action.WriteNotifyFifo stateFifoLine() {
        return notices.stateLine(settings.notifications(), state, effectivePriority);
    }

    public VrrpState state() { return state; }
    public String name() { return name; }
    public VrrpInstanceSettings settings() { return settings; }
    public int effectivePriority() { return effectivePriority; }
    public DropCounters drops() { return drops; }
    public InetAddress masterAddress() { return masterAddress; }
    public int masterPriority() { return masterPriority; }
    public long advertsSent() { return advertsSent; }
    public long advertsReceived() { return advertsReceived; }
    public long becameMasterCount() { return becameMaster; }
    public long lastAdvertNanos() { return lastAdvertNanos; }
    public long priorityZeroReceived() { return priorityZeroReceived; }
    public long priorityZeroSent() { return priorityZeroSent; }
    public long addressListMismatches() { return addressListMismatches; }
    public long ahSequence() { return ahSequence; }
    /** Whether the instance itself (not its sync group) is at fault, and why (null if not). */
    public String ownFaultReason() { return trackers.faultReason(); }
    public boolean groupFault() { return groupFault; }
}
