package io.vigil.lb.ipvs;

import io.vigil.lb.DataPlaneException;
import io.vigil.lb.DesiredState;
import io.vigil.lb.Forwarding;
import io.vigil.lb.Persistence;
import io.vigil.lb.Plan;
import io.vigil.lb.Protocol;
import io.vigil.lb.RealServer;
import io.vigil.lb.SchedulerFlag;
import io.vigil.lb.SchedulerKind;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.ServiceStats;
import io.vigil.lb.Tunnel;
import io.vigil.lb.VirtualService;
import io.vigil.netlink.genl.Ipvs;
import io.vigil.netlink.genl.IpvsDaemon;
import io.vigil.netlink.genl.IpvsDest;
import io.vigil.netlink.genl.IpvsService;
import io.vigil.netlink.genl.IpvsStats;
import io.vigil.netlink.genl.IpvsTimeouts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The IPVS data plane against the in-memory kernel: diffs, ownership, adoption, persistence, daemons, stats. */
class IpvsDataPlaneTest {
    final FakeIpvsKernel fake = new FakeIpvsKernel();

    static InetAddress ip(String s) {
        return InetAddress.ofLiteral(s);
    }

    static final ServiceKey WEB = new ServiceKey.Ip(Protocol.TCP, ip("198.18.0.10"), 80);
    static final ServiceKey DNS6 = new ServiceKey.Ip(Protocol.UDP, ip("2001:2::10"), 53);
    static final ServiceKey MARK = new ServiceKey.Fwmark(7, false);

    static DesiredState seed() {
        return new DesiredState(List.of(
                new VirtualService(WEB, SchedulerKind.WLC, Set.of(), new Persistence(50, 24), false, List.of(
                        RealServer.nat(ip("198.18.1.1"), 8080, 3), RealServer.nat(ip("198.18.1.2"), 8080, 1))),
                new VirtualService(DNS6, SchedulerKind.RR, Set.of(), new Persistence(300, 64), true, List.of(
                        RealServer.of(ip("2001:2::1:1"), 53, 1, Forwarding.DR))),
                new VirtualService(MARK, SchedulerKind.MH, Set.of(SchedulerFlag.FALLBACK, SchedulerFlag.PORT), Persistence.NONE, false, List.of(
                        new RealServer(ip("198.18.1.3"), 0, 2, Forwarding.TUN, new Tunnel(Tunnel.Type.GUE, 6080, Tunnel.Checksum.CSUM), 100, 10)))));
    }

    @Test
    void flushWholeTableEmptiesEveryServiceOthersIncludedThenReconcileStartsAfresh() {
        IpvsKernel k = new IpvsKernel(fake);
        IpvsService foreign = new IpvsService(Ipvs.AF_INET, 6, ip("198.18.9.9"), 443, 0, "rr", 0, 0, 0xffffffff, null, null);
        k.addService(foreign);
        IpvsDataPlane dp = new IpvsDataPlane(k, null);
        dp.reconcile(seed());
        assertThat(fake.services).hasSize(4);

        assertThat(dp.flushWholeTable()).isTrue();
        assertThat(fake.commands).contains(Ipvs.CMD_FLUSH);
        assertThat(fake.services).isEmpty();
        assertThat(dp.current().services()).isEmpty();
        assertThat(dp.reconcile(seed()).changes()).hasSize(3 + 4);
        assertThat(fake.services).hasSize(3);
    }

    @Test
    void reconcilingOneChangedServiceReadsBackOnlyItsDestinationsAndLeavesTheOthers() {
        IpvsDataPlane dp = new IpvsDataPlane(new IpvsKernel(fake), null);
        dp.reconcile(seed());
        DesiredState oneWeight = new DesiredState(seed().services().stream()
                .map(s -> s.key().equals(WEB) ? s.withWeight(new RealServer.Key(ip("198.18.1.2"), 8080), 0) : s).toList());
        fake.commands.clear();
        Plan plan = dp.reconcile(oneWeight, Set.of(WEB));
        assertThat(plan.changes()).singleElement().isInstanceOf(io.vigil.lb.Change.EditServer.class);
        // one destination dump (WEB's), not one per service
        assertThat(fake.commands.stream().filter(c -> c == Ipvs.CMD_GET_DEST).count()).isEqualTo(1);
        assertThat(dp.current()).isEqualTo(oneWeight);

        // a service that is not named is left alone even when it differs
        DesiredState dnsGone = new DesiredState(oneWeight.services().stream().filter(s -> !s.key().equals(DNS6)).toList());
        assertThat(dp.reconcile(dnsGone, Set.of(WEB)).changes()).isEmpty();
        assertThat(dp.current()).isEqualTo(oneWeight);
        // named, its removal is applied
        assertThat(dp.reconcile(dnsGone, Set.of(DNS6)).changes()).singleElement().isInstanceOf(io.vigil.lb.Change.RemoveService.class);
        assertThat(dp.current()).isEqualTo(dnsGone);
    }

