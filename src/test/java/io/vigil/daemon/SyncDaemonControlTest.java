package io.vigil.daemon;

import io.vigil.config.ConfigLoader;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.LoadOptions;
import io.vigil.lb.DataPlaneKind;
import io.vigil.lb.ipvs.SyncDaemonFollower;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** lvs_sync_daemon in the checker child: the settings read from keepalived.conf and the daemon following the VRRP states. */
class SyncDaemonControlTest {
    private static final String INSTANCES = """
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                priority 100
                virtual_ipaddress {
                    198.18.1.2
                }
            }
            vrrp_instance VI_2 {
                interface eth0
                virtual_router_id 52
                priority 100
                virtual_ipaddress {
                    198.18.1.3
                }
            }
            """;

    private static KeepalivedConfig load(String text) {
        var result = ConfigLoader.loadText("test.conf", text, LoadOptions.defaults());
        assertThat(result.diagnostics()).as("diagnostics").noneMatch(io.vigil.config.Diagnostic::isError);
        return result.config().orElseThrow();
    }

    private static KeepalivedConfig global(String syncd) {
        return load("global_defs {\n    " + syncd + "\n}\n" + INSTANCES);
    }

    /** Records what the control asks of the kernel's daemons. */
    static class FakeDriver implements SyncDaemonControl.Driver {
        final List<String> calls = new ArrayList<>();

        @Override
        public void adoptLeftovers() {
            calls.add("adopt");
        }

        @Override
        public void follow(SyncDaemonFollower.Settings s, boolean master) {
            calls.add((master ? "master " : "backup ") + s.interfaceName() + " syncid " + s.syncId());
        }

        @Override
        public void both(SyncDaemonFollower.Settings s) {
            calls.add("master+backup " + s.interfaceName() + " syncid " + s.syncId());
        }

        @Override
        public void stop() {
            calls.add("stop");
        }
    }

    @Test
    void theInstanceMayFollowTheWordInstOrBeLeftOutAsInKeepalived227() throws Exception {
        assertThat(SyncDaemonControl.settings(global("lvs_sync_daemon eth1 inst VI_2 maxlen 1400"))).contains(
                new SyncDaemonFollower.Settings("eth1", "VI_2", 52, 1400, 0, 0, null));
        assertThat(SyncDaemonControl.settings(global("lvs_sync_daemon eth1 id 9"))).contains(
                new SyncDaemonFollower.Settings("eth1", "", 9, 0, 0, 0, null));
        assertThat(SyncDaemonControl.settings(global("lvs_sync_daemon eth1"))).contains(
                new SyncDaemonFollower.Settings("eth1", "", 0, 0, 0, 0, null));
        var unknown = ConfigLoader.loadText("test.conf", "global_defs {\n    lvs_sync_daemon eth1 inst VI_9\n}\n" + INSTANCES, LoadOptions.defaults());
        assertThat(unknown.diagnostics()).anyMatch(d -> d.isError() && d.toString().contains("names no vrrp_instance"));
    }

    @Test
    void withoutAnInstanceBothDaemonsRunWhateverTheStates() {
        FakeDriver driver = new FakeDriver();
        SyncDaemonControl control = new SyncDaemonControl(DataPlaneKind.IPVS, driver, Map.of());
        control.configure(global("lvs_sync_daemon eth0 id 3"));
        assertThat(driver.calls).containsExactly("adopt", "master+backup eth0 syncid 3");
        control.instanceState("VI_1", "MASTER");
        control.instanceState("VI_1", "BACKUP");
        assertThat(driver.calls).hasSize(2);
        control.close();
        assertThat(driver.calls).last().isEqualTo("stop");
    }

    @Test
    void settingsAsKeepalivedReadsThem() throws Exception {
        assertThat(SyncDaemonControl.settings(load(INSTANCES))).isEmpty();
        // The sync id defaults to the instance's virtual router id (keepalived.conf(5)).
        assertThat(SyncDaemonControl.settings(global("lvs_sync_daemon eth1 VI_2"))).contains(
                new SyncDaemonFollower.Settings("eth1", "VI_2", 52, 0, 0, 0, null));
        assertThat(SyncDaemonControl.settings(global("lvs_sync_daemon eth1 VI_1 id 7 maxlen 1400 port 8900 ttl 2 group 239.1.2.3"))).contains(
                new SyncDaemonFollower.Settings("eth1", "VI_1", 7, 1400, 8900, 2, InetAddress.getByName("239.1.2.3")));
        // The legacy per-instance spelling: that instance, its vrid.
        KeepalivedConfig legacy = load(INSTANCES.replace("virtual_router_id 52", "virtual_router_id 52\n    lvs_sync_daemon_interface eth3"));
        assertThat(SyncDaemonControl.settings(legacy)).contains(new SyncDaemonFollower.Settings("eth3", "VI_2", 52, 0, 0, 0, null));
    }

