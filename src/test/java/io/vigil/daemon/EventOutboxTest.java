package io.vigil.daemon;

import io.vigil.observe.EventLine;
import io.vigil.observe.ObsEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EventOutboxTest {
    @Test
    void aStuckPipeNeverBlocksTheProducerAndCountersCoalesce() throws Exception {
        CountDownLatch pipeOpen = new CountDownLatch(1);
        List<String> lines = new CopyOnWriteArrayList<>();
        try (EventOutbox box = new EventOutbox(line -> {
            try {
                pipeOpen.await(); // the parent does not read: the writer thread waits, nobody else
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lines.add(line);
        })) {
            int accepted = 0;
            for (int i = 0; i < EventOutbox.CAPACITY + 100; i++)
                if (box.offer(new ObsEvent.PriorityChange(i, "VI_1", 100, 90, "track"))) accepted++;
            // the writer holds one event; the queue takes CAPACITY more at most, the rest are dropped and counted
            assertThat(accepted).isBetween(EventOutbox.CAPACITY, EventOutbox.CAPACITY + 1);
            assertThat(box.dropped()).isEqualTo(EventOutbox.CAPACITY + 100 - accepted);
            for (int i = 0; i < 50; i++) box.coalesce("vrrp|VI_1", new ObsEvent.Reload(i, "applied", "n" + i));
            pipeOpen.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream().anyMatch(l -> l.contains("Reload")));
        }
        assertThat(lines.getFirst()).startsWith("EVENT PriorityChange 0 ");
        List<String> reloads = lines.stream().filter(l -> l.startsWith("EVENT Reload")).toList();
        assertThat(reloads).hasSize(1); // only the latest counters under one key
        assertThat(EventLine.decode(reloads.getFirst().substring(6))).isEqualTo(new ObsEvent.Reload(49, "applied", "n49"));
    }
}
