package io.vigil.lb.ipvs;

import io.vigil.netlink.genl.Ipvs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** keepalived's lvs_sync_daemon behaviour, as measured in the guest: backup daemon, then master on MASTER, none after stop. */
class SyncDaemonFollowerTest {
    @Test
    void followsTheInstanceLikeKeepalived() {
        FakeIpvsKernel fake = new FakeIpvsKernel();
        SyncDaemonFollower f = new SyncDaemonFollower(new IpvsDataPlane(new IpvsKernel(fake), null),
                new SyncDaemonFollower.Settings("eth1", "VI_1", 7, 0, 0, 0, null));
        f.follow(false);
        assertThat(fake.daemons).containsOnlyKeys(Ipvs.STATE_BACKUP);
        assertThat(fake.daemons.get(Ipvs.STATE_BACKUP).syncId()).isEqualTo(7);
        f.follow(true);
        assertThat(fake.daemons).containsOnlyKeys(Ipvs.STATE_MASTER);
        assertThat(fake.daemons.get(Ipvs.STATE_MASTER).interfaceName()).isEqualTo("eth1");
        fake.commands.clear();
        f.follow(true);
        assertThat(fake.commands).containsOnly(Ipvs.CMD_GET_DAEMON);
        f.follow(false);
        assertThat(fake.daemons).containsOnlyKeys(Ipvs.STATE_BACKUP);
        f.stop();
        assertThat(fake.daemons).isEmpty();
    }
}
