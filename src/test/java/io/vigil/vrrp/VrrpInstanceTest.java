package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vigil.vrrp.Adverts.from;
import static io.vigil.vrrp.Adverts.of;
import static io.vigil.vrrp.Adverts.timer;
import static org.assertj.core.api.Assertions.assertThat;

/** The state machine of one instance, driven by a fake clock (nanoseconds as plain longs). */
class VrrpInstanceTest {
    static final long T0 = 1_000_000_000_000L;
    static final long MS = 1_000_000L;

    @Test
    void v2BackupPriority50MasterDownIsThreeAdvertsPlusSkewExactly() {
        VrrpInstance b = new VrrpInstance(Adverts.v2("VI_1", 50).build());
        List<Action> a = b.on(new VrrpEvent.Startup(), T0);
        assertThat(b.state()).isEqualTo(VrrpState.BACKUP);
        // RFC 3768: 3 × 1 s + (256 − 50) / 256 s = 3804.6875 ms (keepalived measured 3804.9 ms on the wire).
        assertThat(timer(a, TimerKind.MASTER_DOWN) - T0).isEqualTo(3_804_687_500L);
        assertThat(b.skewNanos()).isEqualTo(804_687_500L);
    }

    @Test
    void v3Advert100msBackupPriority50MasterDown() {
        VrrpInstance b = new VrrpInstance(Adverts.v3("VI_1", 50, 10).build());
        List<Action> a = b.on(new VrrpEvent.Startup(), T0);
        // RFC 5798: 3 × 10 cs + (256 − 50) × 10 / 256 cs = 300 ms + 80.46875 ms (keepalived: 380.7 ms measured).
        assertThat(timer(a, TimerKind.MASTER_DOWN) - T0).isEqualTo(380_468_750L);
    }