    @Test
    void appliesTheDesiredStateAndThenHasNothingToDo() {
        IpvsDataPlane dp = new IpvsDataPlane(new IpvsKernel(fake), null);
        Plan first = dp.reconcile(seed());
        assertThat(first.changes()).hasSize(3 + 4);
        assertThat(dp.current()).isEqualTo(seed());

        IpvsService web = fake.services.get(IpvsService.key(6, ip("198.18.0.10"), 80));
        assertThat(web.scheduler()).isEqualTo("wlc");
        assertThat(web.flags()).isEqualTo(Ipvs.SVC_F_PERSISTENT);
        assertThat(web.timeoutSeconds()).isEqualTo(50);
        assertThat(web.netmask()).isEqualTo(0xffffff00);
        IpvsService dns = fake.services.get(IpvsService.key(17, ip("2001:2::10"), 53));
        assertThat(dns.netmask()).isEqualTo(64);
        assertThat(dns.flags()).isEqualTo(Ipvs.SVC_F_PERSISTENT | Ipvs.SVC_F_ONEPACKET);
        IpvsService mark = fake.services.get(IpvsService.fwmarkKey(Ipvs.AF_INET, 7));
        assertThat(mark.flags()).isEqualTo(Ipvs.SVC_F_SCHED1 | Ipvs.SVC_F_SCHED2);
        IpvsDest tun = fake.dests.get(mark.toKey()).getFirst();
        assertThat(tun.forwardingMethod()).isEqualTo(Ipvs.CONN_F_TUNNEL);
        assertThat(tun.tunnelType()).isEqualTo(Ipvs.TUNNEL_TYPE_GUE);
        assertThat(tun.tunnelPort()).isEqualTo(6080);
        assertThat(tun.upperThreshold()).isEqualTo(100);

        fake.commands.clear();
        assertThat(dp.reconcile(seed()).isEmpty()).isTrue();
        assertThat(fake.commands).doesNotContain(Ipvs.CMD_NEW_SERVICE, Ipvs.CMD_SET_SERVICE, Ipvs.CMD_DEL_SERVICE,
                Ipvs.CMD_NEW_DEST, Ipvs.CMD_SET_DEST, Ipvs.CMD_DEL_DEST, Ipvs.CMD_FLUSH);
    }

    @Test
    void weightZeroDrainsAndChangesAreDiffs() {
        IpvsDataPlane dp = new IpvsDataPlane(new IpvsKernel(fake), null);
        dp.reconcile(seed());
        VirtualService web = seed().service(WEB).orElseThrow();
        DesiredState drained = new DesiredState(List.of(
                web.withWeight(new RealServer.Key(ip("198.18.1.1"), 8080), 0).without(new RealServer.Key(ip("198.18.1.2"), 8080))
                        .withServers(List.of(RealServer.nat(ip("198.18.1.1"), 8080, 0), RealServer.nat(ip("198.18.1.4"), 8080, 5)))));
        fake.commands.clear();
        dp.reconcile(drained);
        // two services removed, one server added, one edited (weight 0), one removed; nothing re-created
        assertThat(fake.commands.stream().filter(c -> c == Ipvs.CMD_DEL_SERVICE)).hasSize(2);
        assertThat(fake.commands).doesNotContain(Ipvs.CMD_NEW_SERVICE, Ipvs.CMD_FLUSH);
        List<IpvsDest> ds = fake.dests.get(IpvsService.key(6, ip("198.18.0.10"), 80));
        assertThat(ds).extracting(d -> d.address().getHostAddress() + "/" + d.weight()).containsExactlyInAnyOrder("198.18.1.1/0", "198.18.1.4/5");
        assertThat(dp.current()).isEqualTo(drained);
    }

