package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static io.vigil.lab.vrrp.VrrpLab.assertVipOnlyOn;
import static io.vigil.lab.vrrp.VrrpLab.holds;
import static io.vigil.lab.vrrp.VrrpLab.mac;
import static io.vigil.lab.vrrp.VrrpLab.neighbour;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Split brain: the switch stops forwarding between the two routers (each still reaches the client) until both are
 * MASTER with the VIP and the client has followed the lower priority's GARPs. The heal comes in two steps so the
 * re-assertion is seen deterministically: first the lower priority's adverts reach the higher one, which must
 * re-assert with GARPs that bring the client back; then the other direction, after which exactly one MASTER
 * remains, the higher priority, alone holding the VIP. Vigil with Vigil, and Vigil with keepalived 2.2.7 each way.
 */
class SplitBrainLabTest {
    private static final String VIP = "198.18.0.100";

    @ParameterizedTest(name = "a (200) {0}, b (100) {1}")
    @CsvSource({"vigil, vigil", "vigil, keepalived", "keepalived, vigil"})
    @Timeout(120)
    void healedPartitionLeavesOneMasterThatReannounces(String kindA, String kindB) {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24"), hb = v.host("b", "198.18.0.12/24"), client = v.host("c", "198.18.0.10/24");
            Capture wire = v.capture(client);
            Router a = router(v, kindA, ha, "a", VrrpConf.fast(200, VIP + "/24"));
            Router b = router(v, kindB, hb, "b", VrrpConf.fast(100, VIP + "/24"));
            String macA = mac(ha), macB = mac(hb);
            b.start();
            a.start();
            v.awaitStates(a, "MASTER", b, "BACKUP");
            assertThat(client.trySh("ping -c1 -W2 " + VIP, 10).exit()).as("client reaches the VIP").isZero();
            // Let a's two GARP bursts (at mastership and 5 s later) pass, so later GARPs from a are the re-assertion.
            v.awaitOrDump("a's two GARP bursts", Duration.ofSeconds(20), () -> assertThat(wire.garpsFrom(VIP, macA, 0)).isGreaterThanOrEqualTo(10));

            v.block(ha, hb, true);
            v.block(hb, ha, true);
            v.awaitStates(a, "MASTER", b, "MASTER");
            v.awaitOrDump("VIP on both sides of the partition", Duration.ofSeconds(10),
                    () -> assertThat(holds(a, VIP) && holds(b, VIP)).isTrue());
            v.awaitOrDump("the client follows b's GARPs", Duration.ofSeconds(10), () -> assertThat(neighbour(client, VIP)).isEqualTo(macB));

            // Heal, step 1: b's lower-priority adverts reach a, which re-asserts (advert + GARPs); the client comes back.
            double opened = VrrpLab.nowEpochSeconds();
            v.block(hb, ha, false);
            v.awaitOrDump("a re-announces the VIP", Duration.ofSeconds(10), () -> assertThat(wire.garpsFrom(VIP, macA, opened)).isPositive());
            v.awaitOrDump("the client is back on a", Duration.ofSeconds(10), () -> assertThat(neighbour(client, VIP)).isEqualTo(macA));
            assertThat(a.state(VrrpConf.INSTANCE)).isEqualTo("MASTER");

            // Heal, step 2: a's adverts reach b too; exactly one MASTER remains.
            long healedNanos = System.nanoTime();
            v.block(ha, hb, false);
            v.awaitStates(a, "MASTER", b, "BACKUP");
            System.out.printf("split brain (a %s, b %s): one MASTER %d ms after the heal (poll 50 ms); a's GARPs after b's adverts came through: %d%n",
                    kindA, kindB, (System.nanoTime() - healedNanos) / 1_000_000, wire.garpsFrom(VIP, macA, opened));
            v.awaitOrDump("VIP on a only", Duration.ofSeconds(10), () -> assertVipOnlyOn(VIP, a, b));
            assertThat(client.trySh("ping -c1 -W2 " + VIP, 10).exit()).as("client reaches the VIP on a").isZero();
            assertThat(neighbour(client, VIP)).isEqualTo(macA);
        }
    }

    private static Router router(VrrpLab v, String kind, Lab.Host host, String name, VrrpConf conf) {
        return kind.equals("vigil") ? v.vigil(host, name, conf) : v.keepalived(host, name, conf);
    }
}
