package io.vigil.daemon;

import io.vigil.config.ConfigLoader;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.LoadOptions;
import io.vigil.observe.ClusterPicture;
import io.vigil.observe.ObsEvent;
import io.vigil.snmp.SnmpView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The parent's SNMP view fed by STATE lines and the cluster picture, with a fake clock. */
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
        KeepalivedConfig config = config(dir);
        ClusterPicture picture = new ClusterPicture("R9", () -> 1_000);
        ParentSnmpView view = new ParentSnmpView(config, picture::snapshot, centis::get);
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

        assertThat(vi1.effectivePriority()).isEqualTo(100); // nothing reported yet: the base priority
        assertThat(vi1.masterAddress()).isEmpty();

        // the checker child's counters: the first server up with a dynamic weight, the second down; quorum lost
        var vs = config.virtualServers().getFirst();
        String vsKey = CheckerConfigMapper.key(vs).toString();
        picture.apply(rs(vsKey, CheckerConfigMapper.key(vs, vs.realServers().get(0)).toString(), "up", 7));
        picture.apply(rs(vsKey, CheckerConfigMapper.key(vs, vs.realServers().get(1)).toString(), "down", 1));
        picture.apply(new ObsEvent.VirtualServiceCounters(10, vsKey, false, false, 2, 1, 0, 0, 0, 0, 0, 0, 0));
        assertThat(view.snapshot().virtualServers().getFirst().realServers()).extracting(SnmpView.RealServer::alive)
                .containsExactly(false, false); // the snapshot is cached until told the picture changed
        view.pictureChanged();
        s = view.snapshot();
        assertThat(s.virtualServers().getFirst().realServers()).extracting(SnmpView.RealServer::alive).containsExactly(true, false);
        assertThat(s.virtualServers().getFirst().realServers()).extracting(SnmpView.RealServer::weight).containsExactly(7, 1);
        assertThat(s.virtualServers().getFirst().realServers().getFirst().name()).contains("web1");
        assertThat(s.virtualServers().getFirst().realServersUp()).isEqualTo(1);
        assertThat(s.virtualServers().getFirst().quorumMet()).isFalse();

        // the VRRP child's counters for VI_2 as BACKUP: tracking lowered it, the master's adverts come from .2
        view.instanceState("VI_2", "BACKUP");
        picture.apply(vrrp(20, "VI_2", "BACKUP", 90, 80, "198.18.5.2"));
        view.pictureChanged();
        SnmpView.Instance vi2 = view.snapshot().instance("VI_2").orElseThrow();
        assertThat(vi2.basePriority()).isEqualTo(90);
        assertThat(vi2.effectivePriority()).isEqualTo(80);
        assertThat(vi2.masterAddress()).contains(java.net.InetAddress.getByName("198.18.5.2"));
        // a later priority change wins over older counters
        picture.apply(new ObsEvent.PriorityChange(30, "VI_2", 80, 85, "track_script chk"));
        view.pictureChanged();
        assertThat(view.snapshot().instance("VI_2").orElseThrow().effectivePriority()).isEqualTo(85);
        // as MASTER no peer master is shown
        view.instanceState("VI_2", "MASTER");
        assertThat(view.snapshot().instance("VI_2").orElseThrow().masterAddress()).isEmpty();

        // shutdown: the group stops only when every instance has
        view.instanceState("VI_1", "STOP");
        assertThat(view.snapshot().syncGroups().getFirst().state()).isEqualTo(SnmpView.State.MASTER);
        view.instanceState("VI_2", "STOP");
        assertThat(view.snapshot().syncGroups().getFirst().state()).isEqualTo(SnmpView.State.STOP);
    }

    private static ObsEvent.RealServerCounters rs(String vs, String rs, String health, int weight) {
        return new ObsEvent.RealServerCounters(10, vs, rs, health, health.equals("up"), weight, "TCP_CHECK", health.equals("up"), "",
                0, 10, 1, Map.of(), List.of(), 0, 0, 0, 0, 0, 0, 0, 0);
    }

    private static ObsEvent.VrrpCounters vrrp(long at, String instance, String state, int base, int effective, String master) {
        return new ObsEvent.VrrpCounters(at, instance, 52, "lo", null, state, base, effective, master, 200, at, 0, 3, 0, 0, 0, 0,
                Map.of(), List.of(), null);
    }
}