    @Test
    void servicesVigilDidNotCreateAreNeverTouched() {
        IpvsKernel k = new IpvsKernel(fake);
        IpvsService foreign = new IpvsService(Ipvs.AF_INET, 6, ip("198.18.9.9"), 443, 0, "rr", 0, 0, 0xffffffff, null, null);
        k.addService(foreign);
        k.addDest(foreign, IpvsDest.of(ip("198.18.9.1"), 443, Ipvs.CONN_F_MASQ, 1, 0, 0, 0, 0, 0));
        IpvsDataPlane dp = new IpvsDataPlane(k, null);
        dp.reconcile(seed());
        assertThat(dp.current().services()).extracting(VirtualService::key).containsExactly(WEB, DNS6, MARK);
        dp.reconcile(DesiredState.EMPTY);
        assertThat(fake.services).containsOnlyKeys(foreign.toKey());
        dp.reconcile(seed());
        dp.close();
        assertThat(fake.services).containsOnlyKeys(foreign.toKey());
        assertThat(fake.dests.get(foreign.toKey())).hasSize(1);
        assertThat(fake.commands).doesNotContain(Ipvs.CMD_FLUSH);
    }

    @Test
    void aConfiguredServiceThatAlreadyExistsIsAdoptedAndMadeToMatch() {
        IpvsKernel k = new IpvsKernel(fake);
        IpvsService old = new IpvsService(Ipvs.AF_INET, 6, ip("198.18.0.10"), 80, 0, "rr", 0, 0, 0xffffffff, null, null);
        k.addService(old);
        k.addDest(old, IpvsDest.of(ip("198.18.1.1"), 8080, Ipvs.CONN_F_DROUTE, 9, 0, 0, 0, 0, 0));
        k.addDest(old, IpvsDest.of(ip("198.18.7.7"), 8080, Ipvs.CONN_F_MASQ, 1, 0, 0, 0, 0, 0));
        IpvsDataPlane dp = new IpvsDataPlane(k, null);
        DesiredState want = new DesiredState(List.of(seed().service(WEB).orElseThrow()));
        dp.reconcile(want);
        assertThat(dp.current()).isEqualTo(want);
        assertThat(dp.reconcile(want).isEmpty()).isTrue();
        dp.close();
        assertThat(fake.services).isEmpty();
    }

    @Test
    void anOwnershipFileCarriesOwnershipAcrossRestarts(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ipvs-owned");
        IpvsKernel k = new IpvsKernel(fake);
        IpvsService foreign = new IpvsService(Ipvs.AF_INET, 17, ip("198.18.9.9"), 53, 0, "rr", 0, 0, 0xffffffff, null, null);
        k.addService(foreign);
        new IpvsDataPlane(k, file).reconcile(seed()); // then "crashes" without close()
        assertThat(Files.readString(file)).contains("ip TCP 198.18.0.10 80", "ip UDP 2001:2:0:0:0:0:0:10 53", "fwmark 7 inet");

        IpvsDataPlane restarted = new IpvsDataPlane(new IpvsKernel(fake), file);
        assertThat(restarted.current()).isEqualTo(seed());
        restarted.reconcile(new DesiredState(List.of(seed().service(MARK).orElseThrow())));
        assertThat(fake.services).containsOnlyKeys(foreign.toKey(), IpvsService.fwmarkKey(Ipvs.AF_INET, 7));
        assertThat(Files.readString(file)).doesNotContain("ip TCP").contains("fwmark 7 inet");
    }

