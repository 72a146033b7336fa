package io.vigil.vrrp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import static io.vigil.vrrp.VipCleanup.dev;
import static io.vigil.vrrp.VipCleanup.io;

/**
 * Carries out what the {@link VrrpNode} decided, in order, on the VRRP thread: adverts, addresses, GARPs, timers,
 * notify scripts (chained per instance, never on this thread), e-mail alerts; keeps what the rest of the process
 * reads (states, priorities, GARP counts) and tells the listeners. Remembers what it installed so every exit path
 * can remove it ({@link #removeInstalled}).
 */
final class ActionExecutor {
    /** VrrpService's logger: the lines read as they always did. */
    private static final Logger log = LoggerFactory.getLogger(VrrpService.class);

    private final VrrpNode node;
    private final VrrpPorts ports;
    private final LongSupplier clock;
    private final TimerQueue timers;
    private final TakeoverTrace trace;
    /** VIPs/routes/rules we added and have not removed yet (VRRP thread only). */
    private final InstalledAddresses installed = new InstalledAddresses();
    private final Map<String, java.util.concurrent.CompletableFuture<Void>> notifyChains = new java.util.HashMap<>();
    /** GARPs and unsolicited NAs sent per instance (messages: rounds times addresses). */
    private final Map<String, java.util.concurrent.atomic.LongAdder> garps = new ConcurrentHashMap<>();
    final Map<String, VrrpState> states = new ConcurrentHashMap<>();
    final Map<String, Integer> priorities = new ConcurrentHashMap<>();
    final List<Consumer<Action.Transitioned>> listeners = new CopyOnWriteArrayList<>();
    final List<Consumer<Action.PriorityChanged>> priorityListeners = new CopyOnWriteArrayList<>();
    final List<VrrpService.NotifyListener> notifyListeners = new CopyOnWriteArrayList<>();
    final List<Consumer<String>> advertListeners = new CopyOnWriteArrayList<>();
    volatile Consumer<Action.MailAlert> alerts = m -> log.debug("alert e-mail (no smtp_server/notification_email): {}", m);
    /** Every advert goes through it; it holds each master's priority-0 advert, ready for a stop. */
    private final StopAdverts stopAdverts;

    ActionExecutor(VrrpNode node, VrrpPorts ports, LongSupplier clock, TimerQueue timers, TakeoverTrace trace) {
        this.node = node;
        this.ports = ports;
        this.clock = clock;
        this.timers = timers;
        this.trace = trace;
        this.stopAdverts = new StopAdverts(ports.channel());
    }

    /** Any thread, first thing of a stop: every master's priority-0 advert, built ahead, leaves now. */
    void sendStopAdverts() {
        stopAdverts.sendAll();
    }

    boolean nothingInstalled() {
        return installed.isEmpty();
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
    long garpsSent(String instance) {
        java.util.concurrent.atomic.LongAdder a = garps.get(instance);
        return a == null ? 0 : a.sum();
    }

    /** Executes actions in order (VRRP thread). */
    void execute(List<InstanceAction> actions) {
        // An instance leaving MASTER has no priority-0 advert ready from here on, before its VIPs go.
        for (InstanceAction ia : actions) {
            if (ia.action() instanceof Action.Transitioned t && t.from() == VrrpState.MASTER) stopAdverts.notMaster(ia.instance());
        }
        perform(actions);
        // After the batch (never between a takeover's advert and its VIPs): each MASTER it named gets its priority-0
        // advert built anew (the IP id moved on, a reload may have changed the addresses).
        List<String> touched = new java.util.ArrayList<>(2);
        for (InstanceAction ia : actions) if (!touched.contains(ia.instance())) touched.add(ia.instance());
        for (String inst : touched) {
            VrrpInstance i = inst == null ? null : node.instance(inst);
            if (i != null && i.state() == VrrpState.MASTER) stopAdverts.ready(inst, i.stopAdvert());
            else if (inst != null) stopAdverts.notMaster(inst);
        }
    }

    private void perform(List<InstanceAction> actions) {
        for (InstanceAction ia : actions) {
            String inst = ia.instance();
            switch (ia.action()) {
                case Action.SendAdvert s -> {
                    for (OutboundAdvert d : s.datagrams()) {
                        try {
                            if (!stopAdverts.send(inst, s.priority(), d)) break; // its priority-0 advert already left
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
                    for (VrrpService.NotifyListener l : notifyListeners) l.ended(inst, n.argv(), r);
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
    void removeInstalled() {
        for (Map.Entry<String, Action.RemoveVips> e : installed.drain().entrySet()) {
            Action.RemoveVips r = e.getValue();
            removeAll(e.getKey(), r.interfaceName(), r.addresses(), r.routes(), r.rules());
        }
    }

    /**
     * Waits (bounded) for the notify scripts still running: the STOP notifies were chained behind earlier ones, and
     * the script runner must not close under them.
     */
    void awaitNotifies(long seconds) throws InterruptedException {
        try {
            java.util.concurrent.CompletableFuture.allOf(notifyChains.values().toArray(new java.util.concurrent.CompletableFuture<?>[0]))
                    .get(seconds, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("notify scripts still running at stop: {}", e.toString());
        }
    }
}
