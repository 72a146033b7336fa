package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vrrp_startup_delay} and {@code promote_secondaries}, Vigil and keepalived 2.2.7 with the same keepalived.conf
 * text and the same assertions: a lone BACKUP (VRRPv3, advert 0.1 s: master-down 0.38 s) stays BACKUP, sending
 * nothing, for the delay; the interface's promote_secondaries sysctl is on while the router runs and off again after
 * it stops.
 */
class StartupOptionsLabTest {

    private static Router router(VrrpLab v, String kind, Lab.Host host, VrrpConf conf) {
        return kind.equals("vigil") ? v.vigil(host, "a", conf) : v.keepalived(host, "a", conf);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"vigil", "keepalived"})
    @Timeout(120)
    void vrrpStartupDelayHoldsTheMasterDownTimer(String kind) throws InterruptedException {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host h = v.host("a", "198.18.0.11/24");
            Capture wire = v.capture(h);
            Router r = router(v, kind, h, VrrpConf.fast(100, "198.18.0.100/24").withExtra("  vrrp_startup_delay 8\n", ""));
            r.start();
            v.awaitOrDump("the delay is announced", Duration.ofSeconds(40), () -> assertThat(r.log()).contains("Delaying startup for 8 seconds"));
            // Watching that nothing happens for 6 of the 8 seconds (without the delay: MASTER after 0.38 s).
            Thread.sleep(6_000);
            assertThat(r.state(VrrpConf.INSTANCE)).as(v.logs()).isNotEqualTo("MASTER");
            assertThat(wire.adverts()).as(wire.text()).isEmpty();
            v.awaitStates(r, "MASTER");
            v.awaitOrDump("adverts after the delay", Duration.ofSeconds(10), () -> assertThat(wire.adverts()).isNotEmpty());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"vigil", "keepalived"})
    @Timeout(120)
    void promoteSecondariesIsOnWhileRunningAndOffAfter(String kind) {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host h = v.host("a", "198.18.0.11/24");
            String key = "/proc/sys/net/ipv4/conf/eth0/promote_secondaries";
            h.sh("echo 0 > " + key);
            Router r = router(v, kind, h, VrrpConf.fast(100, "198.18.0.100/24").withExtra("", "  promote_secondaries\n"));
            r.start();
            v.awaitStates(r, "MASTER");
            v.awaitOrDump("the VIP", Duration.ofSeconds(10), () -> assertThat(VrrpLab.holds(r, "198.18.0.100")).isTrue());
            assertThat(h.sh("cat " + key).trim()).isEqualTo("1");
            // What it is for: deleting the primary address promotes the secondaries of its subnet instead of flushing them.
            h.sh("ip addr add 198.18.0.50/24 dev eth0 && ip addr del 198.18.0.11/24 dev eth0");
            assertThat(VrrpLab.addresses(h)).contains("198.18.0.50");
            r.terminate();
            v.awaitOrDump("sysctl put back", Duration.ofSeconds(20), () -> assertThat(h.sh("cat " + key).trim()).isEqualTo("0"));
        }
    }
}
