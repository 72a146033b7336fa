package io.vigil.vrrp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The imperative shell of VRRP: owns a {@link VrrpNode}, runs one event-loop thread ("vrrp") with a timer queue on
 * System.nanoTime, feeds it received adverts, link changes, timers and track results, and executes its actions
 * through the {@link VrrpPorts}. On start it removes leftover VIPs of its instances (a crashed run's); on every exit
 * path (close, a JVM shutdown hook, the loop dying) it sends priority-0 adverts for its masters and removes the VIPs
 * it added.
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
    private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final TimerQueue timers = new TimerQueue();
    private final Map<String, VrrpState> states = new ConcurrentHashMap<>();
    private final Map<String, Integer> priorities = new ConcurrentHashMap<>();
    private final List<Consumer<Action.Transitioned>> listeners = new CopyOnWriteArrayList<>();
    private volatile Consumer<Action.MailAlert> alerts = m -> log.debug("alert e-mail (no smtp_server/notification_email): {}", m);
    private final List<Consumer<Action.PriorityChanged>> priorityListeners = new CopyOnWriteArrayList<>();
    private final List<NotifyListener> notifyListeners = new CopyOnWriteArrayList<>();
    /** GARPs and unsolicited NAs sent per instance (messages: rounds times addresses). */
    private final Map<String, java.util.concurrent.atomic.LongAdder> garps = new ConcurrentHashMap<>();
    /** VIPs/routes/rules we added and have not removed yet (VRRP thread only). */
    private final InstalledAddresses installed = new InstalledAddresses();
    private final Map<String, java.util.concurrent.CompletableFuture<Void>> notifyChains = new java.util.HashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running;
    private volatile boolean closed;
    private volatile Thread loop;
    private Thread shutdownHook;

    private volatile ThreadTuner threadTuner = ThreadTuner.NONE;

    /** log_unknown_vrids (keepalived's wording in the log). */
    public void logUnknownVrids(boolean on) {
        node.logUnknownVrids(on);
    }

    /** The VRRP event thread's scheduling (keepalived's vrrp_priority / vrrp_rt_priority); set before {@code start}. */
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
        this.tracking = new TrackSchedule(timers, ports.scripts(), clock, trackFilePollMillis, this::post,
                event -> execute(node.onAll(event, clock.getAsLong())));
        for (VrrpInstance i : node.instances()) {
            states.put(i.name(), VrrpState.INIT);
            priorities.put(i.name(), i.effectivePriority());
        }
    }

    /** Cleans up leftovers, opens the sockets and watchers, and starts the VRRP thread. */
    public synchronized void start(boolean installShutdownHook) throws IOException {
        if (running || closed) throw new IllegalStateException("already started");
        for (VrrpInstanceSettings s : settings) {
            if (s.vmacInterface() == null) continue;
            ports.addresses().createVmac(s.vmacInterface(), s.interfaceName(), s.vrid(), s.family() == AddressFamily.IPV6);
            log.info("({}) using vmac {} on {}", s.name(), s.vmacInterface(), s.interfaceName());
        }
        removeLeftovers();
        for (VrrpInstanceSettings s : settings) io(() -> ports.announcer().prepare(s.sendInterface()), s.name(), "prepare announcements");
        running = true;
        loop = Thread.ofPlatform().name("vrrp").start(this::runLoop);
        try {
            ports.links().watch(interfaceNames(settings), this::linkChanged);
            ports.channel().open(endpoints(settings), this::advertReceived);
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
        post(() -> execute(node.onAll(new VrrpEvent.LinkChanged(ifname, up), clock.getAsLong())));
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
        if (!running || closed) throw new IllegalStateException("VRRP service not running");
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
            if (s.vmacInterface() == null || oldVmacs.contains(s.vmacInterface())) continue;
            ports.addresses().createVmac(s.vmacInterface(), s.interfaceName(), s.vrid(), s.family() == AddressFamily.IPV6);
            log.info("({}) using vmac {} on {}", s.name(), s.vmacInterface(), s.interfaceName());
        }
        for (VrrpInstanceSettings s : next) {
            if (plan.kindOf(s.name()) == VrrpReloadPlan.Kind.KEPT) continue;
            io(() -> ports.announcer().prepare(s.sendInterface()), s.name(), "prepare announcements");
        }
        // The ports add to what they have: sockets and link watches stay open for what is kept.
        List<AdvertChannel.Endpoint> newEndpoints = new ArrayList<>(endpoints(next));
        newEndpoints.removeAll(endpoints(before));
        if (!newEndpoints.isEmpty()) ports.channel().open(newEndpoints, this::advertReceived);
        Set<String> newNames = new LinkedHashSet<>(interfaceNames(next));
        newNames.removeAll(interfaceNames(before));
        // Their current states are reported through post(), so they reach the node before the task below.
        if (!newNames.isEmpty()) ports.links().watch(newNames, this::linkChanged);
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
        for (VrrpInstanceSettings s : before) {
            String v = s.vmacInterface();
            if (v != null && !newVmacs.contains(v)) io(() -> ports.addresses().deleteVmac(v), s.name(), "delete vmac " + v);
        }
        return plan;
    }

    /** The reload's one task on the VRRP thread. */
    private void applyReload(VrrpReloadPlan plan, List<VrrpInstanceSettings> next, List<SyncGroupSettings> nextGroups) {
        for (VrrpReloadPlan.Change c : plan.changes()) log.info(c.logLine());
        for (String note : plan.groupNotes()) log.info(note);
        List<InstanceAction> actions = node.reload(plan, next, nextGroups, clock.getAsLong());
        // An added or restarted instance's first transitions are among these actions: its listeners read its priority.
        Set<String> fresh = new LinkedHashSet<>(plan.instances(VrrpReloadPlan.Kind.ADDED));
        fresh.addAll(plan.instances(VrrpReloadPlan.Kind.RESTARTED));
        for (VrrpInstance i : node.instances()) if (fresh.contains(i.name())) priorities.put(i.name(), i.effectivePriority());
        execute(actions);
        for (String gone : plan.instances(VrrpReloadPlan.Kind.REMOVED)) {
            states.remove(gone);
            priorities.remove(gone);
        }
        for (VrrpInstance i : node.instances()) {
            states.put(i.name(), i.state());
            priorities.put(i.name(), i.effectivePriority());
        }
        settings = next;
        groupSettings = nextGroups;
        tracking.update(settings);
        log.info("VRRP reload applied: {}", plan.summary());
    }

    private static Set<String> vmacs(List<VrrpInstanceSettings> list) {
        Set<String> out = new LinkedHashSet<>();
        for (VrrpInstanceSettings s : list) if (s.vmacInterface() != null) out.add(s.vmacInterface());
        return out;
    }

    /** Current state of each instance (any thread). */
    public Map<String, VrrpState> states() {
        return Map.copyOf(states);
    }

    public VrrpState state(String instance) {
        return states.get(instance);
    }

    /** The last effective priority of an instance; 0 for a name this service does not run (never throws: listeners call it). */
    public int effectivePriority(String instance) {
        return priorities.getOrDefault(instance, 0);
    }

    /** A consistent snapshot of every instance, taken on the VRRP thread (completes exceptionally once stopped). */
    public java.util.concurrent.CompletableFuture<List<InstanceStatus>> status() {
        java.util.concurrent.CompletableFuture<List<InstanceStatus>> f = new java.util.concurrent.CompletableFuture<>();
        if (!running) {
            f.completeExceptionally(new IllegalStateException("VRRP service not running"));
            return f;
        }
        post(() -> f.complete(node.instances().stream().map(InstanceStatus::of).toList()));
        return f;
    }

    /** Called on the VRRP thread after each transition. */
    /** A tracked process gained or lost its quorum (any thread: the process monitor's). */
    public void processState(String name, boolean up) {
        post(() -> execute(node.onAll(new VrrpEvent.TrackProcessState(name, up), clock.getAsLong())));
    }

    /** Where alert e-mails go ({@code smtp_alert}); must not block. Without one they are only logged at debug level. */
    public void alerts(Consumer<Action.MailAlert> sink) {
        this.alerts = sink;
    }

    public void addListener(Consumer<Action.Transitioned> listener) {
        listeners.add(listener);
    }

    /** Called on the VRRP thread after each effective priority change. */
    public void addPriorityListener(Consumer<Action.PriorityChanged> listener) {
        priorityListeners.add(listener);
    }

    /** How a notify script of an instance (or sync group) ended; called on the script runner's thread. */
    @FunctionalInterface
    public interface NotifyListener {
        void ended(String instance, List<String> argv, ScriptRunner.Result result);
    }

    public void addNotifyListener(NotifyListener listener) {
        notifyListeners.add(listener);
    }

    /** After the GARPs (takeover path: no lambda, no first-use invokedynamic). */
    private void countGarps(String instance, long messages) {
        java.util.concurrent.atomic.LongAdder a = garps.get(instance);
        if (a == null) {
            a = new java.util.concurrent.atomic.LongAdder();
            java.util.concurrent.atomic.LongAdder had = garps.putIfAbsent(instance, a);
            if (had != null) a = had;
        }
        a.add(messages);
    }

    /** Gratuitous ARPs / unsolicited NAs sent by an instance so far (readable from any thread). */
    public long garpsSent(String instance) {
        java.util.concurrent.atomic.LongAdder a = garps.get(instance);
        return a == null ? 0 : a.sum();
    }

    /**
     * Called on the VRRP thread after each advert with a priority above 0 is sent (once per datagram): the watchdog
     * learns when the last one went out, which decides whether a restarted process may resume ({@link ResumeWindow}).
     * A listener must not block.
     */
    public void addAdvertListener(Consumer<String> listener) {
        advertListeners.add(listener);
    }

    private final List<Consumer<String>> advertListeners = new CopyOnWriteArrayList<>();

    /** Drop counters of an instance (readable from any thread), and of datagrams no instance claimed. */
    public DropCounters drops(String instance) {
        return node.instance(instance).drops();
    }

    public DropCounters unroutedDrops() {
        return node.unroutedDrops();
    }

    /** Runs {@code task} on the VRRP thread. */
    public void post(Runnable task) {
        if (running) inbox.add(task);
    }

    /**
     * The first step of a stop, and the only one on the failover path: hands the VRRP thread its last task (priority-0
     * adverts for every master before anything else, then VIPs removed) and returns at once, so a stop can start it
     * from whichever thread learns of the stop first (a signal, the parent's command) before any slower clean-up.
     * Idempotent; {@link #close()} calls it too and waits. False when the VRRP thread is not running.
     */
    public boolean beginShutdown() {
        if (!running || loop == null || !loop.isAlive()) return false;
        if (shutdownPosted.compareAndSet(false, true)) inbox.add(shutdownTask);
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
            removeInstalled();
            running = false;
            shutdownDone.countDown();
        }
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
        running = false;
        if (loop != null) loop.interrupt();
        // The STOP notifies were chained behind earlier ones still running: let them all finish (bounded) before
        // the script runner closes, or the last ones would be rejected.
        try {
            java.util.concurrent.CompletableFuture.allOf(notifyChains.values().toArray(new java.util.concurrent.CompletableFuture<?>[0]))
                    .get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("notify scripts still running at stop: {}", e.toString());
        }
        ports.channel().close();
        for (VrrpInstanceSettings s : settings) {
            if (s.vmacInterface() != null) io(() -> ports.addresses().deleteVmac(s.vmacInterface()), s.name(), "delete vmac " + s.vmacInterface());
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

    private void runLoop() {
        threadTuner.tuneCurrentThread("VRRP");
        try {
            while (running) {
                // What already arrived goes first: an advert that came in just before a master-down deadline must
                // reset the timer, not lose the race to it.
                Runnable queued;
                while (running && (queued = inbox.poll()) != null) safely(queued);
                Runnable due = running ? timers.pollDue(clock.getAsLong()) : null;
                if (due != null) {
                    safely(due);
                    continue;
                }
                long next = timers.nextDeadline();
                long waitNanos = next == Long.MAX_VALUE ? TimeUnit.SECONDS.toNanos(1) : Math.max(0, next - clock.getAsLong());
                Runnable task;
                if (waitNanos == 0) task = inbox.poll();
                else if (!timers.nextIsPrecise()) task = inbox.poll(waitNanos, TimeUnit.NANOSECONDS);
                else if (waitNanos > SPIN_NANOS) task = inbox.poll(waitNanos - SPIN_NANOS, TimeUnit.NANOSECONDS);
                else task = spinFor(waitNanos);
                if (task != null) safely(task);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            log.error("VRRP thread died", t);
        } finally {
            if (running || !installed.isEmpty()) {
                // Dying with VIPs configured: do what a clean stop does, as far as possible.
                try {
                    execute(node.shutdown("VRRP thread exiting", clock.getAsLong()));
                } catch (Throwable t) {
                    log.error("shutdown after a failure failed", t);
                }
                removeInstalled();
            }
            running = false;
            stopped.countDown();
            shutdownDone.countDown(); // a posted shutdown task that never ran is not waited for
        }
    }

    /**
     * The last stretch before a master-down deadline is spun rather than slept: a parked thread woke 0.25-0.4 ms
     * after its deadline here (measured on an idle machine), and every bit of that is takeover time. Only master-down
     * timers get this (the instance is BACKUP and waiting for its cue), so the cost is at most this much CPU once per
     * takeover or re-armed deadline that really falls due.
     */
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    /** Busy-waits up to {@code nanos} (real time), returning early with the first task that arrives. */
    private Runnable spinFor(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Runnable task = inbox.poll();
            if (task != null) return task;
            Thread.onSpinWait();
        }
        return inbox.poll();
    }

    private static void safely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("VRRP event failed", e);
        }
    }

    /** Executes actions in order (VRRP thread). */
    private void execute(List<InstanceAction> actions) {
        for (InstanceAction ia : actions) {
            String inst = ia.instance();
            switch (ia.action()) {
                case Action.SendAdvert s -> {
                    for (OutboundAdvert d : s.datagrams()) {
                        try {
                            ports.channel().send(d);
                            trace.advertSent();
                            if (s.priority() > 0) for (Consumer<String> l : advertListeners) l.accept(inst);
                        } catch (IOException e) {
                            log.warn("({}) cannot send advert to {}: {}", inst, d.destination().getHostAddress(), e.getMessage());
                        }
                    }
                }
                case Action.AddVips a -> {
                    installed.added(inst, a);
                    // Plain calls, no lambdas or string concatenation before a failure: on the takeover path each first
                    // use of an invokedynamic site costs ~1 ms in a JVM without an AOT cache.
                    for (VirtualAddress v : a.addresses()) {
                        try {
                            ports.addresses().addAddress(dev(v, a.interfaceName()), v);
                        } catch (IOException e) {
                            log.warn("({}) add {} failed: {}", inst, v.cidr(), e.getMessage());
                        }
                    }
                    for (VirtualRoute r : a.routes()) io(() -> ports.addresses().addRoute(r), inst, "add route " + r);
                    for (VirtualRule r : a.rules()) io(() -> ports.addresses().addRule(r), inst, "add rule " + r);
                    trace.vipsConfigured();
                }
                case Action.RemoveVips r -> {
                    installed.removed(inst, r);
                    removeAll(inst, r.interfaceName(), r.addresses(), r.routes(), r.rules());
                }
                case Action.SendGarps g -> {
                    try {
                        ports.announcer().announce(g.interfaceName(), g.addresses(), g.count(), g.garpIntervalMicros(), g.naIntervalMicros());
                    } catch (IOException e) {
                        log.warn("({}) gratuitous ARP/NA failed: {}", inst, e.getMessage());
                    }
                    trace.garpsSent();
                    countGarps(inst, (long) g.count() * g.addresses().size());
                }
                case Action.RunNotify n -> chain(inst, () -> ports.scripts().run(n.argv(), n.timeoutMillis()).thenAccept(r -> {
                    if (!r.success()) log.warn("notify {} ended with status {}{}", n.argv(), r.exitStatus(), r.timedOut() ? " (timed out)" : "");
                    for (NotifyListener l : notifyListeners) l.ended(inst, n.argv(), r);
                }));
                case Action.WriteNotifyFifo f -> chain(inst, () -> ports.scripts().writeFifo(f.path(), f.line()));
                case Action.MailAlert m -> {
                    try {
                        alerts.accept(m); // only queues: the mailer sends on its own thread
                    } catch (RuntimeException e) {
                        log.warn("({}) alert e-mail not queued: {}", inst, e.toString());
                    }
                }
                case Action.ScheduleTimer t -> timers.schedule(inst + "/" + t.kind(), t.atNanos(), t.kind() == TimerKind.MASTER_DOWN,
                        () -> {
                            long now = clock.getAsLong();
                            trace.timerFired(t.kind(), t.atNanos(), now);
                            List<InstanceAction> due = node.on(inst, new VrrpEvent.TimerFired(t.kind()), now);
                            trace.decided();
                            execute(due);
                        });
                case Action.CancelTimer c -> timers.cancel(inst + "/" + c.kind());
                case Action.Transitioned t -> {
                    for (String line : t.logLines()) log.info(line);
                    if (t.to() == VrrpState.MASTER) trace.report(t.instance(), log);
                    states.put(t.instance(), t.to());
                    for (Consumer<Action.Transitioned> l : listeners) l.accept(t);
                }
                case Action.PriorityChanged p -> {
                    priorities.put(p.instance(), p.to());
                    for (Consumer<Action.PriorityChanged> l : priorityListeners) l.accept(p);
                }
            }
        }
    }

    /** Notifies of one instance (or group) run one after another, in transition order, never on this thread. */
    private void chain(String key, java.util.function.Supplier<java.util.concurrent.CompletableFuture<Void>> next) {
        String k = key == null ? "" : key;
        notifyChains.put(k, notifyChains.getOrDefault(k, java.util.concurrent.CompletableFuture.completedFuture(null))
                .exceptionally(e -> null).thenCompose(x -> next.get()));
    }

    private void removeAll(String inst, String ifname, List<VirtualAddress> addresses, List<VirtualRoute> routes, List<VirtualRule> rules) {
        for (VirtualRule r : rules) io(() -> ports.addresses().removeRule(r), inst, "remove rule " + r);
        for (VirtualRoute r : routes) io(() -> ports.addresses().removeRoute(r), inst, "remove route " + r);
        for (VirtualAddress v : addresses) io(() -> ports.addresses().removeAddress(dev(v, ifname), v), inst, "remove " + v.cidr());
    }

    /** Removes whatever is still installed (exit paths). */
    private void removeInstalled() {
        for (Map.Entry<String, Action.RemoveVips> e : installed.drain().entrySet()) {
            Action.RemoveVips r = e.getValue();
            removeAll(e.getKey(), r.interfaceName(), r.addresses(), r.routes(), r.rules());
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
        if (running) throw new IllegalStateException("already started");
        long now = clock.getAsLong();
        lastAdvertAgoMillis.forEach((name, agoMillis) -> {
            if (settings.stream().anyMatch(s -> s.name().equals(name))) resumeAsMaster.put(name, now - agoMillis * 1_000_000L);
        });
    }

    /** Instance to the time of its previous process's last advert (this service's clock). */
    private final Map<String, Long> resumeAsMaster = new java.util.LinkedHashMap<>();

    private void removeLeftovers() {
        for (VrrpInstanceSettings s : settings) {
            if (resumeAsMaster.containsKey(s.name())) continue; // still ours: the VIPs stay while we take the role back
            List<VirtualAddress> all = new ArrayList<>(s.virtualAddresses());
            all.addAll(s.excludedAddresses());
            for (VirtualAddress v : all) {
                try {
                    if (ports.addresses().removeAddress(dev(v, s.sendInterface()), v))
                        log.info("({}) removed leftover VIP {} from {}", s.name(), v.cidr(), dev(v, s.sendInterface()));
                } catch (IOException e) {
                    log.warn("({}) cannot remove leftover VIP {}: {}", s.name(), v.cidr(), e.getMessage());
                }
            }
            for (VirtualRoute r : s.routes()) io(() -> ports.addresses().removeRoute(r), s.name(), "remove leftover route");
            for (VirtualRule r : s.rules()) io(() -> ports.addresses().removeRule(r), s.name(), "remove leftover rule");
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void io(IoAction a, String inst, String what) {
        try {
            a.run();
        } catch (IOException e) {
            log.warn("({}) {} failed: {}", inst, what, e.getMessage());
        }
    }

    private static String dev(VirtualAddress v, String instanceInterface) {
        return v.device() != null ? v.device() : instanceInterface;
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
            eps.add(new AdvertChannel.Endpoint(s.sendInterface(), s.family(), s.sourceAddress(), !s.unicast(), s.auth().type() == VrrpPacket.AUTH_AH));
        return List.copyOf(eps);
    }
}
