package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import io.vigil.lab.VigilNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.vigil.lab.vrrp.VrrpLab.assertVipOnlyOn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #6: SIGKILL of the MASTER's VRRP child costs no failover. The watchdog restarts the child at once and the
 * new child takes the MASTER role back before the backup's master-down timer (3 x 1 s + skew) runs out: the backup
 * never becomes MASTER and the VIP never leaves the master (keepalived's respawned child drops it: a 3.5 s outage).
 */
class VrrpChildRestartLabTest {
    private static final String VIP = "198.18.0.100";

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Test
    @Timeout(180)
    void killedVrrpChildOnTheMasterTakesTheRoleBackWithoutFailover() {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24"), hb = v.host("b", "198.18.0.12/24"), client = v.host("c", "198.18.0.10/24");
            VrrpConf conf = VrrpConf.fast(200, VIP + "/24").withAdvert(2, "1");
            VigilNode a = v.vigil(ha, "a", conf);
            VigilNode b = v.vigil(hb, "b", conf.withPriority(100));
            b.start();
            a.start();
            v.awaitStates(a, "MASTER", b, "BACKUP");
            assertVipOnlyOn(VIP, a, b);
            int bMasterEntries = count(b.log(), "Entering MASTER STATE");

            // Pings every 10 ms from the client for the whole restart: every one must be answered.
            long child = a.vrrpPid();
            Process pings = v.lab.spawn(client.ns(), java.util.List.of("ping", "-i", "0.01", "-c", "500", "-W", "1", VIP),
                    v.dir.resolve("pings.txt"));
            a.signalVrrpChild("KILL");
            v.awaitOrDump("a new VRRP child", Duration.ofSeconds(30), () -> assertThat(a.vrrpPid()).isPositive().isNotEqualTo(child));
            v.awaitOrDump("a resumed as MASTER", Duration.ofSeconds(30), () -> assertThat(a.log()).contains("taking the role back"));
            v.awaitStates(a, "MASTER", b, "BACKUP");
            assertVipOnlyOn(VIP, a, b);
            assertThat(count(b.log(), "Entering MASTER STATE")).as("b never took over while a's VRRP child restarted")
                    .isEqualTo(bMasterEntries);

            v.awaitOrDump("pings done", Duration.ofSeconds(30), () -> assertThat(pings.isAlive()).isFalse());
            String report = v.logs();
            String summary = java.nio.file.Files.readString(v.dir.resolve("pings.txt"));
            assertThat(summary).as(report).contains(" 0% packet loss");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Issue #12 as found while probing: both {@code state BACKUP} + {@code nopreempt}, a MASTER at priority 100 whose
     * VRRP child is frozen (SIGSTOP) for 7 s. The backup takes over after its master-down time (3 x 1 s + skew); the
     * watchdog kills the frozen child after its heartbeat time-out (~5-6 s) and restarts it. The new child must not take
     * the role back (its last advert is older than any backup's master-down interval): the VIP moves once, stays on b,
     * and a ends BACKUP. Judged from a capture on a third host and from {@code ip addr}, not from Vigil's logs alone.
     */
    @Test
    @Timeout(240)
    void aMasterFrozenLongerThanTheMasterDownIntervalDoesNotTakeTheRoleBack() throws InterruptedException {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host ha = v.host("a", "198.18.0.11/24"), hb = v.host("b", "198.18.0.12/24"), client = v.host("c", "198.18.0.10/24");
            VrrpConf conf = VrrpConf.fast(100, VIP + "/24").withAdvert(2, "1").withNopreempt();
            VigilNode a = v.vigil(ha, "a", conf);
            VigilNode b = v.vigil(hb, "b", conf.withPriority(50));
            Capture wire = v.capture(client);
            a.start();
            v.awaitStates(a, "MASTER");
            b.start();
            v.awaitStates(a, "MASTER", b, "BACKUP");
            assertVipOnlyOn(VIP, a, b);

            long frozen = a.vrrpPid();
            double stoppedAt = VrrpLab.nowEpochSeconds();
            a.signalVrrpChild("STOP");
            v.awaitStates(b, "MASTER");
            v.awaitOrDump("the watchdog restarted a's frozen VRRP child", Duration.ofSeconds(30),
                    () -> assertThat(a.vrrpPid()).isPositive().isNotEqualTo(frozen));
            // The 7 s of the report: the watchdog has killed the child by now; a SIGCONT then finds it gone.
            long sinceStopMillis = (long) ((VrrpLab.nowEpochSeconds() - stoppedAt) * 1000);
            if (sinceStopMillis < 7000) Thread.sleep(7000 - sinceStopMillis);
            Lab.run(java.util.List.of("kill", "-CONT", Long.toString(frozen)), 5);
            double restartedAt = VrrpLab.nowEpochSeconds();

            v.awaitOrDump("a's new child starts as BACKUP", Duration.ofSeconds(40), () -> assertThat(a.log()).contains("too late to resume"));
            v.awaitStates(a, "BACKUP", b, "MASTER");
            // Five more adverts from b after a's new child is up: long enough for any take-back to show (it would come
            // with the new child's first advert, and a backup's timer would run out within 3 adverts).
            String bIp = "198.18.0.12", aIp = "198.18.0.11";
            double aUp = VrrpLab.nowEpochSeconds();
            v.awaitOrDump("five adverts from b after a's restart", Duration.ofSeconds(30), () -> assertThat(
                    wire.adverts().stream().filter(x -> x.source().equals(bIp) && x.epochSeconds() > aUp).count()).isGreaterThanOrEqualTo(5));

            java.util.List<Capture.Advert> adverts = wire.adverts();
            double aLast = adverts.stream().filter(x -> x.source().equals(aIp) && x.epochSeconds() < stoppedAt + 0.05)
                    .mapToDouble(Capture.Advert::epochSeconds).max().orElseThrow();
            double bFirst = adverts.stream().filter(x -> x.source().equals(bIp)).mapToDouble(Capture.Advert::epochSeconds).min().orElseThrow();
            String report = v.logs();
            // b took over by its master-down timer (3 x 1 s + (256 - 50) / 256 s after a's last advert), not earlier.
            assertThat(bFirst - aLast).as(report).isBetween(3.0, 6.0);
            // a never advertised again: no take-back, no priority-0 advert, nothing after it froze.
            assertThat(adverts).as(report).noneMatch(x -> x.source().equals(aIp) && x.epochSeconds() > aLast);
            // b advertised throughout, with no gap a backup could take over in (the only MASTER since its takeover)
            java.util.List<Double> bTimes = adverts.stream().filter(x -> x.source().equals(bIp)).map(Capture.Advert::epochSeconds).toList();
            double maxGap = 0;
            for (int i = 1; i < bTimes.size(); i++) maxGap = Math.max(maxGap, bTimes.get(i) - bTimes.get(i - 1));
            assertThat(maxGap).as(report).isLessThan(3.0);
            assertThat(bTimes.getLast()).isGreaterThan(restartedAt);
            // The VIP moved once: a sent no gratuitous ARP after its restart, holds no VIP; b holds it.
            assertThat(wire.garpsFrom(VIP, VrrpLab.mac(ha), restartedAt - 2)).as(report).isZero();
            assertVipOnlyOn(VIP, b, a);
            assertThat(count(b.log(), "Entering MASTER STATE")).as(report).isEqualTo(1);
            assertThat(count(b.log(), "Entering BACKUP STATE")).as(report).isEqualTo(1);
            assertThat(a.log()).as(report).doesNotContain("taking the role back");
        }
    }
}
