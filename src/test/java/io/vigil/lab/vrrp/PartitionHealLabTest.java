package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A partition that heals while two routers are MASTER (found by the soak, issue #12): the higher-priority router {@code a}
 * was cut off and stayed MASTER alone, {@code b} took over and the client learned the VIP at {@code b}'s MAC. When the
 * partition heals, whichever advert crosses first decides who speaks: if {@code b}'s reaches {@code a}, {@code a}
 * answers a lower-priority advert with gratuitous ARPs; if {@code a}'s reaches {@code b} first (the test heals just
 * after {@code b}'s advert so that it does, unless {@code a}'s next advert is due within 150 ms), {@code b} steps down,
 * and only {@code higher_prio_send_advert} (on by default in Vigil) makes it send the advert that draws {@code a}'s
 * GARPs. Either way the client's neighbour entry must move to {@code a}'s MAC within a couple of seconds, without the
 * client sending anything. {@code b} is Vigil, then keepalived 2.2.7 with {@code higher_prio_send_advert} set (its
 * default is off); {@code a} is always Vigil.
 */
class PartitionHealLabTest {
    private static final String VIP = "198.18.0.100";

    @ParameterizedTest(name = "stepping-down router {0}")
    @ValueSource(strings = {"vigil", "keepalived"})
    @Timeout(150)
    void clientsRelearnTheVipAtTheMasterWhenAPartitionHeals(String bKind) throws Exception {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24"), hb = v.host("b", "198.18.0.12/24"), hc = v.host("c", "198.18.0.50/24");
            Capture wireA = v.capture(ha), wireB = v.capture(hb);
            VrrpConf base = VrrpConf.fast(200, VIP + "/24").withAdvert(3, "1");
            Router a = v.vigil(ha, "a", base);
            VrrpConf bConf = base.withPriority(100);
            Router b = bKind.equals("vigil") ? v.vigil(hb, "b", bConf) : v.keepalived(hb, "b", bConf.withExtra("", "  higher_prio_send_advert\n"));
            a.start();
            v.awaitStates(a, "MASTER");
            b.start();
            v.awaitStates(a, "MASTER", b, "BACKUP");

            // Cut a off from everyone, both ways: b takes over, the client learns the VIP at b's MAC.
            for (Lab.Host other : List.of(hb, hc)) {
                v.block(ha, other, true);
                v.block(other, ha, true);
            }
            v.awaitStates(a, "MASTER", b, "MASTER");
            String macA = VrrpLab.mac(ha), macB = VrrpLab.mac(hb);
            v.awaitOrDump("the client learned the VIP at b", Duration.ofSeconds(20), () -> {
                hc.trySh("ping -c 1 -W 1 " + VIP, 5);
                assertThat(VrrpLab.neighbour(hc, VIP)).isEqualTo(macB);
            });

            // Heal just after one of b's adverts, with a's next one due at least 150 ms later: a's crosses first.
            boolean aFirst = false;
            long deadline = System.currentTimeMillis() + 20_000;
            double healedAt = 0;
            while (System.currentTimeMillis() < deadline) {
                double bLast = last(wireB, "198.18.0.12", 100), aLast = last(wireA, "198.18.0.11", 200);
                double now = VrrpLab.nowEpochSeconds();
                double aNext = aLast + 1.0;
                while (aNext < now) aNext += 1.0;
                if (bLast > 0 && now - bLast < 0.1 && aNext - now > 0.15) {
                    heal(v, ha, hb, hc);
                    healedAt = VrrpLab.nowEpochSeconds();
                    aFirst = true;
                    break;
                }
                Thread.sleep(10);
            }
            if (!aFirst) {
                heal(v, ha, hb, hc);
                healedAt = VrrpLab.nowEpochSeconds();
            }
            double healed = healedAt;
            v.awaitOrDump("the client's entry for the VIP moved to a's MAC after the heal", Duration.ofSeconds(4),
                    () -> assertThat(VrrpLab.neighbour(hc, VIP)).isEqualTo(macA));
            double moved = VrrpLab.nowEpochSeconds() - healed;
            v.awaitStates(a, "MASTER", b, "BACKUP");
            VrrpLab.assertVipOnlyOn(VIP, a, b);
            System.out.printf(Locale.ROOT, "[partition-heal] b=%s: healed %s; client's entry at a's MAC %.2f s after the heal; a's GARPs after the heal: %d%n",
                    bKind, aFirst ? "after b's advert (a's crossed first)" : "at a moment not chosen (which advert crossed first is not known)",
                    moved, wireA.garpsFrom(VIP, macA, healed));
        }
    }

    /** Lifts the four cuts in one nftables transaction: no direction opens before the others. */
    private static void heal(VrrpLab v, Lab.Host a, Lab.Host b, Lab.Host c) {
        String as = a.ns() + "s", bs = b.ns() + "s", cs = c.ns() + "s";
        v.lab.sh(v.lab.prefix() + "sw", "nft delete element bridge vglab cut '{ \"" + as + "\" . \"" + bs + "\", \"" + bs + "\" . \"" + as
                + "\", \"" + as + "\" . \"" + cs + "\", \"" + cs + "\" . \"" + as + "\" }'");
    }

    private static double last(Capture wire, String source, int priority) {
        return wire.adverts().stream().filter(x -> x.source().equals(source) && x.priority() == priority)
                .mapToDouble(Capture.Advert::epochSeconds).max().orElse(0);
    }
}