    @Test
    void backupFromStartMasterWhileMasterBackupAgainOnFaultNoneAfterClose() {
        FakeDriver driver = new FakeDriver();
        SyncDaemonControl control = new SyncDaemonControl(DataPlaneKind.IPVS, driver, Map.of());
        control.configure(global("lvs_sync_daemon eth0 VI_1"));
        assertThat(driver.calls).containsExactly("adopt", "backup eth0 syncid 51");
        assertThat(control.running()).contains(false);

        control.instanceState("VI_2", "MASTER"); // another instance: nothing
        control.instanceState("VI_1", "BACKUP"); // the backup daemon already runs
        assertThat(driver.calls).hasSize(2);
        control.instanceState("VI_1", "MASTER");
        control.instanceState("VI_1", "MASTER");
        assertThat(driver.calls).containsExactly("adopt", "backup eth0 syncid 51", "master eth0 syncid 51");
        control.instanceState("VI_1", "FAULT");
        control.instanceState("VI_1", "BACKUP");
        assertThat(driver.calls).endsWith("master eth0 syncid 51", "backup eth0 syncid 51").hasSize(4);

        control.instanceState("VI_1", "MASTER");
        // The VRRP child shutting down reports STOP: no backup daemon on the way out (keepalived starts none).
        control.instanceState("VI_1", "STOP");
        assertThat(driver.calls).last().isEqualTo("master eth0 syncid 51");
        assertThat(control.running()).contains(true);
        control.close();
        assertThat(driver.calls).last().isEqualTo("stop");
        assertThat(control.running()).isEmpty();
        control.instanceState("VI_1", "MASTER"); // after shutdown: nothing starts again
        assertThat(driver.calls).last().isEqualTo("stop");
    }

    @Test
    void aRestartedCheckerChildStartsTheDaemonOfTheLastKnownState() {
        FakeDriver driver = new FakeDriver();
        SyncDaemonControl control = new SyncDaemonControl(DataPlaneKind.IPVS, driver, Map.of("VI_1", "MASTER"));
        control.configure(global("lvs_sync_daemon eth0 VI_1"));
        // A leftover backup daemon of the dead predecessor is adopted before the master daemon starts: never a
        // backup daemon first.
        assertThat(driver.calls).containsExactly("adopt", "master eth0 syncid 51");
    }

    @Test
    void reloadRestartsTheDaemonWithNewSettingsOrStopsIt() {
        FakeDriver driver = new FakeDriver();
        SyncDaemonControl control = new SyncDaemonControl(DataPlaneKind.IPVS, driver, Map.of());
        control.configure(global("lvs_sync_daemon eth0 VI_1"));
        control.instanceState("VI_1", "MASTER");
        control.configure(global("lvs_sync_daemon eth0 VI_1")); // unchanged: nothing
        assertThat(driver.calls).containsExactly("adopt", "backup eth0 syncid 51", "master eth0 syncid 51");
        control.configure(global("lvs_sync_daemon eth0 VI_1 id 9"));
        assertThat(driver.calls).last().isEqualTo("master eth0 syncid 9");
        control.configure(global("lvs_sync_daemon eth0 VI_2")); // VI_2 has reported nothing yet: backup
        assertThat(driver.calls).last().isEqualTo("backup eth0 syncid 52");
        control.configure(load(INSTANCES));
        assertThat(driver.calls).last().isEqualTo("stop");
        control.instanceState("VI_1", "BACKUP");
        assertThat(driver.calls).last().isEqualTo("stop");
    }

    @Test
    void aFailedStartIsTriedAgainAtTheNextStateChange() {
        List<String> attempts = new ArrayList<>();
        boolean[] fail = {true};
        SyncDaemonControl control = new SyncDaemonControl(DataPlaneKind.IPVS, new FakeDriver() {
            @Override
            public void follow(SyncDaemonFollower.Settings s, boolean master) {
                attempts.add(master ? "master" : "backup");
                if (fail[0]) throw new io.vigil.lb.DataPlaneException("IPVS refused to start the backup sync daemon on eth0: No such device");
            }
        }, Map.of());
        control.configure(global("lvs_sync_daemon eth0 VI_1"));
        assertThat(control.running()).isEmpty();
        fail[0] = false;
        control.instanceState("VI_1", "BACKUP");
        assertThat(attempts).containsExactly("backup", "backup");
        assertThat(control.running()).contains(false);
    }

    @Test
    void otherBackEndsRunNoDaemonAndSaySoOnce() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(SyncDaemonControl.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            SyncDaemonControl control = new SyncDaemonControl(DataPlaneKind.NFTABLES, null, Map.of());
            control.configure(global("lvs_sync_daemon eth0 VI_1"));
            control.instanceState("VI_1", "MASTER");
            control.configure(global("lvs_sync_daemon eth0 VI_1")); // a reload: not said again
            control.close();
            assertThat(control.running()).isEmpty();
            assertThat(logged.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .containsExactly("lvs_sync_daemon has no effect on the nftables data plane: IPVS connection sync daemons need the ipvs back end");
        } finally {
            logger.detachAppender(logged);
        }
    }

    @Test
    void aBadOptionRunsNoDaemonInsteadOfFailingTheChild() {
        FakeDriver driver = new FakeDriver();
        SyncDaemonControl control = new SyncDaemonControl(DataPlaneKind.IPVS, driver, Map.of());
        control.configure(global("lvs_sync_daemon eth0 VI_1 ttl 999"));
        assertThat(driver.calls).isEmpty();
        assertThat(control.running()).isEmpty();
    }
}
