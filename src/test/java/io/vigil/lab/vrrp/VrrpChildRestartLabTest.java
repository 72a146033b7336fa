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
}
