package io.vigil.lb.announce;

import io.vigil.lb.announce.AnnounceDecider.Action.Announce;
import io.vigil.lb.announce.AnnounceDecider.Action.Withdraw;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The announce/withdraw decisions on a fake clock (milliseconds passed in). */
class AnnounceDeciderTest {
    private static final HostRoute VIP = route("198.18.1.100", 100);
    private static final HostRoute VIP6 = route("2001:db8::100", 100);

    private static HostRoute route(String address, int table) {
        try {
            return new HostRoute(InetAddress.getByName(address), table, OptionalInt.empty(), 18);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static AnnounceRule rule(HostRoute r, Set<String> services, String instance, long delayMillis) {
        return new AnnounceRule(r, services, Optional.ofNullable(instance), delayMillis);
    }

    @Test
    void firstPollSaysSomethingAboutEveryRouteSoLeftoversGo() {
        AnnounceDecider d = new AnnounceDecider(List.of(rule(VIP, Set.of("web"), null, 0), rule(VIP6, Set.of("web6"), null, 0)));
        d.quorum("web", true);
        // web6 not reported yet: no quorum, and a leftover route of a dead predecessor is removed
        assertThat(d.poll(0)).containsExactly(new Announce(VIP), new Withdraw(VIP6));
        assertThat(d.poll(1)).isEmpty();
        assertThat(d.announced()).containsExactly(VIP);
    }

    @Test
    void quorumLostWithdrawsAtOnceAndRegainedAnnouncesAgain() {
        AnnounceDecider d = new AnnounceDecider(List.of(rule(VIP, Set.of("web"), null, 0)));
        d.quorum("web", true);
        assertThat(d.poll(0)).containsExactly(new Announce(VIP));
        d.quorum("web", false);
        assertThat(d.poll(10)).containsExactly(new Withdraw(VIP));
        d.quorum("web", false);
        assertThat(d.poll(20)).isEmpty();
        d.quorum("web", true);
        assertThat(d.poll(30)).containsExactly(new Announce(VIP));
        d.quorum("web", true);
        assertThat(d.poll(40)).isEmpty();
    }

    @Test
    void everyServiceOnTheAddressMustHaveItsQuorum() {
        AnnounceDecider d = new AnnounceDecider(List.of(rule(VIP, Set.of("web:80", "web:443"), null, 0)));
        d.quorum("web:80", true);
        assertThat(d.poll(0)).containsExactly(new Withdraw(VIP));
        d.quorum("web:443", true);
        assertThat(d.poll(1)).containsExactly(new Announce(VIP));
        d.serviceRemoved("web:443");
        assertThat(d.poll(2)).containsExactly(new Withdraw(VIP));
    }

    @Test
    void namedInstanceMustBeMaster() {
        AnnounceDecider d = new AnnounceDecider(List.of(rule(VIP, Set.of("web"), "VI_1", 0)));
        d.quorum("web", true);
        assertThat(d.poll(0)).containsExactly(new Withdraw(VIP)); // not reported yet: not MASTER
        d.vrrpState("VI_1", "BACKUP");
        assertThat(d.poll(1)).isEmpty();
        d.vrrpState("VI_1", "MASTER");
        assertThat(d.poll(2)).containsExactly(new Announce(VIP));
        d.vrrpState("VI_1", "FAULT");
        assertThat(d.poll(3)).containsExactly(new Withdraw(VIP));
        d.vrrpState("VI_1", "MASTER");
        assertThat(d.poll(4)).containsExactly(new Announce(VIP));
        d.vrrpState("VI_1", "STOP");
        assertThat(d.poll(5)).containsExactly(new Withdraw(VIP));
    }

    @Test
    void namedBfdSessionMustBeUpAndItsFlapRestartsTheDelay() {
        AnnounceDecider d = new AnnounceDecider(List.of(new AnnounceRule(VIP, Set.of("web"), Optional.empty(), Optional.of("rtr"), 1000)));
        d.quorum("web", true);
        assertThat(d.poll(0)).containsExactly(new Withdraw(VIP)); // not reported yet: not Up
        assertThat(d.nextDeadlineMillis()).isEmpty();
        d.bfdState("other", true);
        assertThat(d.poll(100)).isEmpty();
        d.bfdState("rtr", true);
        assertThat(d.poll(200)).isEmpty();
        assertThat(d.nextDeadlineMillis()).isEqualTo(OptionalLong.of(1200));
        d.bfdState("rtr", false); // a flap inside the delay: it starts again
        assertThat(d.poll(900)).isEmpty();
        d.bfdState("rtr", true);
        assertThat(d.poll(1000)).isEmpty();
        assertThat(d.poll(1999)).isEmpty();
        assertThat(d.poll(2000)).containsExactly(new Announce(VIP));
        d.bfdState("rtr", false);
        assertThat(d.poll(2001)).containsExactly(new Withdraw(VIP)); // withdrawal never waits
        d.bfdState("rtr", true);
        d.quorum("web", false); // both conditions hold together, or nothing
        assertThat(d.poll(5000)).isEmpty();
        assertThat(d.wanted(new AnnounceRule(VIP, Set.of("web"), Optional.empty(), Optional.of("rtr"), 1000))).isFalse();
    }

    @Test
    void bfdAndVrrpConditionsTogether() {
        AnnounceDecider d = new AnnounceDecider(List.of(new AnnounceRule(VIP, Set.of("web"), Optional.of("VI_1"), Optional.of("rtr"), 0)));
        d.quorum("web", true);
        d.bfdState("rtr", true);
        assertThat(d.poll(0)).containsExactly(new Withdraw(VIP));
        d.vrrpState("VI_1", "MASTER");
        assertThat(d.poll(1)).containsExactly(new Announce(VIP));
        d.bfdState("rtr", false);
        assertThat(d.poll(2)).containsExactly(new Withdraw(VIP));
        d.bfdState("rtr", true);
        d.vrrpState("VI_1", "BACKUP");
        assertThat(d.poll(3)).isEmpty();
    }

    @Test
    void delayMustPassWithoutABreakBeforeAnnouncing() {
        AnnounceDecider d = new AnnounceDecider(List.of(rule(VIP, Set.of("web"), null, 3000)));
        d.quorum("web", true);
        assertThat(d.poll(1000)).containsExactly(new Withdraw(VIP)); // a leftover goes while the delay runs
        assertThat(d.nextDeadlineMillis()).isEqualTo(OptionalLong.of(4000));
        assertThat(d.poll(3999)).isEmpty();
        d.quorum("web", false); // a break: the delay starts again at the next gain
        assertThat(d.poll(3999)).isEmpty();
        assertThat(d.nextDeadlineMillis()).isEmpty();
        d.quorum("web", true);
        assertThat(d.poll(5000)).isEmpty();
        assertThat(d.nextDeadlineMillis()).isEqualTo(OptionalLong.of(8000));
        assertThat(d.poll(8000)).containsExactly(new Announce(VIP));
        assertThat(d.nextDeadlineMillis()).isEmpty();
        d.quorum("web", false);
        assertThat(d.poll(8001)).containsExactly(new Withdraw(VIP)); // withdrawal never waits
    }

    @Test
    void reloadWithdrawsRemovedRoutesKeepsUnchangedOnesAndRestartsChangedDelays() {
        HostRoute other = route("198.18.1.101", 100);
        AnnounceDecider d = new AnnounceDecider(List.of(rule(VIP, Set.of("web"), null, 0), rule(other, Set.of("api"), null, 0)));
        d.quorum("web", true);
        d.quorum("api", true);
        assertThat(d.poll(0)).containsExactly(new Announce(VIP), new Announce(other));
        d.configure(List.of(rule(VIP, Set.of("web"), null, 0)));
        assertThat(d.poll(1)).containsExactly(new Withdraw(other));
        assertThat(d.announced()).containsExactly(VIP);
        // a new metric is another route: the old one goes, the new one comes
        HostRoute metric = new HostRoute(VIP.address(), 100, OptionalInt.of(5), 18);
        d.configure(List.of(rule(metric, Set.of("web"), null, 0)));
        assertThat(d.poll(2)).containsExactly(new Withdraw(VIP), new Announce(metric));
    }

    @Test
    void stopWithdrawsOnlyWhatWasAnnounced() {
        AnnounceDecider d = new AnnounceDecider(List.of(rule(VIP, Set.of("web"), null, 0), rule(VIP6, Set.of("web6"), null, 0)));
        d.quorum("web", true);
        d.poll(0);
        assertThat(d.stop()).containsExactly(new Withdraw(VIP));
        d.quorum("web6", true);
        assertThat(d.poll(1)).isEmpty();
    }

    @Test
    void shellAppliesDecisionsToTheTableAndWithdrawsOnClose() {
        List<String> table = new java.util.ArrayList<>();
        RouteTable memory = new RouteTable() {
            @Override
            public void add(HostRoute r) {
                table.add("add " + r);
            }

            @Override
            public void remove(HostRoute r) {
                table.add("del " + r);
            }
        };
        long[] now = {0};
        RouteAnnouncer a = new RouteAnnouncer(List.of(rule(VIP, Set.of("web"), null, 0)), memory, () -> now[0]);
        a.quorum("web", true);
        assertThat(table).isEmpty(); // nothing before start
        a.start();
        a.quorum("web", false);
        a.quorum("web", true);
        a.close();
        a.quorum("web", false);
        assertThat(table).containsExactly("add " + VIP, "del " + VIP, "add " + VIP, "del " + VIP);
    }
}
