package io.vigil.daemon;

import io.vigil.vrrp.VrrpInstanceSettings;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue #12: what a restarted VRRP child learns about its predecessor's adverts, and how the stamps travel. */
class VrrpResumeArgumentsTest {
    private static VrrpInstanceSettings instance(String name) throws Exception {
        return VrrpInstanceSettings.builder(name, 51, "eth0", InetAddress.getByName("198.18.0.11")).priority(100).vip("198.18.0.100/32").build();
    }

    @Test
    void onlyMastersWithAKnownAdvertAreOfferedTheResumeWithTheTimeSinceIt() throws Exception {
        Subsystem.Context c = new Subsystem.Context(Path.of("/x"), null, false,
                Map.of("VI_1", "MASTER", "VI_2", "BACKUP", "VI_3", "MASTER"), 50_000,
                Map.of("VI_1", 43_500L, "VI_2", 49_000L), new Subsystem.StateSink() {
                    @Override
                    public void instanceState(String instance, String state) {
                    }
                });
        Map<String, Long> out = VrrpSubsystem.resumable(c, List.of(instance("VI_1"), instance("VI_2"), instance("VI_3")), 50_500);
        // VI_1: 7 s since its last advert (the runtime then decides it is too late); VI_2 was BACKUP; VI_3 sent none known.
        assertThat(out).containsExactly(Map.entry("VI_1", 7_000L));
    }

    @Test
    void linesNeverWaitForTheParentStatesKeepTheirOrderAndStampsCollapse() throws Exception {
        CountDownLatch parentStuck = new CountDownLatch(1);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        ParentLines toParent = new ParentLines(line -> {
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
    }
}
