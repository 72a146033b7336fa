package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code down_timer_adverts 10} (and {@code vrrp_down_timer_adverts}) in a mixed pair, VRRPv3 advert 0.1 s: the
 * backup under test (Vigil or keepalived 2.2.7, priority 100) takes over no sooner than 10 adverts (1 s) plus its skew
 * after the master's (the other implementation, 200) last advert, where the RFC timer would be 0.34 s.
 */
class DownTimerAdvertsLabTest {

    @ParameterizedTest(name = "backup {0}")
    @ValueSource(strings = {"vigil", "keepalived", "vigil-global"})
    @Timeout(150)
    void backupWaitsTheConfiguredNumberOfAdverts(String kind) {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host hm = v.host("m", "198.18.0.11/24"), hb = v.host("b", "198.18.0.12/24");
            Capture wire = v.capture(hb);
            boolean global = kind.endsWith("-global");
            VrrpConf mc = VrrpConf.fast(200, "198.18.0.100/24").withExtra("", "  down_timer_adverts 10\n");
            VrrpConf bc = VrrpConf.fast(100, "198.18.0.100/24").withExtra(global ? "  vrrp_down_timer_adverts 10\n" : "",
                    global ? "" : "  down_timer_adverts 10\n");
            boolean vigilBackup = kind.startsWith("vigil");
            Router master = vigilBackup ? v.keepalived(hm, "m", mc) : v.vigil(hm, "m", mc);
            Router backup = vigilBackup ? v.vigil(hb, "b", bc) : v.keepalived(hb, "b", bc);
            master.start();
            v.awaitStates(master, "MASTER");
            backup.start();
            v.awaitStates(master, "MASTER", backup, "BACKUP");
            master.killAll();
            v.awaitStates(backup, "MASTER");
            v.awaitOrDump("the backup's first advert", Duration.ofSeconds(10), () -> assertThat(adverts(wire, "198.18.0.12")).isNotEmpty());
            double last = adverts(wire, "198.18.0.11").getLast().epochSeconds();
            double first = adverts(wire, "198.18.0.12").getFirst().epochSeconds();
            System.out.printf("down_timer_adverts 10, backup %s: takeover %.1f ms after the master's last advert%n", kind, (first - last) * 1000);
            // 10 × 100 ms + skew (256 − 100) × 100 ms / 256 = 1060.9 ms; the RFC's 3 adverts would give 360.9 ms.
            assertThat(first - last).as(wire.text()).isGreaterThanOrEqualTo(1.0);
        }
    }

    private static List<Capture.Advert> adverts(Capture wire, String source) {
        return wire.adverts().stream().filter(a -> a.source().equals(source)).toList();
    }
}
