package io.vigil.vrrp.kernel;

import io.vigil.vrrp.LinkStateSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * keepalived's interface_up_down_delays: a link change of an interface with a delay takes effect only once it has lasted
 * that long (the down delay going down, the up delay going up); undone sooner, it never happened. The first state of
 * an interface, and any change before it was first seen up, count at once, as keepalived. {@code delays} is live
 * (interface name to {down, up} in nanoseconds; a reload changes it).
 */
public final class DebouncedLinkState implements LinkStateSource {
    private static final Logger LOG = LoggerFactory.getLogger(DebouncedLinkState.class);

    private final LinkStateSource inner;
    private final Map<String, long[]> delays;
    private final Map<String, Boolean> reported = new HashMap<>();
    private final Map<String, Boolean> seenUp = new HashMap<>();
    private final Map<String, Pending> pending = new HashMap<>();
    private ScheduledExecutorService timer;
    private volatile Sink sink;

    private record Pending(boolean up, ScheduledFuture<?> future) {}

    public DebouncedLinkState(LinkStateSource inner, Map<String, long[]> delays) {
        this.inner = inner;
        this.delays = delays;
    }

    @Override
    public void watch(Collection<String> interfaceNames, Sink newSink) throws IOException {
        synchronized (this) {
            if (sink == null) sink = newSink;
        }
        inner.watch(interfaceNames, this::changed);
    }

    @Override
    public void watchAddresses(Collection<String> interfaceNames, AddressSink sink) throws IOException {
        inner.watchAddresses(interfaceNames, sink); // addresses are not debounced (keepalived's delays are for links)
    }

    private synchronized void changed(String name, boolean up) {
        Pending p = pending.get(name);
        if (p != null) {
            if (p.up() == up) return; // the same change, still waiting
            p.future().cancel(false);
            pending.remove(name);
            LOG.info("Delay timer for {} cancelled", name);
        }
        Boolean was = reported.get(name);
        if (was != null && was == up) return;
        long[] d = delays.get(name);
        long delayNanos = d == null ? 0 : up ? d[1] : d[0];
        if (was != null && seenUp.getOrDefault(name, false) && delayNanos > 0) {
            if (timer == null) timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("vrrp-link-delay").factory());
            LOG.info("{}: link {} held back {} us", name, up ? "up" : "down", delayNanos / 1000);
            pending.put(name, new Pending(up, timer.schedule(() -> expired(name, up), delayNanos, TimeUnit.NANOSECONDS)));
            return;
        }
        deliver(name, up);
    }

    private synchronized void expired(String name, boolean up) {
        Pending p = pending.get(name);
        if (p == null || p.up() != up) return; // cancelled meanwhile
        pending.remove(name);
        deliver(name, up);
    }

    private void deliver(String name, boolean up) {
        reported.put(name, up);
        if (up) seenUp.put(name, true);
        sink.linkChanged(name, up);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (timer != null) timer.shutdownNow();
        }
        inner.close(); // outside this lock: the inner source calls changed() holding its own
    }
}
