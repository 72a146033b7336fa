package io.vigil.daemon;

import io.vigil.observe.EventLine;
import io.vigil.observe.ObsEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The one outbox from a child's working threads to the parent: nothing there ever waits for the parent. */
class ParentOutboxTest {
    @Test
    void aStuckPipeNeverBlocksTheProducerAndCountersCoalesce() throws Exception {
        CountDownLatch pipeOpen = new CountDownLatch(1);
        List<String> lines = new CopyOnWriteArrayList<>();
        try (ParentOutbox box = new ParentOutbox(line -> {
            try {
                pipeOpen.await(); // the parent does not read: the writer thread waits, nobody else
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lines.add(line);
        })) {
            int accepted = 0;
            for (int i = 0; i < ParentOutbox.EVENT_CAPACITY + 100; i++)
                if (box.event(new ObsEvent.PriorityChange(i, "VI_1", 100, 90, "track"))) accepted++;
            // the writer holds one event; the queue takes CAPACITY more at most, the rest are dropped and counted
            assertThat(accepted).isBetween(ParentOutbox.EVENT_CAPACITY, ParentOutbox.EVENT_CAPACITY + 1);
            assertThat(box.dropped()).isEqualTo(ParentOutbox.EVENT_CAPACITY + 100 - accepted);
            for (int i = 0; i < 50; i++) box.counters("vrrp|VI_1", new ObsEvent.Reload(i, "applied", "n" + i));
            pipeOpen.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream().anyMatch(l -> l.contains("Reload")));
        }
        assertThat(lines.getFirst()).startsWith("EVENT PriorityChange 0 ");
        List<String> reloads = lines.stream().filter(l -> l.startsWith("EVENT Reload")).toList();
        assertThat(reloads).hasSize(1); // only the latest counters under one key
        assertThat(EventLine.decode(reloads.getFirst().substring(6))).isEqualTo(new ObsEvent.Reload(49, "applied", "n49"));
    }

    @Test
    void linesNeverWaitForTheParentStatesKeepTheirOrderAndStampsCollapse() throws Exception {
        CountDownLatch parentStuck = new CountDownLatch(1);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        ParentOutbox toParent = new ParentOutbox(line -> {
            lines.add(line);
            try {
                parentStuck.await(30, TimeUnit.SECONDS); // a parent that does not read (SIGSTOP)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        toParent.advert("VI_1", 1);
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> lines.size() == 1);
        // All of this returns although the writer is stuck: the VRRP thread would go on advertising.
        for (long ms = 2; ms <= 100_000; ms++) toParent.advert("VI_1", ms);
        toParent.line("STATE VI_1 BACKUP");
        toParent.line("STATE VI_1 MASTER");
        toParent.advert("VI_2", 7);
        parentStuck.countDown();
        assertThat(toParent.flush(10_000)).isTrue();
        assertThat(lines).containsExactlyInAnyOrder("ADVERT VI_1 1", "STATE VI_1 BACKUP", "STATE VI_1 MASTER", "ADVERT VI_1 100000", "ADVERT VI_2 7");
        assertThat(lines.indexOf("STATE VI_1 BACKUP")).isLessThan(lines.indexOf("STATE VI_1 MASTER"));
        toParent.close();
    }
}
