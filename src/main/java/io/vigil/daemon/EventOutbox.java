package io.vigil.daemon;

import io.vigil.observe.EventLine;
import io.vigil.observe.ObsEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A child's events on their way to the parent, so the thread that has one (the VRRP thread, a checker) never waits
 * on the pipe: {@link #offer} is a non-blocking enqueue into a bounded queue (full: the event is dropped and counted),
 * {@link #coalesce} keeps only the latest counters per key. One writer thread encodes and writes, notable events first.
 */
final class EventOutbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventOutbox.class);
    static final int CAPACITY = 4096;

    private final ArrayBlockingQueue<ObsEvent> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Map<String, ObsEvent> latest = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final Consumer<String> lines;
    private final Thread writer;
    private volatile boolean open = true;

    /** {@code lines} gets whole protocol lines ({@code EVENT ...}); called on the writer thread only. */
    EventOutbox(Consumer<String> lines) {
        this.lines = lines;
        writer = Thread.ofPlatform().daemon().name("vigil-events").start(this::run);
    }

    /** Never blocks: false (and counted) when the queue is full. */
    boolean offer(ObsEvent event) {
        if (queue.offer(event)) return true;
        dropped.incrementAndGet();
        return false;
    }

    /** Replaces whatever counters under {@code key} are still waiting. */
    void coalesce(String key, ObsEvent counters) {
        latest.put(key, counters);
    }

    long dropped() {
        return dropped.get();
    }

    private void run() {
        long reportedDrops = 0;
        while (open || !queue.isEmpty() || !latest.isEmpty()) {
            try {
                ObsEvent e = queue.poll(100, TimeUnit.MILLISECONDS);
                while (e != null) {
                    write(e);
                    e = queue.poll();
                }
                for (Iterator<String> it = latest.keySet().iterator(); it.hasNext(); ) {
                    ObsEvent c = latest.remove(it.next());
                    if (c != null) write(c);
                }
                long d = dropped.get();
                if (d != reportedDrops) {
                    LOG.warn("{} event(s) dropped: the queue to the parent was full", d - reportedDrops);
                    reportedDrops = d;
                }
            } catch (InterruptedException ie) {
                if (!open) return;
            }
        }
    }

    private void write(ObsEvent e) {
        try {
            lines.accept(ChildProtocol.EVENT + " " + EventLine.encode(e));
        } catch (RuntimeException ex) {
            LOG.debug("event not sent: {}", ex.toString());
        }
    }

    /** Flushes what is waiting (bounded) and stops the writer. */
    @Override
    public void close() {
        open = false;
        try {
            writer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