    @Test
    void priorityZeroAdvertShortensTheTimerToTheSkewTime() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 50).build();
        VrrpInstance b = new VrrpInstance(s);
        b.on(new VrrpEvent.Startup(), T0);
        List<Action> a = b.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 0)), T0 + 500 * MS);
        assertThat(timer(a, TimerKind.MASTER_DOWN) - (T0 + 500 * MS)).isEqualTo(804_687_500L);
        assertThat(b.priorityZeroReceived()).isEqualTo(1);

        VrrpInstanceSettings s3 = Adverts.v3("VI_1", 50, 10).build();
        VrrpInstance b3 = new VrrpInstance(s3);
        b3.on(new VrrpEvent.Startup(), T0);
        a = b3.on(new VrrpEvent.AdvertReceived(from(s3, "198.18.0.12", 0)), T0);
        assertThat(timer(a, TimerKind.MASTER_DOWN) - T0).isEqualTo(80_468_750L);
    }

    @Test
    void v3BackupLearnsTheMastersIntervalForItsTimer() {
        VrrpInstanceSettings mine = Adverts.v3("VI_1", 50, 10).build();
        VrrpInstance b = new VrrpInstance(mine);
        b.on(new VrrpEvent.Startup(), T0);
        VrrpInstanceSettings theirs = Adverts.v3("VI_1", 100, 100).build();
        VrrpPacket p = VrrpPacket.advert(3, 51, 100, AddressFamily.IPV4, 100, 0, 0, theirs.advertisedAddresses());
        List<Action> a = b.on(new VrrpEvent.AdvertReceived(Adverts.datagram(mine, p, "198.18.0.12", 0)), T0);
        assertThat(timer(a, TimerKind.MASTER_DOWN) - T0).isEqualTo(3_000_000_000L + 804_687_500L);
    }

    @Test
    void timeoutMakesMasterSendsAdvertAddsVipsAndGarpsInThatOrder() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 100).build();
        VrrpInstance i = new VrrpInstance(s);
        long down = timer(i.on(new VrrpEvent.Startup(), T0), TimerKind.MASTER_DOWN);
        List<Action> a = i.on(new VrrpEvent.TimerFired(TimerKind.MASTER_DOWN), down);
        assertThat(i.state()).isEqualTo(VrrpState.MASTER);
        List<Class<?>> kinds = a.stream().<Class<?>>map(Object::getClass).toList();
        assertThat(kinds.indexOf(Action.SendAdvert.class)).isLessThan(kinds.indexOf(Action.AddVips.class));
        assertThat(kinds.indexOf(Action.AddVips.class)).isLessThan(kinds.indexOf(Action.SendGarps.class));
        assertThat(of(a, Action.SendGarps.class).getFirst().count()).isEqualTo(5);
        assertThat(timer(a, TimerKind.ADVERT) - down).isEqualTo(1_000_000_000L);
        assertThat(timer(a, TimerKind.GARP_DELAYED) - down).isEqualTo(5_000_000_000L);
        Action.SendAdvert adv = of(a, Action.SendAdvert.class).getFirst();
        assertThat(adv.priority()).isEqualTo(100);
        assertThat(adv.datagrams()).singleElement().satisfies(d -> assertThat(d.destination()).isEqualTo(Inet.VRRP_GROUP_V4));
        assertThat(of(a, Action.Transitioned.class)).containsExactly(
                new Action.Transitioned("VI_1", VrrpState.BACKUP, VrrpState.MASTER, "Receive advertisement timeout"));

        // Adverts then go out every interval, with IP ids 2, 3, ...
        List<Action> next = i.on(new VrrpEvent.TimerFired(TimerKind.ADVERT), down + 1_000_000_000L);
        byte[] bytes = of(next, Action.SendAdvert.class).getFirst().datagrams().getFirst().bytes();
        assertThat(((bytes[4] & 0xff) << 8) | (bytes[5] & 0xff)).isEqualTo(2);
        assertThat(timer(next, TimerKind.ADVERT)).isEqualTo(down + 2_000_000_000L);
    }

    @Test
    void masterSendsTheSameBytesKeepalivedSends() throws Exception {
        // capture-v2.txt: vrid 51, prio 100, 198.18.0.11 -> 224.0.0.18, VIP 198.18.0.100, ids 1 and 2, then priority 0 id 3.
        List<WireCorpus.Frame> wire = WireCorpus.parse(WireCorpus.dir().resolve("capture-v2.txt")).stream()
                .filter(f -> f.etherType() == 0x0800).toList();
        assertThat(wire).as("capture-v2.txt: two adverts and the priority-0 advert").hasSize(3);
        VrrpInstance i = new VrrpInstance(Adverts.v2("VI_1", 100).build());
        long down = timer(i.on(new VrrpEvent.Startup(), T0), TimerKind.MASTER_DOWN);
        List<Action> a = i.on(new VrrpEvent.TimerFired(TimerKind.MASTER_DOWN), down);
        assertThat(of(a, Action.SendAdvert.class).getFirst().datagrams().getFirst().bytes()).isEqualTo(wire.get(0).ipDatagram());
        a = i.on(new VrrpEvent.TimerFired(TimerKind.ADVERT), down + 1_000_000_000L);
        assertThat(of(a, Action.SendAdvert.class).getFirst().datagrams().getFirst().bytes()).isEqualTo(wire.get(1).ipDatagram());
        a = i.on(new VrrpEvent.Shutdown("SIGTERM"), down + 1_200_000_000L);
        assertThat(of(a, Action.SendAdvert.class).getFirst().datagrams().getFirst().bytes()).isEqualTo(wire.get(2).ipDatagram());
    }

    @Test
    void masterYieldsToHigherPriorityAndRemovesVips() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 100).build();
        VrrpInstance i = master(s);
        List<Action> a = i.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 150)), T0 + 10_000 * MS);
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(of(a, Action.RemoveVips.class)).hasSize(1);
        assertThat(of(a, Action.SendAdvert.class)).isEmpty();
        assertThat(timer(a, TimerKind.MASTER_DOWN) - (T0 + 10_000 * MS)).isEqualTo(3_000_000_000L + 609_375_000L);
        assertThat(i.masterAddress()).isEqualTo(Adverts.ip("198.18.0.12"));
    }

    @Test
    void masterReassertsAtOnceOnALowerPriorityAdvert() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 100).build();
        VrrpInstance i = master(s);
        List<Action> a = i.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 50)), T0 + 10_000 * MS);
        assertThat(i.state()).isEqualTo(VrrpState.MASTER);
        assertThat(of(a, Action.SendAdvert.class)).singleElement().satisfies(x -> assertThat(x.priority()).isEqualTo(100));
        assertThat(of(a, Action.SendGarps.class)).hasSize(1);
    }

    @Test
    void lowerPriorityAdvertSendsTheLowerPrioBurstsAndTheSecondOneAfterItsDelay() {
        // garp_lower_prio_repeat 2, garp_lower_prio_delay 3 s, vrrp_garp_interval 1 ms, vrrp_gna_interval 2 ms.
        VrrpInstanceSettings s = Adverts.v2("VI_1", 100).garp(new GarpSettings(5, 5_000, 0, 1, 2, 3_000, 1_000, 2_000)).build();
        VrrpInstance i = master(s);
        long at = T0 + 10_000 * MS;
        List<Action> a = i.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 50)), at);
        assertThat(of(a, Action.SendGarps.class)).singleElement().satisfies(g -> {
            assertThat(g.count()).isEqualTo(2);
            assertThat(g.garpIntervalMicros()).isEqualTo(1_000);
            assertThat(g.naIntervalMicros()).isEqualTo(2_000);
        });
        assertThat(timer(a, TimerKind.GARP_LOWER_PRIO_DELAYED) - at).isEqualTo(3_000 * MS);
        a = i.on(new VrrpEvent.TimerFired(TimerKind.GARP_LOWER_PRIO_DELAYED), at + 3_000 * MS);
        assertThat(of(a, Action.SendGarps.class)).singleElement().satisfies(g -> assertThat(g.count()).isEqualTo(2));
        // Leaving MASTER cancels a pending second burst.
        i.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 50)), at + 4_000 * MS);
        a = i.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 200)), at + 4_500 * MS);
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(of(a, Action.CancelTimer.class)).anySatisfy(c -> assertThat(c.kind()).isEqualTo(TimerKind.GARP_LOWER_PRIO_DELAYED));
    }

    @Test
    void lowerPrioRepeatZeroSendsNoGarpsButStillReasserts() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 100).garp(new GarpSettings(5, 5_000, 0, 1, 0, 5_000, 0, 0)).build();
        VrrpInstance i = master(s);
        List<Action> a = i.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 50)), T0 + 10_000 * MS);
        assertThat(of(a, Action.SendAdvert.class)).hasSize(1);
        assertThat(of(a, Action.SendGarps.class)).isEmpty();
        assertThat(of(a, Action.ScheduleTimer.class)).noneSatisfy(t -> assertThat(t.kind()).isEqualTo(TimerKind.GARP_LOWER_PRIO_DELAYED));
    }

    @Test
    void equalPrioritiesAreBrokenByTheHigherPrimaryAddress() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 100).build(); // 198.18.0.11
        VrrpInstance i = master(s);
        i.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.10", 100)), T0 + 10_000 * MS);
        assertThat(i.state()).isEqualTo(VrrpState.MASTER);
        i.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 100)), T0 + 11_000 * MS);
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void preemptingBackupIgnoresALowerMasterAndTakesOverAtItsTimer() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 150).build();
        VrrpInstance b = new VrrpInstance(s);
        long down = timer(b.on(new VrrpEvent.Startup(), T0), TimerKind.MASTER_DOWN);
        List<Action> a = b.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 100)), T0 + 500 * MS);
        assertThat(a).isEmpty(); // discarded: the timer keeps running
        b.on(new VrrpEvent.TimerFired(TimerKind.MASTER_DOWN), down);
        assertThat(b.state()).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void nopreemptBackupFollowsALowerMaster() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 150).preempt(false).build();
        VrrpInstance b = new VrrpInstance(s);
        b.on(new VrrpEvent.Startup(), T0);
        List<Action> a = b.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 100)), T0 + 500 * MS);
        assertThat(timer(a, TimerKind.MASTER_DOWN) - (T0 + 500 * MS)).isEqualTo(b.masterDownNanos());
        assertThat(b.masterPriority()).isEqualTo(100);
    }

    @Test
    void preemptDelayFollowsTheLowerMasterUntilTheDelayHasPassed() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 150).preemptDelayMillis(10_000).build();
        VrrpInstance b = new VrrpInstance(s);
        b.on(new VrrpEvent.Startup(), T0);
        long t = T0;
        for (int k = 1; k <= 10; k++) {
            t = T0 + k * 1000 * MS;
            assertThat(b.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 100)), t)).as("advert %d", k).isNotEmpty();
        }
        // t = T0 + 10 s: 9 s since the first lower advert at +1 s; still following.
        assertThat(b.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 100)), T0 + 10_999 * MS)).isNotEmpty();
        // From +11 s on (1 s + 10 s delay) the lower master's adverts are discarded.
        assertThat(b.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 100)), T0 + 11_000 * MS)).isEmpty();
    }

    @Test
    void ownerStartsAsMasterAndStateMasterBelow255StartsAsBackup() {
        VrrpInstance owner = new VrrpInstance(Adverts.v2("VI_1", 255).build());
        owner.on(new VrrpEvent.Startup(), T0);
        assertThat(owner.state()).isEqualTo(VrrpState.MASTER);
        VrrpInstance wants = new VrrpInstance(Adverts.v2("VI_1", 254).initialState(VrrpState.MASTER).build());
        wants.on(new VrrpEvent.Startup(), T0);
        assertThat(wants.state()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void shutdownOfAMasterSendsPriorityZeroThenRemovesVips() {
        VrrpInstance i = master(Adverts.v2("VI_1", 100).build());
        List<Action> a = i.on(new VrrpEvent.Shutdown("SIGTERM"), T0 + 20_000 * MS);
        assertThat(i.state()).isEqualTo(VrrpState.STOP);
        assertThat(a.getFirst()).isInstanceOfSatisfying(Action.SendAdvert.class, s -> assertThat(s.priority()).isZero());
        List<Class<?>> kinds = a.stream().<Class<?>>map(Object::getClass).toList();
        assertThat(kinds.indexOf(Action.RemoveVips.class)).isGreaterThan(0);
        assertThat(i.priorityZeroSent()).isEqualTo(1);
        assertThat(i.on(new VrrpEvent.TimerFired(TimerKind.ADVERT), T0 + 21_000 * MS)).isEmpty();
    }

    @Test
    void linkDownSendsPriorityZeroEntersFaultAndLinkUpReturnsToBackup() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 100).build();
        VrrpInstance i = master(s);
        List<Action> a = i.on(new VrrpEvent.LinkChanged("eth0", false), T0 + 20_000 * MS);
        assertThat(i.state()).isEqualTo(VrrpState.FAULT);
        assertThat(of(a, Action.SendAdvert.class)).singleElement().satisfies(x -> assertThat(x.priority()).isZero());
        assertThat(of(a, Action.RemoveVips.class)).hasSize(1);
        // A valid advert in FAULT changes nothing.
        assertThat(i.on(new VrrpEvent.AdvertReceived(from(s, "198.18.0.12", 50)), T0 + 20_500 * MS)).isEmpty();
        a = i.on(new VrrpEvent.LinkChanged("eth0", true), T0 + 21_000 * MS);
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(timer(a, TimerKind.MASTER_DOWN)).isEqualTo(T0 + 21_000 * MS + i.masterDownNanos());
    }

    @Test
    void trackScriptWeightAndRiseFall() {
        TrackedScript chk = new TrackedScript("chk", List.of("/bin/false"), 1000, 500, -30, 2, 3, false);
        VrrpInstance i = new VrrpInstance(Adverts.v2("VI_1", 100).trackScript(chk).build());
        i.on(new VrrpEvent.Startup(), T0);
        assertThat(i.on(new VrrpEvent.TrackScriptResult("chk", false), T0)).isEmpty();
        assertThat(i.on(new VrrpEvent.TrackScriptResult("chk", false), T0)).isEmpty();
        List<Action> a = i.on(new VrrpEvent.TrackScriptResult("chk", false), T0);
        assertThat(of(a, Action.PriorityChanged.class)).singleElement().satisfies(p -> {
            assertThat(p.from()).isEqualTo(100);
            assertThat(p.to()).isEqualTo(70);
            assertThat(p.reason()).contains("chk failed");
        });
        assertThat(i.on(new VrrpEvent.TrackScriptResult("chk", true), T0)).isEmpty();
        assertThat(of(i.on(new VrrpEvent.TrackScriptResult("chk", true), T0), Action.PriorityChanged.class)).hasSize(1);
        assertThat(i.effectivePriority()).isEqualTo(100);
    }

    @Test
    void trackScriptWithoutWeightFaultsAndTrackFileAddsValueTimesWeight() {
        TrackedScript chk = new TrackedScript("chk", List.of("/bin/false"), 1000, 500, 0, 1, 1, false);
        TrackedFile f = new TrackedFile("f", java.nio.file.Path.of("/tmp/x"), 5);
        VrrpInstance i = new VrrpInstance(Adverts.v2("VI_1", 100).trackScript(chk).trackFile(f).build());
        i.on(new VrrpEvent.Startup(), T0);
        i.on(new VrrpEvent.TrackScriptResult("chk", false), T0);
        assertThat(i.state()).isEqualTo(VrrpState.FAULT);
        i.on(new VrrpEvent.TrackScriptResult("chk", true), T0);
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
        i.on(new VrrpEvent.TrackFileValue("f", -4), T0);
        assertThat(i.effectivePriority()).isEqualTo(80);
        i.on(new VrrpEvent.TrackFileValue("f", -60), T0);
        assertThat(i.state()).isEqualTo(VrrpState.FAULT);
    }

    @Test
    void trackInterfaceWeights() {
        VrrpInstance i = new VrrpInstance(Adverts.v2("VI_1", 100).trackInterface(new TrackedInterface("eth1", -20, false))
                .trackInterface(new TrackedInterface("eth2", 10, false)).build());
        i.on(new VrrpEvent.Startup(), T0);
        assertThat(i.effectivePriority()).isEqualTo(110);
        i.on(new VrrpEvent.LinkChanged("eth1", false), T0);
        assertThat(i.effectivePriority()).isEqualTo(90);
        i.on(new VrrpEvent.LinkChanged("eth2", false), T0);
        assertThat(i.effectivePriority()).isEqualTo(80);
        assertThat(i.on(new VrrpEvent.LinkChanged("eth9", false), T0)).isEmpty();
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void notifyScriptsRunOncePerTransitionWithKeepalivedsArguments() {
        NotifySettings n = new NotifySettings(List.of("/etc/m.sh"), List.of("/etc/b.sh"), null, null, List.of("/etc/n.sh", "x"), "/run/fifo", 1000);
        VrrpInstance i = new VrrpInstance(Adverts.v2("VI_1", 100).notifications(n).build());
        List<Action> a = i.on(new VrrpEvent.Startup(), T0);
        assertThat(of(a, Action.RunNotify.class)).extracting(Action.RunNotify::argv).containsExactly(
                List.of("/etc/b.sh"), List.of("/etc/n.sh", "x", "INSTANCE", "VI_1", "BACKUP", "100"));
        assertThat(of(a, Action.WriteNotifyFifo.class)).containsExactly(new Action.WriteNotifyFifo("/run/fifo", "INSTANCE \"VI_1\" BACKUP 100"));
        a = i.on(new VrrpEvent.TimerFired(TimerKind.MASTER_DOWN), T0 + 4_000 * MS);
        assertThat(of(a, Action.RunNotify.class)).hasSize(2);
        // No transition, no notify.
        assertThat(of(i.on(new VrrpEvent.TimerFired(TimerKind.ADVERT), T0 + 5_000 * MS), Action.RunNotify.class)).isEmpty();
    }

    @Test
    void unicastPeersGetOneDatagramEachWithTheirOwnV3Checksum() throws Exception {
        VrrpInstanceSettings s = Adverts.v3("VI_1", 255, 100).unicastPeers(List.of(Adverts.ip("198.18.0.12"), Adverts.ip("198.18.0.13"))).build();
        VrrpInstance i = new VrrpInstance(s);
        Action.SendAdvert adv = of(i.on(new VrrpEvent.Startup(), T0), Action.SendAdvert.class).getFirst();
        assertThat(adv.datagrams()).hasSize(2);
        for (OutboundAdvert d : adv.datagrams()) {
            Ipv4Advert parsed = Ipv4AdvertCodec.decode(d.bytes());
            assertThat(parsed.ip().destination()).isEqualTo(d.destination());
            assertThat(VrrpCodec.checksumValid(d.bytes(), 20, d.bytes().length - 20, 3, s.sourceAddress(), d.destination(), false)).isTrue();
        }
        assertThat(adv.datagrams().get(0).bytes()[5]).isEqualTo(adv.datagrams().get(1).bytes()[5]); // one IP id per advert
    }

    static VrrpInstance master(VrrpInstanceSettings s) {
        VrrpInstance i = new VrrpInstance(s);
        long down = timer(i.on(new VrrpEvent.Startup(), T0), TimerKind.MASTER_DOWN);
        i.on(new VrrpEvent.TimerFired(TimerKind.MASTER_DOWN), down);
        assertThat(i.state()).isEqualTo(VrrpState.MASTER);
        return i;
    }
}
