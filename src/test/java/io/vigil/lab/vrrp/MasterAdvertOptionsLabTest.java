package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lower_prio_no_advert} and {@code higher_prio_send_advert} (and their global_defs forms {@code vrrp_*}) on the
 * wire, in a mixed pair: the router under test (Vigil or keepalived 2.2.7, the same keepalived.conf text) faces the
 * other implementation, and the same assertions hold for both. VRRPv3, advert 1 s, captured on the subject's host.
 */
class MasterAdvertOptionsLabTest {
    private static final String VIP = "198.18.0.100/24";
    private static final double INTERVAL = 1.0;

    static VrrpConf conf(int priority, String setting, String keyword) {
        VrrpConf c = VrrpConf.fast(priority, VIP).withAdvert(3, "1");
        return switch (setting) {
            case "instance" -> c.withExtra("", "  " + keyword + "\n");
            case "false" -> c.withExtra("", "  " + keyword + " false\n");
            case "global" -> c.withExtra("  vrrp_" + keyword + "\n", "");
            default -> c;
        };
    }

    private static Router router(VrrpLab v, String kind, Lab.Host host, String name, VrrpConf conf) {
        return kind.equals("vigil") ? v.vigil(host, name, conf) : v.keepalived(host, name, conf);
    }

    private static String other(String kind) {
        return kind.equals("vigil") ? "keepalived" : "vigil";
    }