    @Test
    void refusesWhatIpvsCannotDoAndNamesTheFailingChange() {
        IpvsDataPlane dp = new IpvsDataPlane(new IpvsKernel(fake), null);
        DesiredState bad = new DesiredState(List.of(
                VirtualService.of(new ServiceKey.Ip(Protocol.TCP, ip("198.18.0.10"), 0), SchedulerKind.RR, List.of()),
                VirtualService.of(WEB, SchedulerKind.RR, List.of(RealServer.nat(ip("2001:2::1"), 80, 1)))));
        assertThatThrownBy(() -> dp.reconcile(bad)).isInstanceOf(DataPlaneException.class)
                .hasMessageContaining("port 0").hasMessageContaining("another address family");
        assertThat(fake.commands).isEmpty();

        fake.services.clear();
        FakeIpvsKernel noMh = new FakeIpvsKernel();
        noMh.schedulers = Set.of("rr", "wlc");
        IpvsDataPlane dp2 = new IpvsDataPlane(new IpvsKernel(noMh), null);
        assertThatThrownBy(() -> dp2.reconcile(new DesiredState(List.of(VirtualService.of(WEB, SchedulerKind.MH, List.of())))))
                .isInstanceOf(DataPlaneException.class).hasMessageContaining("adding service TCP 198.18.0.10:80");
    }

    @Test
    void statsComeFromTheKernelCounters() {
        IpvsDataPlane dp = new IpvsDataPlane(new IpvsKernel(fake), null);
        dp.reconcile(seed());
        IpvsService web = IpvsService.key(6, ip("198.18.0.10"), 80);
        fake.count(web, IpvsDest.key(ip("198.18.1.1"), 8080), new IpvsStats(10, 100, 90, 5000, 60000, 0, 0, 0, 0, 0), 2, 3);
        fake.count(web, IpvsDest.key(ip("198.18.1.2"), 8080), new IpvsStats(4, 40, 30, 2000, 20000, 0, 0, 0, 0, 0), 1, 0);
        ServiceStats s = dp.stats().get(WEB);
        assertThat(s.server(new RealServer.Key(ip("198.18.1.1"), 8080)).conns()).isEqualTo(10);
        assertThat(s.server(new RealServer.Key(ip("198.18.1.1"), 8080)).activeConns()).isEqualTo(2);
        assertThat(s.server(new RealServer.Key(ip("198.18.1.2"), 8080)).bytesOut()).isEqualTo(20000);
        assertThat(s.total().activeConns()).isEqualTo(3);
        assertThat(s.total().inactiveConns()).isEqualTo(3);
        assertThat(dp.stats()).containsOnlyKeys(WEB, DNS6, MARK);
    }

    @Test
    void syncDaemonsAreReconciledAndOnlyOursStopped() {
        IpvsDataPlane dp = new IpvsDataPlane(new IpvsKernel(fake), null);
        dp.syncDaemons(List.of(IpvsDaemon.of(Ipvs.STATE_MASTER, "eth0", 5), IpvsDaemon.of(Ipvs.STATE_BACKUP, "eth0", 5)));
        assertThat(fake.daemons).containsOnlyKeys(Ipvs.STATE_MASTER, Ipvs.STATE_BACKUP);
        fake.commands.clear();
        dp.syncDaemons(List.of(IpvsDaemon.of(Ipvs.STATE_MASTER, "eth0", 5), IpvsDaemon.of(Ipvs.STATE_BACKUP, "eth0", 5)));
        assertThat(fake.commands).containsOnly(Ipvs.CMD_GET_DAEMON); // kernel defaults do not count as a difference
        dp.syncDaemons(List.of(IpvsDaemon.of(Ipvs.STATE_MASTER, "eth0", 6)));
        assertThat(fake.daemons).containsOnlyKeys(Ipvs.STATE_MASTER);
        assertThat(fake.daemons.get(Ipvs.STATE_MASTER).syncId()).isEqualTo(6);

        FakeIpvsKernel other = new FakeIpvsKernel();
        new IpvsKernel(other).startDaemon(IpvsDaemon.of(Ipvs.STATE_BACKUP, "eth1", 9));
        IpvsDataPlane dp2 = new IpvsDataPlane(new IpvsKernel(other), null);
        dp2.syncDaemons(List.of());
        dp2.close();
        assertThat(other.daemons).containsOnlyKeys(Ipvs.STATE_BACKUP);
    }

    @Test
    void timeoutsPassThrough() {
        IpvsDataPlane dp = new IpvsDataPlane(new IpvsKernel(fake), null);
        dp.setTimeouts(new IpvsTimeouts(7200, 0, 60));
        assertThat(dp.timeouts()).isEqualTo(new IpvsTimeouts(7200, 120, 60));
    }
}
