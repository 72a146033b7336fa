package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import io.vigil.lab.VigilNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static io.vigil.lab.vrrp.VrrpLab.assertVipOnlyOn;
import static io.vigil.lab.vrrp.VrrpLab.holds;
import static io.vigil.lab.vrrp.VrrpLab.mac;
import static io.vigil.lab.vrrp.VrrpLab.neighbour;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real Vigil daemons (parent + VRRP child each) in namespaces, a client beside them: election, GARPs, failover on
 * SIGKILL, on a dead VRRP child, on link down and on SIGTERM, preemption back, and {@code nopreempt}.
 */
class VigilPairLabTest {
    private static final String VIP = "198.18.0.100";
    private static final String MASTER = "MASTER", BACKUP = "BACKUP", FAULT = "FAULT";

    @Test
    @Timeout(240)
    void electionGarpsFailoverAndPreemptionOnTheWire() {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24"), hb = v.host("b", "198.18.0.12/24"), client = v.host("c", "198.18.0.10/24");
            Capture wire = v.capture(client);
            VigilNode a = v.vigil(ha, "a", VrrpConf.fast(200, VIP + "/24"));
            VigilNode b = v.vigil(hb, "b", VrrpConf.fast(100, VIP + "/24"));
            String macA = mac(ha), macB = mac(hb);
            b.start();
            a.start();

            // Election: the higher priority wins; the VIP only on the master; its GARPs reach the client.
            v.awaitStates(a, MASTER, b, BACKUP);
            assertVipOnlyOn(VIP, a, b);
            v.awaitOrDump("GARPs from a", Duration.ofSeconds(10), () -> assertThat(wire.garpsFrom(VIP, macA, 0)).isGreaterThanOrEqualTo(5));
            assertThat(client.trySh("ping -c1 -W2 " + VIP, 10).exit()).as("client reaches the VIP").isZero();
            assertThat(neighbour(client, VIP)).isEqualTo(macA);

            // SIGKILL of the master's processes: the backup takes over, and its GARPs move the client's neighbour entry.
            double killed = VrrpLab.nowEpochSeconds();
            a.killAll();
            v.awaitStates(b, MASTER);
            v.awaitOrDump("VIP on b", Duration.ofSeconds(10), () -> assertThat(holds(b, VIP)).isTrue());
            v.awaitOrDump("GARPs from b", Duration.ofSeconds(10), () -> assertThat(wire.garpsFrom(VIP, macB, killed)).isGreaterThanOrEqualTo(5));
            v.awaitOrDump("client's neighbour entry follows the GARPs", Duration.ofSeconds(5),
                    () -> assertThat(neighbour(client, VIP)).isEqualTo(macB));
            assertThat(client.trySh("ping -c1 -W2 " + VIP, 10).exit()).as("client reaches the VIP on b").isZero();

            // The higher priority returns (its killed run left the VIP behind): it preempts, the VIP ends on it alone.
            a.start();
            v.awaitStates(a, MASTER, b, BACKUP);
            v.awaitOrDump("VIP on a only", Duration.ofSeconds(10), () -> assertVipOnlyOn(VIP, a, b));

            // Only the VRRP child dies: the watchdog restarts it, and a is master again.
            long child = a.vrrpPid();
            a.signalVrrpChild("KILL");
            v.awaitOrDump("a new VRRP child", Duration.ofSeconds(30), () -> assertThat(a.vrrpPid()).isPositive().isNotEqualTo(child));
            v.awaitStates(a, MASTER, b, BACKUP);
            v.awaitOrDump("VIP on a only after the child restart", Duration.ofSeconds(10), () -> assertVipOnlyOn(VIP, a, b));
            assertThat(a.log()).contains("died (signal 9)");

            // Link down on the master: FAULT there, the backup takes over; link up: preemption back.
            ha.sh("ip link set eth0 down");
            v.awaitStates(a, FAULT, b, MASTER);
            v.awaitOrDump("VIP on b only", Duration.ofSeconds(10), () -> assertVipOnlyOn(VIP, b, a));
            ha.sh("ip link set eth0 up");
            v.awaitStates(a, MASTER, b, BACKUP);
            v.awaitOrDump("VIP on a only after link up", Duration.ofSeconds(10), () -> assertVipOnlyOn(VIP, a, b));

            // Cable cut at the switch (carrier loss on a's eth0): the same, FAULT and back.
            ha.cable(false);
            v.awaitStates(a, FAULT, b, MASTER);
            v.awaitOrDump("VIP on b after the cable cut", Duration.ofSeconds(10), () -> assertThat(holds(b, VIP)).isTrue());
            ha.cable(true);
            v.awaitStates(a, MASTER, b, BACKUP);
            v.awaitOrDump("VIP on a only after the cable is back", Duration.ofSeconds(10), () -> assertVipOnlyOn(VIP, a, b));

            // SIGTERM: a says goodbye with a priority-0 advert and removes its VIP; b takes over.
            double stopped = VrrpLab.nowEpochSeconds();
            a.terminate();
            assertThat(wire.adverts()).as("a's priority-0 advert")
                    .anyMatch(ad -> ad.source().equals("198.18.0.11") && ad.priority() == 0 && ad.epochSeconds() >= stopped);
            v.awaitStates(b, MASTER);
            v.awaitOrDump("VIP on b only after SIGTERM of a", Duration.ofSeconds(10), () -> assertVipOnlyOn(VIP, b, a));
        }
    }

    @Test
    @Timeout(120)
    void sigtermHandsOverInTheSkewTimeNotTheMasterDownTime() {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24"), hb = v.host("b", "198.18.0.12/24"), client = v.host("c", "198.18.0.10/24");
            Capture wire = v.capture(client);
            // Advert 1 s: master-down is 3 × 1 s + skew (3.61 s for priority 100), the skew alone 0.61 s.
            VigilNode a = v.vigil(ha, "a", VrrpConf.fast(200, VIP + "/24").withAdvert(3, "1"));
            VigilNode b = v.vigil(hb, "b", VrrpConf.fast(100, VIP + "/24").withAdvert(3, "1"));
            b.start();
            a.start();
            v.awaitStates(a, MASTER, b, BACKUP);

            double stopped = VrrpLab.nowEpochSeconds();
            a.terminate();
            v.awaitStates(b, MASTER);
            v.awaitOrDump("b's first advert", Duration.ofSeconds(10), () -> assertThat(wire.adverts())
                    .anyMatch(ad -> ad.source().equals("198.18.0.12") && ad.epochSeconds() >= stopped));
            List<Capture.Advert> adverts = wire.adverts();
            Capture.Advert goodbye = adverts.stream().filter(ad -> ad.source().equals("198.18.0.11") && ad.priority() == 0)
                    .findFirst().orElseThrow(() -> new AssertionError("no priority-0 advert from a:\n" + wire.text()));
            Capture.Advert first = adverts.stream().filter(ad -> ad.source().equals("198.18.0.12") && ad.epochSeconds() >= goodbye.epochSeconds())
                    .findFirst().orElseThrow();
            double takeoverSeconds = first.epochSeconds() - goodbye.epochSeconds();
            System.out.printf("SIGTERM handover: b's first advert %.1f ms after a's priority-0 advert%n", takeoverSeconds * 1000);
            // Broad: well under the 3 adverts a dead master costs, i.e. the priority-0 advert was heeded.
            assertThat(takeoverSeconds).as("takeover after the priority-0 advert (s)").isLessThan(3.0);
            assertVipOnlyOn(VIP, b, a);
        }
    }

    @Test
    @Timeout(120)
    void nopreemptKeepsTheRunningMaster() throws Exception {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24"), hb = v.host("b", "198.18.0.12/24");
            VigilNode a = v.vigil(ha, "a", VrrpConf.fast(200, VIP + "/24").withNopreempt());
            VigilNode b = v.vigil(hb, "b", VrrpConf.fast(100, VIP + "/24").withNopreempt());
            b.start();
            v.awaitStates(b, MASTER);
            a.start();
            v.awaitStates(a, BACKUP, b, MASTER);
            // 20 adverts later the lower priority is still master: the higher one does not preempt.
            Thread.sleep(2000);
            assertThat(a.state(VrrpConf.INSTANCE)).isEqualTo(BACKUP);
            assertThat(b.state(VrrpConf.INSTANCE)).isEqualTo(MASTER);
            assertVipOnlyOn(VIP, b, a);
            // It still takes over when the master goes.
            b.terminate();
            v.awaitStates(a, MASTER);
            v.awaitOrDump("VIP on a", Duration.ofSeconds(10), () -> assertVipOnlyOn(VIP, a, b));
        }
    }
}
