package io.vigil.check;

import io.vigil.sys.ScriptRunner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one place that owns the pools: checker events arrive on a queue from any number of checker threads, one
 * thread applies them to each virtual server's {@link PoolState}, carries out the resulting actions (log lines,
 * notify scripts, smtp alerts) and hands every changed {@link DesiredPool} to the {@link PoolListener}.
 */
public final class CheckCoordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CheckCoordinator.class);

    private final Map<VirtualServerKey, PoolState> pools = new LinkedHashMap<>();
    private final Map<VirtualServerKey, DesiredPool> published = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<CheckEvent> queue = new LinkedBlockingQueue<>();
    private final PoolListener listener;
    private final ScriptRunner scripts;
    private final long notifyTimeoutMillis;
    private Thread thread;
    private volatile boolean running;

    public CheckCoordinator(List<VirtualServerSettings> virtualServers, PoolListener listener, ScriptRunner scripts, long notifyTimeoutMillis) {
        this(virtualServers, listener, scripts, notifyTimeoutMillis, vs -> PoolState.Carried.NONE);
    }

    /** With state carried over from a previous coordinator (a reload). */
    public CheckCoordinator(List<VirtualServerSettings> virtualServers, PoolListener listener, ScriptRunner scripts, long notifyTimeoutMillis,
                            java.util.function.Function<VirtualServerSettings, PoolState.Carried> carried) {
        for (VirtualServerSettings vs : virtualServers) {
            if (pools.put(vs.key(), new PoolState(vs, carried.apply(vs))) != null) throw new IllegalArgumentException("duplicate virtual server " + vs.key());
        }
        this.listener = listener;
        this.scripts = scripts;
        this.notifyTimeoutMillis = notifyTimeoutMillis;
    }

    /** Publishes the initial pools and starts consuming events. */
    public synchronized void start() {
        if (thread != null) throw new IllegalStateException("already started");
        for (PoolState p : pools.values()) {
            perform(p.start());
            publish(p);
        }
        running = true;
        thread = Thread.ofPlatform().name("check-coordinator").daemon().start(this::loop);
    }

    /** Thread-safe: called by checker threads. */
    public void submit(CheckEvent event) {
        queue.add(event);
    }

    public DesiredPool pool(VirtualServerKey vs) {
        return published.get(vs);
    }

    private void loop() {
        while (running) {
            CheckEvent e;
            try {
                e = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ie) {
                return;
            }
            if (e == null) continue;
            PoolState p = pools.get(e.vs());
            if (p == null) {
                log.warn("Event for unknown virtual server ignored: {}", e);
                continue;
            }
            try {
                // as keepalived's perform_svr_state: the log line, then the data plane, then notify scripts and mail
                List<PoolAction> actions = p.apply(e);
                perform(actions.stream().filter(a -> a instanceof PoolAction.Log).toList());
                publish(p);
                perform(actions.stream().filter(a -> !(a instanceof PoolAction.Log)).toList());
            } catch (RuntimeException ex) {
                log.error("Applying {} failed", e, ex);
            }
        }
    }

    private void publish(PoolState p) {
        DesiredPool now = p.desired();
        DesiredPool before = published.put(p.key(), now);
        if (!now.equals(before)) {
            try {
                listener.onPoolChanged(p.key(), now);
            } catch (RuntimeException ex) {
                log.error("Pool listener failed for {}", p.key(), ex);
            }
        }
    }

    private void perform(List<PoolAction> actions) {
        for (PoolAction a : actions) {
            switch (a) {
                case PoolAction.Log l -> log.info(l.message());
                case PoolAction.FifoLine f -> {
                    try {
                        listener.onFifoLine(f.line()); // queues only: written on the FIFO writer's thread
                    } catch (RuntimeException ex) {
                        log.warn("notify FIFO line not queued: {}", ex.toString());
                    }
                }
                case PoolAction.SmtpAlert s -> {
                    try {
                        listener.onAlert(s); // queues only: mail goes out on the mailer's own thread
                    } catch (RuntimeException ex) {
                        log.warn("alert e-mail not queued: {}", ex.toString());
                    }
                }
                case PoolAction.RunScript r -> {
                    log.info("Executing {} for {}", r.argv(), r.why());
                    scripts.runDetached(r.argv(), notifyTimeoutMillis);
                }
            }
        }
    }

    /** Quorum state of {@code vs} (after {@link #stopForReload}), null when unknown. */
    Boolean quorumUp(VirtualServerKey vs) {
        PoolState p = pools.get(vs);
        return p == null ? null : p.quorumUp();
    }

    /** The real servers of {@code vs} (empty when it is unknown): a reload's new servers are the others. */
    java.util.Set<RealServerKey> realServers(VirtualServerKey vs) {
        PoolState p = pools.get(vs);
        return p == null ? java.util.Set.of() : p.realServerKeys();
    }

    Map<RealServerKey, Integer> dynamicWeights(VirtualServerKey vs) {
        PoolState p = pools.get(vs);
        return p == null ? Map.of() : p.dynamicWeights();
    }

    /** The alerts of the real servers a reload removes ({@code next}: the new settings; a virtual server gone loses all). */
    List<PoolAction> removedByReload(List<VirtualServerSettings> next) {
        Map<VirtualServerKey, java.util.Set<RealServerKey>> kept = new java.util.HashMap<>();
        for (VirtualServerSettings vs : next) {
            java.util.Set<RealServerKey> k = new java.util.HashSet<>();
            vs.realServers().forEach(r -> k.add(r.key()));
            kept.put(vs.key(), k);
        }
        List<PoolAction> out = new java.util.ArrayList<>();
        pools.forEach((key, p) -> out.addAll(p.removedByReload(kept.getOrDefault(key, java.util.Set.of()))));
        return out;
    }

    java.util.Set<VirtualServerKey> virtualServers() {
        return pools.keySet();
    }

    /** Stops consuming events without shutdown notifies: the state is handed to the next coordinator. */
    void stopForReload() {
        stopThread();
    }

    private void stopThread() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops consuming events; with omega, runs the shutdown notifies (waiting for them at most their timeout). */
    @Override
    public void close() {
        stopThread();
        for (PoolState p : pools.values()) {
            for (PoolAction a : p.stop()) {
                if (a instanceof PoolAction.RunScript r) {
                    log.info("Executing {} for {}", r.argv(), r.why());
                    scripts.run(r.argv(), null, Math.min(notifyTimeoutMillis, 1000));
                } else if (a instanceof PoolAction.SmtpAlert m) {
                    try {
                        listener.onAlert(m);
                    } catch (RuntimeException ex) {
                        log.warn("alert e-mail not queued: {}", ex.toString());
                    }
                }
            }
        }
    }
}
