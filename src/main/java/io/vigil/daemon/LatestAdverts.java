package io.vigil.daemon;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * The VRRP child's latest advert per instance, sent to the parent as {@code ADVERT inst ms} lines from a thread of its
 * own: the VRRP thread only stamps a map, so a parent that stops reading (SIGSTOP, a full pipe) never delays an advert;
 * stamps made meanwhile collapse into the newest one per instance.
 */
final class LatestAdverts {
    private final Map<String, Long> unsent = new ConcurrentHashMap<>();
    private final Semaphore wake = new Semaphore(0);

    LatestAdverts(Consumer<String> toParent) {
        Thread.ofPlatform().daemon().name("vrrp-advert-stamps").start(() -> forward(toParent));
    }

    /** Any thread, never blocks. */
    void stamp(String instance, long epochMillis) {
        unsent.put(instance, epochMillis);
        if (wake.availablePermits() == 0) wake.release();
    }

    private void forward(Consumer<String> toParent) {
        try {
            while (true) {
                wake.acquire();
                wake.drainPermits();
                for (Map.Entry<String, Long> e : unsent.entrySet()) {
                    // Removed only if unchanged: a newer stamp stays and has released a permit for the next round.
                    if (unsent.remove(e.getKey(), e.getValue())) toParent.accept(line(e.getKey(), e.getValue()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String line(String instance, long epochMillis) {
        return ChildProtocol.ADVERT + " " + instance + " " + epochMillis;
    }
}
