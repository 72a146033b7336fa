package io.vigil.lb.proxy;

import io.vigil.lb.Addresses;
import io.vigil.lb.RealServer;
import io.vigil.lb.ServiceStats;
import io.vigil.lb.VirtualService;
import io.vigil.lb.Counters;
import io.vigil.lb.sched.Scheduler;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared state of one proxied virtual service: its servers (copy-on-write, counters kept across edits),
 * its scheduler and its persistence table. {@link #choose} is what every engine calls for a new connection.
 */
final class ServicePool {
    private volatile VirtualService settings;
    private volatile Scheduler scheduler;
    private volatile List<Backend> backends = List.of();
    private final Map<InetAddress, Sticky> sticky = new ConcurrentHashMap<>();
    private final InetSocketAddress listenAddress;

    private record Sticky(Backend backend, long expiresNanos) {}

    /**
     * Loaded now, not on the first retry: under a connection flood at the descriptor limit a class file cannot be opened,
     * and the JVM keeps a failed link failed for good (ProxyFloodLabTest saw the retry path's first use kill the worker).
     */
    private static final List<Class<?>> RARE_PATHS = List.of(Scheduler.Server.class, Sticky.class);

    ServicePool(VirtualService settings, InetSocketAddress listenAddress) {
        this.listenAddress = listenAddress;
        configure(settings);
    }

    InetSocketAddress listenAddress() {
        return listenAddress;
    }

    VirtualService settings() {
        return settings.withServers(backends.stream().map(Backend::server).toList());
    }

    /** Applies service-level settings (scheduler, flags, persistence); servers are managed separately. */
    synchronized void configure(VirtualService s) {
        VirtualService old = settings;
        settings = s;
        if (old == null || old.scheduler() != s.scheduler() || !old.schedulerFlags().equals(s.schedulerFlags()))
            scheduler = Scheduler.create(s.scheduler(), s.schedulerFlags());
        if (!s.persistence().enabled()) sticky.clear();
    }

    synchronized void addServer(RealServer r) {
        List<Backend> l = new ArrayList<>(backends);
        l.add(new Backend(r));
        backends = List.copyOf(l);
    }

    synchronized void editServer(RealServer r) {
        for (Backend b : backends) if (b.key().equals(r.key())) b.update(r);
    }

    /** Removes a server: it takes no new connections; its open connections keep running to their end. */
    synchronized void removeServer(RealServer.Key key) {
        List<Backend> l = new ArrayList<>();
        for (Backend b : backends) {
            if (b.key().equals(key)) b.removed = true;
            else l.add(b);
        }
        backends = List.copyOf(l);
        sticky.values().removeIf(s -> s.backend.removed);
    }

    /**
     * The server for the next connect attempt of a connection from {@code client} that has tried the servers in
     * {@code tried} ({@code maxAttempts} attempts in all), counted at once as a new connection not yet established
     * (conns, inactive); null when the attempts are used up or no server is left. Every TCP engine asks this.
     */
    Backend attempt(InetSocketAddress client, Set<Backend> tried, int maxAttempts, long nowNanos) {
        Backend b = tried.size() >= maxAttempts ? null : choose(client, tried, nowNanos);
        if (b != null) {
            b.conns.increment();
            b.inactive.incrementAndGet();
        }
        return b;
    }

    /**
     * Picks the server for a new connection from {@code client}, honouring persistence, skipping servers in
     * {@code exclude} (those that already failed to connect for this client). Null when none is available.
     * Persistence only keeps a client on a server that still takes new connections (weight &gt; 0), like IPVS
     * with {@code expire_quiescent_template}.
     */
    Backend choose(InetSocketAddress client, Set<Backend> exclude, long nowNanos) {
        VirtualService s = settings;
        List<Backend> list = backends;
        InetAddress stickyKey = null;
        if (s.persistence().enabled()) {
            stickyKey = Addresses.masked(client.getAddress(), s.persistence().granularityPrefixLength());
            Sticky st = sticky.get(stickyKey);
            if (st != null && st.expiresNanos - nowNanos > 0 && !st.backend.removed && st.backend.available()
                    && !exclude.contains(st.backend)) {
                sticky.put(stickyKey, new Sticky(st.backend, nowNanos + s.persistence().timeoutSeconds() * 1_000_000_000L));
                return st.backend;
            }
        }
        List<? extends Scheduler.Candidate> view = list;
        if (!exclude.isEmpty()) {
            List<Scheduler.Candidate> v = new ArrayList<>(list.size());
            for (Backend b : list) v.add(exclude.contains(b) ? new Scheduler.Server(b.key(), 0, b.activeConns(), b.inactiveConns(), true) : b);
            view = v;
        }
        int i = scheduler.pick(view, new Scheduler.Request(client.getAddress(), client.getPort(), listenAddress.getAddress(), listenAddress.getPort()));
        if (i < 0) return null;
        Backend b = list.get(i);
        if (stickyKey != null) {
            if (sticky.size() > 65536) sticky.values().removeIf(x -> x.expiresNanos - nowNanos <= 0);
            sticky.put(stickyKey, new Sticky(b, nowNanos + s.persistence().timeoutSeconds() * 1_000_000_000L));
        }
        return b;
    }

    /**
     * Whether {@link #choose} looks at the client's address (persistence, source hashing): an engine that learns
     * it only by an extra system call asks for it only then.
     */
    boolean needsClientAddress() {
        VirtualService s = settings;
        return s.persistence().enabled() || s.scheduler() == io.vigil.lb.SchedulerKind.SH || s.scheduler() == io.vigil.lb.SchedulerKind.MH;
    }

    ServiceStats stats() {
        Map<RealServer.Key, Counters> per = new LinkedHashMap<>();
        Counters total = Counters.ZERO;
        for (Backend b : backends) {
            Counters c = b.counters();
            per.put(b.key(), c);
            total = total.plus(c);
        }
        return new ServiceStats(settings.key(), total, per);
    }
}
