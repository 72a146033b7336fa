package io.vigil.daemon;

import io.vigil.observe.ObsEvent;
import io.vigil.vrrp.DropReason;
import io.vigil.vrrp.InstanceStatus;
import io.vigil.vrrp.SyncGroupSettings;
import io.vigil.vrrp.VrrpInstanceSettings;
import io.vigil.vrrp.VrrpService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The VRRP child's observations for the parent: transitions and priority changes as they happen (enqueued from the
 * VRRP thread without waiting), and each instance's counters once a second when they changed (a snapshot the VRRP
 * thread takes between two events, then encoded and written by other threads).
 */
final class VrrpReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VrrpReporter.class);
    static final long PERIOD_MILLIS = 1000;

    private final VrrpService service;
    private final Subsystem.StateSink sink;
    /** The running settings and groups (replaced at a reload). */
    private final Supplier<List<VrrpInstanceSettings>> settings;
    private final Supplier<List<SyncGroupSettings>> groups;
    private final Map<String, ObsEvent.VrrpCounters> sent = new HashMap<>();
    private final Thread poller;
    private volatile boolean open = true;

    VrrpReporter(VrrpService service, Subsystem.StateSink sink, Supplier<List<VrrpInstanceSettings>> settings,
                 Supplier<List<SyncGroupSettings>> groups) {
        this.service = service;
        this.sink = sink;
        this.settings = settings;
        this.groups = groups;
        service.addListener(t -> sink.event(new ObsEvent.VrrpTransition(System.currentTimeMillis(), t.instance(), t.from().name(),
                t.to().name(), t.reason(), service.effectivePriority(t.instance()))));
        service.addPriorityListener(p -> sink.event(new ObsEvent.PriorityChange(System.currentTimeMillis(), p.instance(), p.from(),
                p.to(), p.reason())));
        service.addNotifyListener((instance, argv, r) -> sink.event(new ObsEvent.NotifyExit(System.currentTimeMillis(), instance,
                argv.isEmpty() ? "" : argv.getFirst(), r.error() != null && r.exitStatus() == 0 ? -1 : r.exitStatus(), r.timedOut())));
        poller = Thread.ofVirtual().name("vrrp-reporter").start(this::poll);
    }

    private void poll() {
        while (open) {
            try {
                report();
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.debug("VRRP counters not reported: {}", e.toString());
                try {
                    Thread.sleep(PERIOD_MILLIS);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** One round: counters of every instance that changed since the last round; instances gone are reported removed. */
    void report() throws InterruptedException {
        // The time is taken before the snapshot: a transition after the snapshot then has a later (or equal) time.
        long nowMillis = System.currentTimeMillis(), nowNanos = System.nanoTime();
        List<InstanceStatus> status;
        try {
            status = service.status().get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return; // stopping, or the VRRP thread is busy: next round
        }
        Map<String, VrrpInstanceSettings> byName = new HashMap<>();
        for (VrrpInstanceSettings s : settings.get()) byName.put(s.name(), s);
        Map<String, String> groupOf = new HashMap<>();
        for (SyncGroupSettings g : groups.get()) for (String m : g.members()) groupOf.put(m, g.name());
        Set<String> seen = new HashSet<>();
        for (InstanceStatus st : status) {
            seen.add(st.name());
            VrrpInstanceSettings s = byName.get(st.name());
            Map<String, Long> drops = new LinkedHashMap<>();
            st.drops().forEach((reason, n) -> drops.put(dropName(reason), n));
            long lastAdvertMillis = st.lastAdvertNanos() == 0 ? 0 : nowMillis - (nowNanos - st.lastAdvertNanos()) / 1_000_000;
            List<String> vips = s == null ? List.of() : s.virtualAddresses().stream().map(v -> v.cidr()).toList();
            ObsEvent.VrrpCounters c = new ObsEvent.VrrpCounters(nowMillis, st.name(), st.vrid(), st.interfaceName(), groupOf.get(st.name()),
                    st.state().name(), st.basePriority(), st.effectivePriority(), text(st.masterAddress()), st.masterPriority(), lastAdvertMillis,
                    st.advertsSent(), st.advertsReceived(), st.becameMaster(), st.priorityZeroSent(), st.priorityZeroReceived(),
                    service.garpsSent(st.name()), drops, vips, st.faultReason());
            ObsEvent.VrrpCounters before = sent.get(st.name());
            if (before == null || !sameButTime(before, c)) {
                sent.put(st.name(), c);
                sink.counters("vrrp|" + st.name(), c);
            }
        }
        for (String gone : new HashSet<>(sent.keySet())) {
            if (seen.contains(gone)) continue;
            sent.remove(gone);
            sink.event(new ObsEvent.Removed(nowMillis, "instance", gone));
        }
    }

    static String dropName(DropReason r) {
        return r.name().toLowerCase(Locale.ROOT);
    }

    private static boolean sameButTime(ObsEvent.VrrpCounters a, ObsEvent.VrrpCounters b) {
        return a.equals(new ObsEvent.VrrpCounters(a.atMillis(), b.instance(), b.vrid(), b.interfaceName(), b.syncGroup(), b.state(),
                b.basePriority(), b.effectivePriority(), b.masterAddress(), b.masterPriority(), b.lastAdvertMillis(), b.advertsSent(),
                b.advertsReceived(), b.becameMaster(), b.priorityZeroSent(), b.priorityZeroReceived(), b.garpsSent(), b.drops(), b.vips(),
                b.faultReason()));
    }

    private static String text(InetAddress a) {
        return a == null ? null : io.vigil.net.InetText.of(a);
    }

    @Override
    public void close() {
        open = false;
        poller.interrupt();
    }
}