    /**
     * The subject (200) is MASTER and hears a lower-priority MASTER (100) that cannot hear it (the switch drops frames
     * from the subject to the peer), one advert a second. By default each such advert is answered at once ("forcing
     * new election"); with lower_prio_no_advert the subject's adverts keep their own one-second rhythm.
     */
    @ParameterizedTest(name = "subject {0}, lower_prio_no_advert {1}")
    @CsvSource({"vigil, off", "vigil, instance", "vigil, global", "keepalived, off", "keepalived, instance"})
    @Timeout(150)
    void lowerPriorityAdvertIsAnsweredUnlessLowerPrioNoAdvert(String kind, String setting) {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host hs = v.host("s", "198.18.0.11/24"), hp = v.host("p", "198.18.0.12/24");
            Capture wire = v.capture(hs);
            Router subject = router(v, kind, hs, "s", conf(200, setting, "lower_prio_no_advert"));
            Router peer = router(v, other(kind), hp, "p", conf(100, "off", ""));
            v.block(hs, hp, true);
            subject.start();
            peer.start();
            v.awaitStates(subject, "MASTER", peer, "MASTER");
            // Whichever JVM or daemon starts first, count from the subject's first advert as MASTER.
            v.awaitOrDump("six lower-priority adverts reach the subject while it is MASTER", Duration.ofSeconds(30),
                    () -> assertThat(after(wire, "198.18.0.12", 100, firstAdvert(wire, "198.18.0.11", 200))).hasSizeGreaterThanOrEqualTo(6));
            double first = firstAdvert(wire, "198.18.0.11", 200);
            List<Capture.Advert> lower = after(wire, "198.18.0.12", 100, first);
            List<Capture.Advert> mine = after(wire, "198.18.0.11", 200, first - 0.001);
            if (setting.equals("off")) {
                // Every lower-priority advert (but the last, whose answer may still be on its way) is answered at once.
                for (Capture.Advert l : lower.subList(0, lower.size() - 1))
                    assertThat(mine).as("an answer to the advert at %.3f\n%s", l.epochSeconds(), wire.text())
                            .anySatisfy(m -> assertThat(m.epochSeconds() - l.epochSeconds()).isBetween(0.0, 0.2));
            } else {
                // Only the regular adverts: no gap between two of them is shorter than the interval (minus jitter).
                List<Capture.Advert> during = mine;
                assertThat(during).hasSizeGreaterThanOrEqualTo(5);
                for (int i = 1; i < during.size(); i++)
                    assertThat(during.get(i).epochSeconds() - during.get(i - 1).epochSeconds()).as("gap before the advert at %.3f\n%s",
                            during.get(i).epochSeconds(), wire.text()).isGreaterThan(INTERVAL * 0.9);
            }
            assertThat(subject.state(VrrpConf.INSTANCE)).isEqualTo("MASTER");
        }
    }

    /**
     * The subject (100) is MASTER alone; the peer (200) starts, waits its master-down timer and preempts. With
     * higher_prio_send_advert the subject answers the first higher-priority advert with one of its own before becoming
     * BACKUP; without it (keepalived's default, Vigil's with {@code higher_prio_send_advert false}) it becomes BACKUP
     * silently. Vigil's default is on (docs/migrating.md).
     */
    @ParameterizedTest(name = "subject {0}, higher_prio_send_advert {1}")
    @CsvSource({"vigil, false", "vigil, off", "vigil, instance", "vigil, global", "keepalived, off", "keepalived, instance"})
    @Timeout(150)
    void higherPriorityAdvertIsAnsweredOnlyWithHigherPrioSendAdvert(String kind, String setting) {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host hs = v.host("s", "198.18.0.11/24"), hp = v.host("p", "198.18.0.12/24");
            Capture wire = v.capture(hs);
            Router subject = router(v, kind, hs, "s", conf(100, setting, "higher_prio_send_advert"));
            Router peer = router(v, other(kind), hp, "p", conf(200, "off", ""));
            subject.start();
            v.awaitStates(subject, "MASTER");
            peer.start();
            v.awaitStates(subject, "BACKUP", peer, "MASTER");
            v.awaitOrDump("the new master's adverts", Duration.ofSeconds(10),
                    () -> assertThat(adverts(wire, "198.18.0.12", 200)).hasSizeGreaterThanOrEqualTo(3));
            double takeover = adverts(wire, "198.18.0.12", 200).getFirst().epochSeconds();
            List<Capture.Advert> after = adverts(wire, "198.18.0.11", 100).stream().filter(a -> a.epochSeconds() > takeover).toList();
            boolean silent = setting.equals("false") || setting.equals("off") && kind.equals("keepalived");
            if (silent) assertThat(after).as(wire.text()).isEmpty();
            else assertThat(after).as(wire.text()).singleElement()
                    .satisfies(a -> assertThat(a.epochSeconds() - takeover).isLessThan(INTERVAL));
        }
    }

    /**
     * {@code notify_master_rx_lower_pri}: the subject (200, MASTER) hears a lower-priority MASTER that cannot hear it;
     * the script runs for such adverts, as written (no arguments appended).
     */
    @ParameterizedTest(name = "subject {0}")
    @CsvSource({"vigil", "keepalived"})
    @Timeout(150)
    void notifyMasterRxLowerPriRunsOnLowerPriorityAdverts(String kind) throws Exception {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host hs = v.host("s", "198.18.0.11/24"), hp = v.host("p", "198.18.0.12/24");
            java.nio.file.Path out = v.dir.resolve("rx-lower.txt");
            java.nio.file.Path script = v.dir.resolve("rx-lower.sh");
            java.nio.file.Files.writeString(script, "#!/bin/sh\necho \"called with $# args\" >> " + out + "\n");
            script.toFile().setExecutable(true, false);
            Router subject = router(v, kind, hs, "s", conf(200, "off", "").withExtra("", "  notify_master_rx_lower_pri " + script + "\n"));
            Router peer = router(v, other(kind), hp, "p", conf(100, "off", ""));
            v.block(hs, hp, true);
            subject.start();
            peer.start();
            v.awaitStates(subject, "MASTER", peer, "MASTER");
            v.awaitOrDump("the script ran for lower-priority adverts", Duration.ofSeconds(30),
                    () -> assertThat(java.nio.file.Files.exists(out) ? java.nio.file.Files.readAllLines(out) : List.<String>of())
                            .hasSizeGreaterThanOrEqualTo(2).allMatch(l -> l.equals("called with 0 args")));
        }
    }

    private static double firstAdvert(Capture wire, String source, int priority) {
        return adverts(wire, source, priority).stream().mapToDouble(Capture.Advert::epochSeconds).min().orElse(Double.MAX_VALUE);
    }

    private static List<Capture.Advert> after(Capture wire, String source, int priority, double since) {
        return adverts(wire, source, priority).stream().filter(a -> a.epochSeconds() > since).toList();
    }

    private static List<Capture.Advert> adverts(Capture wire, String source, int priority) {
        return wire.adverts().stream().filter(a -> a.source().equals(source) && a.priority() == priority).toList();
    }
}
