package io.vigil.daemon;

import io.vigil.observe.EventLine;
import io.vigil.observe.ObsEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Everything a child's working threads tell the parent, written to the pipe by one thread of its own: a parent that
 * stops reading (SIGSTOP, a full pipe) blocks that thread only, never the VRRP thread, whose adverts must go on. Every
 * call here returns at once. Three kinds of line, each written in this order in every round:
 * <ul>
 *   <li>{@link #line}: must arrive, in order (STATE, DESIRED);</li>
 *   <li>{@link #event}: observability events, in order, in a bounded queue (full: the event is dropped and counted);</li>
 *   <li>{@link #advert} and {@link #counters}: only the newest per key matters, so a waiting one is replaced.</li>
 * </ul>
 */
final class ParentOutbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ParentOutbox.class);
    static final int EVENT_CAPACITY = 4096;

    private final ConcurrentLinkedQueue<String> ordered = new ConcurrentLinkedQueue<>();
    private final ArrayBlockingQueue<ObsEvent> events = new ArrayBlockingQueue<>(EVENT_CAPACITY);
    /** Newest per key; a value is a {@link Long} advert stamp (key "A" + instance) or {@link ObsEvent} counters. */
    private final Map<String, Object> latest = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final Semaphore wake = new Semaphore(0);
    private final Semaphore idle = new Semaphore(0);
    private final Consumer<String> toParent;
    private final Thread writer;

    /** {@code toParent} gets whole protocol lines, on the writer thread only. */
    ParentOutbox(Consumer<String> toParent) {
        this.toParent = toParent;
        writer = Thread.ofPlatform().daemon().name("child-to-parent").start(this::run);
    }

    /** A line that must arrive, in order. */
    void line(String text) {
        ordered.add(text);
        nudge();
    }

    /** An advert was sent for {@code instance} at {@code epochMillis}; a stamp still waiting is replaced. */
    void advert(String instance, long epochMillis) {
        latest.put("A" + instance, epochMillis);
        nudge();
    }

    /** False (and counted) when the queue is full. */
    boolean event(ObsEvent event) {
        if (!events.offer(event)) {
            dropped.incrementAndGet();
            return false;
        }
        nudge();
        return true;
    }

    /** Replaces whatever counters under {@code key} are still waiting. */
    void counters(String key, ObsEvent counters) {
        latest.put("C" + key, counters);
        nudge();
    }

    long dropped() {
        return dropped.get();
    }

    private void nudge() {
        if (wake.availablePermits() == 0) wake.release();
    }

    /** Waits up to {@code millis} until everything given so far is written (at exit, so the last states get out). */
    boolean flush(long millis) throws InterruptedException {
        idle.drainPermits();
        nudge();
        return idle.tryAcquire(millis, TimeUnit.MILLISECONDS);
    }

    private void run() {
        long reportedDrops = 0;
        try {
            while (true) {
                wake.acquire();
                wake.drainPermits();
                for (String l; (l = ordered.poll()) != null; ) write(l);
                for (ObsEvent e; (e = events.poll()) != null; ) write(e);
                for (Map.Entry<String, Object> e : latest.entrySet()) {
                    // Removed only if unchanged: a newer value stays and has released a permit for the next round.
                    if (latest.remove(e.getKey(), e.getValue())) write(e.getKey(), e.getValue());
                }
                long d = dropped.get();
                if (d != reportedDrops) {
                    LOG.warn("{} event(s) dropped: the queue to the parent was full", d - reportedDrops);
                    reportedDrops = d;
                }
                if (ordered.isEmpty() && events.isEmpty() && latest.isEmpty()) idle.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(String key, Object value) {
        if (value instanceof ObsEvent counters) write(counters);
        else write(advertLine(key.substring(1), (Long) value));
    }

    private void write(ObsEvent e) {
        String text;
        try {
            text = EventLine.encode(e);
        } catch (RuntimeException ex) {
            LOG.debug("event not sent: {}", ex.toString());
            return;
        }
        write(ChildProtocol.EVENT + " " + text);
    }

    private void write(String line) {
        try {
            toParent.accept(line);
        } catch (RuntimeException ex) {
            LOG.debug("line not sent: {}", ex.toString());
        }
    }

    static String advertLine(String instance, long epochMillis) {
        return ChildProtocol.ADVERT + " " + instance + " " + epochMillis;
    }

    /** Writes what is waiting (up to 2 s: the parent may not read) and stops the writer. */
    @Override
    public void close() throws InterruptedException {
        if (!flush(2_000)) LOG.warn("stopping: the parent did not take the last lines within 2 s");
        writer.interrupt();
    }
}
