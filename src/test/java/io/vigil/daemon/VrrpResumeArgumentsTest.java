package io.vigil.daemon;

import io.vigil.vrrp.VrrpInstanceSettings;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #12: what a restarted VRRP child learns about its predecessor's adverts (how the stamps travel: ParentOutboxTest). */
class VrrpResumeArgumentsTest {
    private static VrrpInstanceSettings instance(String name) throws Exception {
        return VrrpInstanceSettings.builder(name, 51, "eth0", InetAddress.getByName("198.18.0.11")).priority(100).vip("198.18.0.100/32").build();
    }

    @Test
    void onlyMastersWithAKnownAdvertAreOfferedTheResumeWithTheTimeSinceIt() throws Exception {
        Subsystem.Context c = new Subsystem.Context(Path.of("/x"), null, false,
                Map.of("VI_1", "MASTER", "VI_2", "BACKUP", "VI_3", "MASTER"), 50_000,
                Map.of("VI_1", 43_500L, "VI_2", 49_000L), Map.of(), false, new Subsystem.StateSink() {
                    @Override
                    public void instanceState(String instance, String state) {
                    }
                });
        Map<String, Long> out = VrrpSubsystem.resumable(c, List.of(instance("VI_1"), instance("VI_2"), instance("VI_3")), 50_500);
        // VI_1: 7 s since its last advert (the runtime then decides it is too late); VI_2 was BACKUP; VI_3 sent none known.
        assertThat(out).containsExactly(Map.entry("VI_1", 7_000L));
    }
}
