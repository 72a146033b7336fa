package io.vigil.lab.vrrp;

import io.vigil.lab.Lab;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code disable_local_igmp}, Vigil and keepalived 2.2.7 with the same keepalived.conf text: while the router runs,
 * its namespace's net.ipv4.igmp_link_local_mcast_reports is 0 and joining 224.0.0.18 sends no IGMP report (tcpdump);
 * after SIGTERM the sysctl is 1 again. Without the keyword the sysctl stays 1 and the join is reported.
 */
class DisableLocalIgmpLabTest {

    @ParameterizedTest(name = "{0}, disable_local_igmp {1}")
    @CsvSource({"vigil, true", "vigil, false", "keepalived, true", "keepalived, false"})
    @Timeout(150)
    void igmpReportsOfLinkLocalGroupsAreOffWhileRunning(String kind, boolean disable) throws Exception {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host h = v.host("r", "198.18.0.11/24");
            String sysctl = "sysctl -n net.ipv4.igmp_link_local_mcast_reports";
            assertThat(h.sh(sysctl).strip()).isEqualTo("1");
            Path igmp = v.dir.resolve("igmp.txt");
            h.spawn(List.of("tcpdump", "-i", "eth0", "-n", "-l", "-v", "--immediate-mode", "-U", "igmp"), igmp);
            await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(igmp) && Files.readString(igmp).contains("listening on"));
            VrrpConf conf = VrrpConf.fast(100, "198.18.0.100/24").withExtra(disable ? "  disable_local_igmp\n" : "", "");
            Router r = kind.equals("vigil") ? v.vigil(h, "r", conf) : v.keepalived(h, "r", conf);
            r.start();
            v.awaitStates(r, "MASTER");
            assertThat(h.sh(sysctl).strip()).isEqualTo(disable ? "0" : "1");
            if (disable) {
                // The kernel reports a join at once and repeats it within a second (IGMPv3 robustness): 3 s without any.
                Thread.sleep(3000);
                assertThat(Files.readString(igmp)).doesNotContain("224.0.0.18");
            } else {
                v.awaitOrDump("the join of 224.0.0.18 reported", Duration.ofSeconds(10),
                        () -> assertThat(Files.readString(igmp)).contains("224.0.0.18"));
            }
            r.terminate();
            assertThat(h.sh(sysctl).strip()).isEqualTo("1");
        }
    }
}
