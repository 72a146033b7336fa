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

    @Test
    void withoutAnInstanceBothDaemonsRun() {
        FakeIpvsKernel fake = new FakeIpvsKernel();
        SyncDaemonFollower f = new SyncDaemonFollower(new IpvsDataPlane(new IpvsKernel(fake), null),
                new SyncDaemonFollower.Settings("eth1", "", 3, 0, 0, 0, null));
        f.runBoth();
        assertThat(fake.daemons).containsOnlyKeys(Ipvs.STATE_MASTER, Ipvs.STATE_BACKUP);
        assertThat(fake.daemons.get(Ipvs.STATE_MASTER).syncId()).isEqualTo(3);
        f.stop();
        assertThat(fake.daemons).isEmpty();
    }

    @Test
    void aLeftoverDaemonIsReplacedOnlyAfterAdoption() throws Exception {
        FakeIpvsKernel fake = new FakeIpvsKernel();
        IpvsKernel kernel = new IpvsKernel(fake);
        // A backup daemon left by a checker child that was SIGKILLed while the instance was BACKUP.
        kernel.startDaemon(new io.vigil.netlink.genl.IpvsDaemon(Ipvs.STATE_BACKUP, "eth1", 7, 0, null, 0, 0));
        SyncDaemonFollower.Settings settings = new SyncDaemonFollower.Settings("eth1", "VI_1", 7, 0, 0, 0, null);

        SyncDaemonFollower notAdopting = new SyncDaemonFollower(new IpvsDataPlane(kernel, null), settings);
        notAdopting.follow(true);
        assertThat(fake.daemons).as("someone else's daemon is left alone").containsOnlyKeys(Ipvs.STATE_MASTER, Ipvs.STATE_BACKUP);

        fake.daemons.remove(Ipvs.STATE_MASTER);
        SyncDaemonFollower restarted = new SyncDaemonFollower(new IpvsDataPlane(kernel, null), settings);
        restarted.adoptLeftovers();
        restarted.follow(true);
        assertThat(fake.daemons).containsOnlyKeys(Ipvs.STATE_MASTER);
    }
}
