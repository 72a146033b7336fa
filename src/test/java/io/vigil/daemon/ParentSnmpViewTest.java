package io.vigil.daemon;

import io.vigil.config.ConfigLoader;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.LoadOptions;
import io.vigil.snmp.SnmpView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The parent's SNMP view fed by STATE and HEALTH lines, with a fake clock. */
class ParentSnmpViewTest {

    private static KeepalivedConfig config(Path dir) throws Exception {
        Path f = dir.resolve("k.conf");
        Files.writeString(f, """
                global_defs {
                    router_id R9
                    enable_snmp_vrrp
                    enable_traps
                }
                vrrp_sync_group G1 {
                    group {
                        VI_1
                    }
                }
                vrrp_instance VI_1 {
                    interface lo
                    virtual_router_id 51
                    priority 100
                    virtual_ipaddress {
                        198.18.5.100/32
                    }
                    virtual_ipaddress_excluded {
                        198.18.5.200/32
                    }
                }
                vrrp_instance VI_2 {
                    interface lo
                    virtual_router_id 52
                    priority 90
                    virtual_ipaddress {
                        198.18.5.101/32
                    }
                }
                virtual_server 198.18.5.100 80 {
                    alpha
                    real_server 198.18.6.11 80 {
                        weight 3
                        snmp_name web1
                    }
                    real_server 198.18.6.12 80 {
                    }
                }
                """);
        return ConfigLoader.load(f, new LoadOptions(null, false)).config().orElseThrow();
    }

    @Test
    void statesGroupsAndHealthFollowTheChildrenReports(@TempDir Path dir) throws Exception {
        AtomicLong centis = new AtomicLong(100);
        ParentSnmpView view = new ParentSnmpView(config(dir), centis::get);
        SnmpView.Snapshot s = view.snapshot();
        assertThat(s.global().routerId()).isEqualTo("R9");
        assertThat(s.instances()).extracting(SnmpView.Instance::state).containsExactly(SnmpView.State.INIT, SnmpView.State.INIT);
        assertThat(s.instances().getFirst().addresses()).extracting(SnmpView.VirtualAddress::advertised).containsExactly(true, false);
        // alpha: real servers start down until the checker child says otherwise
        assertThat(s.virtualServers().getFirst().realServers()).extracting(SnmpView.RealServer::alive).containsExactly(false, false);

        centis.set(250);
        view.instanceState("VI_1", "BACKUP");
        view.instanceState("VI_1", "MASTER");
        s = view.snapshot();
        SnmpView.Instance vi1 = s.instance("VI_1").orElseThrow();
        assertThat(vi1.state()).isEqualTo(SnmpView.State.MASTER);
        assertThat(vi1.masterTransitions()).isEqualTo(1);
        assertThat(vi1.lastChangeCentis()).isEqualTo(250);
        assertThat(s.syncGroups().getFirst().state()).isEqualTo(SnmpView.State.MASTER);

        view.realServerHealth("vs 0 1\nrs 0 0 1 3\nrs 0 1 0 1\n");
        s = view.snapshot();
        assertThat(s.virtualServers().getFirst().realServers()).extracting(SnmpView.RealServer::alive).containsExactly(true, false);
        assertThat(s.virtualServers().getFirst().realServers().getFirst().name()).contains("web1");
        assertThat(s.virtualServers().getFirst().realServersUp()).isEqualTo(1);

        // shutdown: the group stops only when every instance has
        view.instanceState("VI_1", "STOP");
        assertThat(view.snapshot().syncGroups().getFirst().state()).isEqualTo(SnmpView.State.MASTER);
        view.instanceState("VI_2", "STOP");
        assertThat(view.snapshot().syncGroups().getFirst().state()).isEqualTo(SnmpView.State.STOP);
    }

    @Test
    void healthTextRoundTripsAndSkipsGarbage() {
        RealServerHealth.Picture p = RealServerHealth.decode("vs 0 0\nrs 0 1 1 5\nrs x y\nbogus\n");
        assertThat(p.quorumUp()).isEqualTo(Map.of(0, false));
        assertThat(p.servers()).isEqualTo(Map.of(List.of(0, 1), new RealServerHealth.Server(true, 5)));
    }
}
