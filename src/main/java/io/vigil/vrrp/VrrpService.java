package io.vigil.vrrp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The imperative shell of VRRP: owns a {@link VrrpNode}, runs one event-loop thread ("vrrp", {@link VrrpLoop}) with a
 * timer queue on System.nanoTime, feeds it received adverts, link changes, timers and track results, and has its
 * actions carried out through the {@link VrrpPorts} ({@link ActionExecutor}). Starts, reloads and stops. On start it
 * removes leftover VIPs of its instances (a crashed run's, {@link VipCleanup}); on every exit path (close, a JVM
 * shutdown hook, the loop dying) it sends priority-0 adverts for its masters and removes the VIPs it added.
 */
public final class VrrpService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VrrpService.class);

    private final VrrpNode node;
    /** The running configuration; replaced by {@link #reload} (on the VRRP thread, read from any). */
    private volatile List<VrrpInstanceSettings> settings;
    private volatile List<SyncGroupSettings> groupSettings;
    private final VrrpPorts ports;
    private final LongSupplier clock;
    private final TakeoverTrace trace;
    private final TrackSchedule tracking;
    private final TimerQueue timers = new TimerQueue();
    private final VrrpLoop loop;
    private final ActionExecutor actions;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile Thread loopThread;
    private Thread shutdownHook;

    private volatile ThreadTuner threadTuner = ThreadTuner.NONE;

    /**
     * dynamic_interfaces (before {@code start}): an instance's interface may be missing (its socket is opened when it
     * appears, the instance is in FAULT meanwhile) and an instance without a configured source sends from the
     * interface's address of the moment.
     */
    public void dynamicInterfaces(boolean on) {
        dynamicInterfaces = on;
    }

    private volatile boolean dynamicInterfaces;

    /** log_unknown_vrids (keepalived's wording in the log). */
    public void logUnknownVrids(boolean on) {
        node.logUnknownVrids(on);
    }

    /** The VRRP event thread's scheduling (keepalived's vrrp_priority / vrrp_rt_priority); set before {@code start}. */
    /** max_auto_priority (before start). */
    public void autoPriority(AutoPriority auto) {
        loop.autoPriority = auto;
    }

    public void threadTuner(ThreadTuner tuner) {
        this.threadTuner = tuner;
    }

    public VrrpService(List<VrrpInstanceSettings> instances, List<SyncGroupSettings> groups, VrrpPorts ports) {
        this(instances, groups, ports, System::nanoTime, 1000);
    }

    public VrrpService(List<VrrpInstanceSettings> instances, List<SyncGroupSettings> groups, VrrpPorts ports, LongSupplier clock,
                       long trackFilePollMillis) {
        this.node = new VrrpNode(instances, groups);
        this.settings = List.copyOf(instances);
        this.groupSettings = List.copyOf(groups);
        this.ports = ports;
        this.clock = clock;
        this.trace = new TakeoverTrace(clock);
        this.loop = new VrrpLoop(timers, clock);
        this.actions = new ActionExecutor(node, ports, clock, timers, trace);
        this.tracking = new TrackSchedule(timers, ports.scripts(), clock, trackFilePollMillis, this::post,
                event -> execute(node.onAll(event, clock.getAsLong())));
        for (VrrpInstance i : node.instances()) {
            actions.states.put(i.name(), VrrpState.INIT);
            actions.priorities.put(i.name(), i.effectivePriority());
        }
    }

    /** Cleans up leftovers, opens the sockets and watchers, and starts the VRRP thread. */
    public synchronized void start(boolean installShutdownHook) throws IOException {
        if (loop.running || closed) throw new IllegalStateException("already started");
        for (VrrpInstanceSettings s : settings) {
            for (AddressVmac v : s.allVmacs()) {
                ports.addresses().createVmac(v.vmac(), v.base(), v.family(), v.vmac() == s.vmac() ? s.sourceAddress() : null);
                log.info("({}) using vmac {} ({}) on {}", s.name(), v.vmac().name(), v.vmac().mac(), v.base());
            }
        }
        VipCleanup.removeLeftovers(settings, resumeAsMaster.keySet(), ports);
        for (VrrpInstanceSettings s : settings) io(() -> ports.announcer().prepare(s.vipInterface()), s.name(), "prepare announcements");
        loop.running = true;
        loopThread = Thread.ofPlatform().name("vrrp").start(() -> loop.run(threadTuner, this::loopExited));
        try {
            ports.channel().openMissingLater(dynamicInterfaces);
            ports.links().watch(interfaceNames(settings), this::linkChanged);
            ports.channel().open(endpoints(settings), this::advertReceived);
            if (dynamicInterfaces) ports.links().watchAddresses(sourceInterfaces(settings), this::addressChanged);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        post(() -> {
            resumeAsMaster.forEach((name, lastAdvert) -> execute(node.on(name, new VrrpEvent.Resume(lastAdvert), clock.getAsLong())));
            long now = clock.getAsLong();
            if (startupDelayMillis > 0) log.info("Delaying startup for {} seconds",
                    java.math.BigDecimal.valueOf(startupDelayMillis, 3).stripTrailingZeros().toPlainString());
            execute(node.onAll(startupDelayMillis > 0 ? new VrrpEvent.Startup(now + startupDelayMillis * 1_000_000L) : new VrrpEvent.Startup(), now));
            tracking.update(settings);
        });
        // The warm-ups run beside the instances rather than before them: a BACKUP has its master-down time (3 adverts
        // and more) before it needs the hot paths, and nobody waits for them at start-up (they took ~0.1-0.2 s there).
        List<VrrpInstanceSettings> warm = settings;
        Thread.ofPlatform().daemon().name("vrrp-warmup").start(() -> VrrpWarmup.warmUp(warm, ports));
        if (installShutdownHook) {
            shutdownHook = new Thread(this::close, "vrrp-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    public void start() throws IOException {
        start(true);
    }

    /** A tracked BFD session went Up or fell from Up (called from the BFD thread). */
    public void bfdChanged(String session, boolean up) {
        post(() -> execute(node.onAll(new VrrpEvent.BfdStateChanged(session, up), clock.getAsLong())));
    }

    private void linkChanged(String ifname, boolean up) {
        if (up && dynamicInterfaces) ports.channel().openPresent(); // an interface created since: its socket first
        post(() -> execute(node.onAll(new VrrpEvent.LinkChanged(ifname, up), clock.getAsLong())));
    }

    /** dynamic_interfaces: the address an interface's instances send from changed (null: it has none). */
    private void addressChanged(String ifname, AddressFamily family, InetAddress address) {
        if (address != null) ports.channel().openPresent();
        post(() -> execute(node.onAll(new VrrpEvent.InterfaceAddress(ifname, family, address), clock.getAsLong())));
    }

    private static Collection<String> sourceInterfaces(List<VrrpInstanceSettings> list) {
        Set<String> names = new LinkedHashSet<>();
        for (VrrpInstanceSettings s : list) if (s.sourceFromInterface()) names.add(s.interfaceName());
        return names;
    }

    /**
     * The arrival time is taken on the reader thread: the master-down timer runs from when the advert arrived, not
     * from when the VRRP thread got to it.
     */
    private void advertReceived(String ifname, InboundAdvert advert) {
        long arrived = clock.getAsLong();
        post(() -> execute(node.onAdvert(ifname, advert, arrived)));
    }

    /**
     * SIGHUP: applies a new configuration as a difference ({@link VrrpReloadPlan}). Kept instances are not touched;
     * removed ones stop as on shutdown; added ones start; changed ones restart, or keep their state when only their
     * addresses changed. New sockets, link watches and vmacs are set up first on the calling thread (nothing changes
     * if that fails); the instances change on the VRRP thread, in one task, and this call waits for it.
     *
     * @throws IllegalArgumentException the new settings are inconsistent (nothing changed)
     * @throws IOException              a new socket, watch or vmac could not be set up (nothing changed), or the
     *                                  VRRP thread did not apply the change within 10 s
     */
    public synchronized VrrpReloadPlan reload(List<VrrpInstanceSettings> instances, List<SyncGroupSettings> groups) throws IOException {
        if (!loop.running || closed) throw new IllegalStateException("VRRP service not running");
        List<VrrpInstanceSettings> before = settings;
        List<VrrpInstanceSettings> next = List.copyOf(instances);
        List<SyncGroupSettings> nextGroups = List.copyOf(groups);
        VrrpReloadPlan plan = VrrpReloadPlan.of(before, groupSettings, next, nextGroups);
        if (plan.unchanged()) {
            log.info("VRRP reload: no instance changed ({} kept)", next.size());
            return plan;
        }
        Set<String> oldVmacs = vmacs(before), newVmacs = vmacs(next);
        for (VrrpInstanceSettings s : next) {
            for (AddressVmac v : s.allVmacs()) {
                if (oldVmacs.contains(v.vmac().name())) continue;
                ports.addresses().createVmac(v.vmac(), v.base(), v.family(), v.vmac() == s.vmac() ? s.sourceAddress() : null);
                log.info("({}) using vmac {} ({}) on {}", s.name(), v.vmac().name(), v.vmac().mac(), v.base());
            }
        }
        for (VrrpInstanceSettings s : next) {
            if (plan.kindOf(s.name()) == VrrpReloadPlan.Kind.KEPT) continue;
            io(() -> ports.announcer().prepare(s.vipInterface()), s.name(), "prepare announcements");
        }
        // The ports add to what they have: sockets and link watches stay open for what is kept.
        List<AdvertChannel.Endpoint> newEndpoints = new ArrayList<>(endpoints(next));
        newEndpoints.removeAll(endpoints(before));
        if (!newEndpoints.isEmpty()) ports.channel().open(newEndpoints, this::advertReceived);
        Set<String> newNames = new LinkedHashSet<>(interfaceNames(next));
        newNames.removeAll(interfaceNames(before));
        // Their current states are reported through post(), so they reach the node before the task below.
        if (!newNames.isEmpty()) ports.links().watch(newNames, this::linkChanged);
        Set<String> newSources = new LinkedHashSet<>(sourceInterfaces(next));
        newSources.removeAll(sourceInterfaces(before));
        if (dynamicInterfaces && !newSources.isEmpty()) ports.links().watchAddresses(newSources, this::addressChanged);
        java.util.concurrent.CompletableFuture<Void> applied = new java.util.concurrent.CompletableFuture<>();
        // Either the task starts or the caller gives up, not both: a reload reported as failed must not apply later.
        java.util.concurrent.atomic.AtomicBoolean claimed = new java.util.concurrent.atomic.AtomicBoolean();
        post(() -> {
            if (!claimed.compareAndSet(false, true)) return;
            try {
                applyReload(plan, next, nextGroups);
                applied.complete(null);
            } catch (RuntimeException e) {
                applied.completeExceptionally(e);
            }
        });
        try {
            applied.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (claimed.compareAndSet(false, true)) throw new IOException("interrupted before the VRRP thread applied the reload");
            applied.join(); // already applying: let it finish
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("applying the reload failed: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            if (claimed.compareAndSet(false, true)) throw new IOException("the VRRP thread did not get to the reload within 10 s; nothing changed");
            applied.join(); // started just now: it finishes
        }
        // After the new instances run (a changed group was joined above): no gap in what is received.
        ports.channel().retain(endpoints(next));
        for (VrrpInstanceSettings s : before) {
            for (AddressVmac av : s.allVmacs()) {
                String v = av.vmac().name();
                if (!newVmacs.contains(v)) io(() -> ports.addresses().deleteVmac(v), s.name(), "delete vmac " + v);
            }
        }
        return plan;
    }

    /** The reload's one task on the VRRP thread. */
    private void applyReload(VrrpReloadPlan plan, List<VrrpInstanceSettings> next, List<SyncGroupSettings> nextGroups) {
        for (VrrpReloadPlan.Change c : plan.changes()) log.info(c.logLine());
        for (String note : plan.groupNotes()) log.info(note);
        List<InstanceAction> decided = node.reload(plan, next, nextGroups, clock.getAsLong());
        // An added or restarted instance's first transitions are among these actions: its listeners read its priority.
        Set<String> fresh = new LinkedHashSet<>(plan.instances(VrrpReloadPlan.Kind.ADDED));
        fresh.addAll(plan.instances(VrrpReloadPlan.Kind.RESTARTED));
        for (VrrpInstance i : node.instances()) if (fresh.contains(i.name())) actions.priorities.put(i.name(), i.effectivePriority());
        execute(decided);
        for (String gone : plan.instances(VrrpReloadPlan.Kind.REMOVED)) {
            actions.states.remove(gone);
            actions.priorities.remove(gone);
        }
        for (VrrpInstance i : node.instances()) {
            actions.states.put(i.name(), i.state());
            actions.priorities.put(i.name(), i.effectivePriority());
        }
        settings = next;
        groupSettings = nextGroups;
        tracking.update(settings);
        log.info("VRRP reload applied: {}", plan.summary());
    }

    private static Set<String> vmacs(List<VrrpInstanceSettings> list) {
        Set<String> out = new LinkedHashSet<>();
        for (VrrpInstanceSettings s : list) for (AddressVmac v : s.allVmacs()) out.add(v.vmac().name());
        return out;
    }

    /** Current state of each instance (any thread). */
    public Map<String, VrrpState> states() {
        return Map.copyOf(actions.states);
    }

    public VrrpState state(String instance) {
        return actions.states.get(instance);
    }

    /** The last effective priority of an instance; 0 for a name this service does not run (never throws: listeners call it). */
    public int effectivePriority(String instance) {
        return actions.priorities.getOrDefault(instance, 0);
    }

    /** A consistent snapshot of every instance, taken on the VRRP thread (completes exceptionally once stopped). */
    public java.util.concurrent.CompletableFuture<List<InstanceStatus>> status() {
        java.util.concurrent.CompletableFuture<List<InstanceStatus>> f = new java.util.concurrent.CompletableFuture<>();
        if (!loop.running) {
            f.completeExceptionally(new IllegalStateException("VRRP service not running"));
            return f;
        }
        post(() -> f.complete(node.instances().stream().map(InstanceStatus::of).toList()));
        return f;
    }

    /**
     * fifo_write_vrrp_states_on_reload: queues every group's and instance's current state line for the notify FIFO,
     * read on the VRRP thread; completes once the lines are written.
     */
    public java.util.concurrent.CompletableFuture<Void> writeStatesToFifo() {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        post(() -> {
            java.util.concurrent.CompletableFuture<Void> last = java.util.concurrent.CompletableFuture.completedFuture(null);
            for (Action.WriteNotifyFifo f : node.stateFifoLines()) last = ports.scripts().writeFifo(f.path(), f.line());
            last.whenComplete((v, e) -> done.complete(null));
        });
        return done;
    }

    /** A tracked process gained or lost its quorum (any thread: the process monitor's). */
    public void processState(String name, boolean up) {
        post(() -> execute(node.onAll(new VrrpEvent.TrackProcessState(name, up), clock.getAsLong())));
    }

    /** Where alert e-mails go ({@code smtp_alert}); must not block. Without one they are only logged at debug level. */
    public void alerts(Consumer<Action.MailAlert> sink) {
        actions.alerts = sink;
    }

    /** Called on the VRRP thread after each transition. */
    public void addListener(Consumer<Action.Transitioned> listener) {
        actions.listeners.add(listener);
    }

    /** Called on the VRRP thread after each effective priority change. */
    public void addPriorityListener(Consumer<Action.PriorityChanged> listener) {
        actions.priorityListeners.add(listener);
    }

    /** How a notify script of an instance (or sync group) ended; called on the script runner's thread. */
    @FunctionalInterface
    public interface NotifyListener {
        void ended(String instance, List<String> argv, ScriptRunner.Result result);
    }

    public void addNotifyListener(NotifyListener listener) {
        actions.notifyListeners.add(listener);
    }

    /** Gratuitous ARPs / unsolicited NAs sent by an instance so far (readable from any thread). */
    public long garpsSent(String instance) {
        return actions.garpsSent(instance);
    }

    /**
     * Called on the VRRP thread after each advert with a priority above 0 is sent (once per datagram): the watchdog
     * learns when the last one went out, which decides whether a restarted process may resume ({@link ResumeWindow}).
     * A listener must not block.
     */
    public void addAdvertListener(Consumer<String> listener) {
        actions.advertListeners.add(listener);
    }

    /** Drop counters of an instance (readable from any thread), and of datagrams no instance claimed. */
    public DropCounters drops(String instance) {
        return node.instance(instance).drops();
    }

    public DropCounters unroutedDrops() {
        return node.unroutedDrops();
    }

    /** Runs {@code task} on the VRRP thread. */
    public void post(Runnable task) {
        loop.post(task);
    }

    /**
     * The first step of a stop, and the only one on the failover path: sends every master's priority-0 advert on the
     * calling thread (built ahead, {@link StopAdverts}), then hands the VRRP thread its last task (the rest of the stop:
     * VIPs removed, transitions, notifies) and returns at once, so a stop can start it from whichever thread learns of
     * the stop first (a signal, the parent's command) before any slower clean-up. Idempotent; {@link #close()} calls
     * it too and waits. False when the VRRP thread is not running.
     */
    public boolean beginShutdown() {
        if (!loop.running || loopThread == null || !loopThread.isAlive()) return false;
        if (shutdownPosted.compareAndSet(false, true)) {
            actions.sendStopAdverts();
            loop.add(shutdownTask);
        }
        return true;
    }

    private final java.util.concurrent.atomic.AtomicBoolean shutdownPosted = new java.util.concurrent.atomic.AtomicBoolean();
    private final CountDownLatch shutdownDone = new CountDownLatch(1);
    /** Made before it is needed: a lambda's first use costs about a millisecond in a JVM without an AOT cache. */
    private final Runnable shutdownTask = this::shutdownOnLoop;

    private void shutdownOnLoop() {
        try {
            execute(node.shutdown("shutting down", clock.getAsLong()));
        } finally {
            actions.removeInstalled();
            loop.running = false;
            shutdownDone.countDown();
        }
    }

    /** The VRRP thread's last act, however it ends. */
    private void loopExited(boolean wasRunning) {
        if (wasRunning || !actions.nothingInstalled()) {
            // Dying with VIPs configured: do what a clean stop does, as far as possible.
            try {
                execute(node.shutdown("VRRP thread exiting", clock.getAsLong()));
            } catch (Throwable t) {
                log.error("shutdown after a failure failed", t);
            }
            actions.removeInstalled();
        }
        stopped.countDown();
        shutdownDone.countDown(); // a posted shutdown task that never ran is not waited for
    }

    private void execute(List<InstanceAction> decided) {
        actions.execute(decided);
    }

    /**
     * Stops: priority-0 adverts for masters, VIPs removed (on the VRRP thread, in order), then the thread, sockets
     * and watchers are closed. Idempotent; also the shutdown hook.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        if (beginShutdown() || shutdownPosted.get()) { // posted earlier: wait for it all the same
            try {
                if (!shutdownDone.await(5, TimeUnit.SECONDS)) log.warn("VRRP thread did not stop within 5 s");
                stopped.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        loop.running = false;
        if (loopThread != null) loopThread.interrupt();
        // The STOP notifies were chained behind earlier ones still running: let them all finish (bounded) before
        // the script runner closes, or the last ones would be rejected.
        try {
            actions.awaitNotifies(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ports.channel().close();
        for (VrrpInstanceSettings s : settings) {
            for (AddressVmac v : s.allVmacs()) io(() -> ports.addresses().deleteVmac(v.vmac().name()), s.name(), "delete vmac " + v.vmac().name());
        }
        ports.links().close();
        ports.scripts().close();
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // JVM already shutting down
            }
        }
    }

    /**
     * Instances that were MASTER when the previous VRRP process died (the watchdog remembers), with how long ago that
     * process last sent an advert for each: they keep their VIPs and take the role back at once if no backup can have
     * taken over yet ({@link ResumeWindow}, decided when the first advert is due), else drop them and start cold.
     * Call before {@link #start}.
     */
    /** keepalived's {@code vrrp_startup_delay}: applies to this start only (instances a reload adds start at once). Before {@link #start}. */
    public void startupDelayMillis(long millis) {
        this.startupDelayMillis = millis;
    }

    private volatile long startupDelayMillis;

    public synchronized void resumeAsMaster(Map<String, Long> lastAdvertAgoMillis) {
        if (loop.running) throw new IllegalStateException("already started");
        long now = clock.getAsLong();
        lastAdvertAgoMillis.forEach((name, agoMillis) -> {
            if (settings.stream().anyMatch(s -> s.name().equals(name))) resumeAsMaster.put(name, now - agoMillis * 1_000_000L);
        });
    }

    /** Instance to the time of its previous process's last advert (this service's clock). */
    private final Map<String, Long> resumeAsMaster = new java.util.LinkedHashMap<>();

    private static void io(VipCleanup.IoAction a, String inst, String what) {
        VipCleanup.io(a, inst, what);
    }

    private static Collection<String> interfaceNames(List<VrrpInstanceSettings> list) {
        Set<String> names = new LinkedHashSet<>();
        for (VrrpInstanceSettings s : list) {
            names.add(s.interfaceName());
            for (TrackedInterface t : s.trackInterfaces()) names.add(t.name());
        }
        return names;
    }

    private static List<AdvertChannel.Endpoint> endpoints(List<VrrpInstanceSettings> list) {
        Set<AdvertChannel.Endpoint> eps = new LinkedHashSet<>();
        for (VrrpInstanceSettings s : list)
            eps.add(new AdvertChannel.Endpoint(s.advertInterface(), s.family(), s.sourceAddress(),
                    s.unicast() ? null : s.options().group(s.family()), s.auth().type() == VrrpPacket.AUTH_AH));
        return List.copyOf(eps);
    }
}
