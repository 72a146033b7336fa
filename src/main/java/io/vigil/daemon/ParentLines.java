package io.vigil.daemon;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What a child's working threads tell the parent (STATE, DESIRED and ADVERT lines), written to the pipe by a thread of
 * its own: a parent that stops reading (SIGSTOP, a full pipe) blocks that thread only, never the VRRP thread, whose
 * adverts must go on. STATE and DESIRED lines keep their order; ADVERT stamps collapse into the newest per instance.
 */
final class ParentLines {
    private final ConcurrentLinkedQueue<String> ordered = new ConcurrentLinkedQueue<>();
    private final Map<String, Long> unsentAdverts = new ConcurrentHashMap<>();
    private final Semaphore wake = new Semaphore(0);
    private final Semaphore idle = new Semaphore(0);

    ParentLines(Consumer<String> toParent) {
        Thread.ofPlatform().daemon().name("child-to-parent").start(() -> forward(toParent));
    }

    /** Any thread, never blocks: a line that must arrive, in order. */
    void line(String text) {
        ordered.add(text);
        nudge();
    }

    /** Any thread, never blocks: an advert was sent for {@code instance} at {@code epochMillis}. */
    void advert(String instance, long epochMillis) {
        unsentAdverts.put(instance, epochMillis);
        nudge();
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

    private void forward(Consumer<String> toParent) {
        try {
            while (true) {
                wake.acquire();
                wake.drainPermits();
                for (String l; (l = ordered.poll()) != null; ) toParent.accept(l);
                for (Map.Entry<String, Long> e : unsentAdverts.entrySet()) {
                    // Removed only if unchanged: a newer stamp stays and has released a permit for the next round.
                    if (unsentAdverts.remove(e.getKey(), e.getValue())) toParent.accept(advertLine(e.getKey(), e.getValue()));
                }
                if (ordered.isEmpty() && unsentAdverts.isEmpty()) idle.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String advertLine(String instance, long epochMillis) {
        return ChildProtocol.ADVERT + " " + instance + " " + epochMillis;
    }
}
