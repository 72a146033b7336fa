package io.vigil.lab.vrrp;

import io.vigil.lab.KeepalivedNode;
import io.vigil.lab.Lab;
import io.vigil.lab.VigilNode;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code skip_check_adv_addr} (and {@code vrrp_skip_check_adv_addr}) in a mixed pair: the backup under test (Vigil or
 * keepalived 2.2.7) follows the master (the other implementation); the master is reloaded (SIGHUP) with a second VIP,
 * so its adverts carry an address list the backup does not have. With the option the backup keeps following it;
 * without, it drops them ("address list" / "expected 1 VIPs") and becomes MASTER as well.
 */
class SkipCheckAdvAddrLabTest {

    @ParameterizedTest(name = "backup {0}, skip_check_adv_addr {1}")
    @CsvSource({"vigil, instance", "vigil, global", "vigil, off", "keepalived, instance", "keepalived, off"})
    @Timeout(150)
    void aFollowedMastersChangedAddressListIsAcceptedOnlyWithTheOption(String kind, String setting) throws Exception {
        try (VrrpLab v = VrrpLab.create()) {
            Lab.Host hm = v.host("m", "198.18.0.11/24"), hb = v.host("b", "198.18.0.12/24");
            VrrpConf mc = VrrpConf.fast(200, "198.18.0.100/24");
            VrrpConf bc = VrrpConf.fast(100, "198.18.0.100/24").withExtra(setting.equals("global") ? "  vrrp_skip_check_adv_addr\n" : "",
                    setting.equals("instance") ? "  skip_check_adv_addr\n" : "");
            boolean vigilBackup = kind.equals("vigil");
            Router master = vigilBackup ? v.keepalived(hm, "m", mc) : v.vigil(hm, "m", mc);
            Router backup = vigilBackup ? v.vigil(hb, "b", bc) : v.keepalived(hb, "b", bc);
            master.start();
            v.awaitStates(master, "MASTER");
            backup.start();
            v.awaitStates(master, "MASTER", backup, "BACKUP");

            Path conf = v.dir.resolve("m.conf");
            Files.writeString(conf, Files.readString(conf).replace("198.18.0.100/24\n", "198.18.0.100/24\n    198.18.0.101/24\n"));
            long pid = master instanceof VigilNode n ? n.parentPid() : ((KeepalivedNode) master).parentPid();
            Lab.exec(List.of("kill", "-HUP", Long.toString(pid)));
            v.awaitOrDump("the master holds the second VIP", java.time.Duration.ofSeconds(20),
                    () -> assertThat(VrrpLab.holds(master, "198.18.0.101")).isTrue());
            if (setting.equals("off")) {
                v.awaitStates(backup, "MASTER");
            } else {
                // Watching for 3 s (master-down 0.36 s): the backup keeps following.
                Thread.sleep(3_000);
                assertThat(backup.state(VrrpConf.INSTANCE)).as(v.logs()).isEqualTo("BACKUP");
            }
        }
    }

}
