package io.vigil.check;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** keepalived's ipwrapper.c semantics: alive servers, quorum with hysteresis, sorry server, inhibit, notifies. */
class PoolStateTest {
    static final VirtualServerKey VS = VirtualServerKey.of("198.18.0.100", 80, "TCP");
    static final RealServerKey A = RealServerKey.of("198.18.1.1", 80), B = RealServerKey.of("198.18.1.2", 80),
            C = RealServerKey.of("198.18.1.3", 80), SORRY = RealServerKey.of("198.18.9.9", 80);
    static final CheckerSettings TCP = new CheckerSettings.Tcp(new CheckerSettings.Timing(1000, 1, 1000, 0), CheckerSettings.Connect.toRealServer());

    static RealServerSettings rs(RealServerKey k, int weight) {
        return RealServerSettings.of(k, TCP).withWeight(weight).withNotify(List.of("/bin/up", k.toString()), List.of("/bin/down", k.toString()));
    }

    static CheckEvent down(RealServerKey rs) {
        return new CheckEvent.CheckerChanged(VS, rs, 0, false, "connection refused", false);
    }

    static CheckEvent up(RealServerKey rs) {
        return new CheckEvent.CheckerChanged(VS, rs, 0, true, "success", false);
    }

    static List<PoolAction.RunScript> scripts(List<PoolAction> actions) {
        return actions.stream().filter(a -> a instanceof PoolAction.RunScript).map(a -> (PoolAction.RunScript) a).toList();
    }

    @Test
    void deadServerLeavesThePoolAndComesBack() {
        PoolState p = new PoolState(VirtualServerSettings.of(VS, rs(A, 3), rs(B, 2)));
        p.start();
        assertThat(p.desired().members()).extracting(DesiredPool.Member::rs).containsExactly(A, B);
        List<PoolAction> out = p.apply(down(A));
        assertThat(p.desired().weightOf(A)).isEqualTo(-1);
        assertThat(p.desired().weightOf(B)).isEqualTo(2);
        assertThat(scripts(out)).extracting(PoolAction.RunScript::argv).containsExactly(List.of("/bin/down", A.toString()));
        assertThat(out).anySatisfy(a -> assertThat(a).isEqualTo(new PoolAction.Log("Removing service " + A + " from VS " + VS + ": connection refused")));
        out = p.apply(up(A));
        assertThat(p.desired().weightOf(A)).isEqualTo(3);
        assertThat(scripts(out)).extracting(PoolAction.RunScript::argv).containsExactly(List.of("/bin/up", A.toString()));
    }

    @Test
    void inhibitOnFailureKeepsTheServerAtWeightZero() {
        PoolState p = new PoolState(VirtualServerSettings.of(VS, rs(A, 5).withInhibitOnFailure(true), rs(B, 1)));
        p.start();
        List<PoolAction> out = p.apply(down(A));
        assertThat(p.desired().weightOf(A)).isZero();
        assertThat(out).anySatisfy(a -> assertThat(a.toString()).contains("Disabling service " + A + " of VS"));
        p.apply(up(A));
        assertThat(p.desired().weightOf(A)).isEqualTo(5);
    }

    @Test
    void quorumLostAndRegainedRunsEachScriptOnceWithHysteresis() {
        // weights 1+1+1 = 3; quorum 3 hysteresis 1: lost below 2, regained at 4... use weights 2,1,1
        VirtualServerSettings vs = VirtualServerSettings.of(VS, rs(A, 2), rs(B, 1), rs(C, 1))
                .withQuorum(3, 1, List.of("/bin/quorum_up"), List.of("/bin/quorum_down"));
        PoolState p = new PoolState(vs);
        assertThat(scripts(p.start())).isEmpty();
        assertThat(p.quorumUp()).isTrue(); // 4 >= 3+1
        List<PoolAction.RunScript> ran = new ArrayList<>();
        ran.addAll(scripts(p.apply(down(B)))); // 3 >= 3-1: still up (hysteresis)
        assertThat(p.quorumUp()).isTrue();
        ran.addAll(scripts(p.apply(down(C)))); // 2 >= 2: still up
        assertThat(p.quorumUp()).isTrue();
        ran.addAll(scripts(p.apply(down(A)))); // 0 < 2: lost
        assertThat(p.quorumUp()).isFalse();
        ran.addAll(scripts(p.apply(down(A)))); // repeated event: nothing
        ran.addAll(scripts(p.apply(up(A)))); // 2 < 3+1: still down
        assertThat(p.quorumUp()).isFalse();
        ran.addAll(scripts(p.apply(up(B)))); // 3 < 4: still down
        assertThat(p.quorumUp()).isFalse();
        ran.addAll(scripts(p.apply(up(C)))); // 4 >= 4: gained
        assertThat(p.quorumUp()).isTrue();
        assertThat(ran).extracting(PoolAction.RunScript::argv).filteredOn(a -> a.getFirst().startsWith("/bin/quorum"))
                .containsExactly(List.of("/bin/quorum_down"), List.of("/bin/quorum_up"));
    }

    @Test
    void sorryServerReplacesThePoolWhileQuorumIsLost() {
        VirtualServerSettings vs = VirtualServerSettings.of(VS, rs(A, 1), rs(B, 1).withInhibitOnFailure(true))
                .withQuorum(2, 0, List.of(), List.of()).withSorryServer(RealServerSettings.of(SORRY).withWeight(1), false);
        PoolState p = new PoolState(vs);
        p.start();
        assertThat(p.desired().sorryServerActive()).isFalse();
        assertThat(p.desired().weightOf(SORRY)).isEqualTo(-1);
        List<PoolAction> out = p.apply(down(A));
        DesiredPool d = p.desired();
        assertThat(d.sorryServerActive()).isTrue();
        assertThat(d.weightOf(SORRY)).isEqualTo(1);
        assertThat(d.weightOf(A)).isEqualTo(-1);
        assertThat(d.weightOf(B)).isZero(); // alive but replaced; inhibit keeps it at 0
        assertThat(out).anySatisfy(a -> assertThat(a.toString()).contains("Adding sorry server"));
        p.apply(up(A));
        d = p.desired();
        assertThat(d.sorryServerActive()).isFalse();
        assertThat(d.weightOf(SORRY)).isEqualTo(-1);
        assertThat(d.weightOf(A)).isEqualTo(1);
        assertThat(d.weightOf(B)).isEqualTo(1);
    }

    @Test
    void sorryServerInhibitStaysAtWeightZeroWhenNotNeeded() {
        VirtualServerSettings vs = VirtualServerSettings.of(VS, rs(A, 1))
                .withSorryServer(RealServerSettings.of(SORRY).withWeight(4), true);
        PoolState p = new PoolState(vs);
        p.start();
        assertThat(p.desired().weightOf(SORRY)).isZero();
        p.apply(down(A));
        assertThat(p.desired().weightOf(SORRY)).isEqualTo(4);
    }

    @Test
    void alphaStartsWithEveryServerOutAndQuorumDownWithSorryServer() {
        VirtualServerSettings vs = VirtualServerSettings.of(VS, rs(A, 1), rs(B, 1)).withAlpha(true)
                .withQuorum(1, 0, List.of("/bin/qu"), List.of("/bin/qd")).withSorryServer(RealServerSettings.of(SORRY), false);
        PoolState p = new PoolState(vs);
        List<PoolAction> start = p.start();
        assertThat(p.desired().members()).extracting(DesiredPool.Member::rs).containsExactly(SORRY);
        assertThat(scripts(start)).extracting(PoolAction.RunScript::argv).containsExactly(List.of("/bin/qd"));
        // first report of a failure under alpha: notify_down for that server, once
        List<PoolAction> first = p.apply(new CheckEvent.CheckerChanged(VS, B, 0, false, "refused", true));
        assertThat(scripts(first)).extracting(PoolAction.RunScript::argv).containsExactly(List.of("/bin/down", B.toString()));
        List<PoolAction> out = p.apply(new CheckEvent.CheckerChanged(VS, A, 0, true, "ok", true));
        assertThat(scripts(out)).extracting(PoolAction.RunScript::argv).containsExactly(List.of("/bin/up", A.toString()), List.of("/bin/qu"));
        assertThat(p.desired().members()).extracting(DesiredPool.Member::rs).containsExactly(A);
    }

    @Test
    void serverWithTwoCheckersIsAliveOnlyWhenBothAre() {
        RealServerSettings two = RealServerSettings.of(A, TCP, TCP);
        PoolState p = new PoolState(VirtualServerSettings.of(VS, two, rs(B, 1)));
        p.start();
        p.apply(new CheckEvent.CheckerChanged(VS, A, 0, false, "x", false));
        p.apply(new CheckEvent.CheckerChanged(VS, A, 1, false, "y", false));
        p.apply(new CheckEvent.CheckerChanged(VS, A, 0, true, "x ok", false));
        assertThat(p.isAlive(A)).isFalse();
        p.apply(new CheckEvent.CheckerChanged(VS, A, 1, true, "y ok", false));
        assertThat(p.isAlive(A)).isTrue();
    }

    @Test
    void dynamicWeightChangesThePoolAndTheQuorum() {
        VirtualServerSettings vs = VirtualServerSettings.of(VS, rs(A, 1)).withQuorum(1, 0, List.of("/bin/qu"), List.of("/bin/qd"));
        PoolState p = new PoolState(vs);
        p.start();
        p.apply(new CheckEvent.WeightChanged(VS, A, 0, 7, "misc exit 9"));
        assertThat(p.desired().weightOf(A)).isEqualTo(7);
        List<PoolAction> out = p.apply(new CheckEvent.WeightChanged(VS, A, 0, 0, "misc exit 2"));
        assertThat(p.desired().weightOf(A)).isZero();
        assertThat(p.quorumUp()).isFalse();
        assertThat(scripts(out)).extracting(PoolAction.RunScript::argv).containsExactly(List.of("/bin/qd"));
    }

    @Test
    void omegaRunsDownNotifiesOnShutdownOnlyWhenSet() {
        VirtualServerSettings vs = VirtualServerSettings.of(VS, rs(A, 1), rs(B, 1)).withQuorum(1, 0, List.of(), List.of("/bin/qd"));
        PoolState plain = new PoolState(vs);
        plain.start();
        assertThat(plain.stop()).isEmpty();
        PoolState omega = new PoolState(vs.withOmega(true));
        omega.start();
        omega.apply(down(B));
        assertThat(scripts(omega.stop())).extracting(PoolAction.RunScript::argv)
                .containsExactly(List.of("/bin/down", A.toString()), List.of("/bin/qd"));
    }

    @Test
    void smtpAlertsFollowKeepalivedsCheckerWording() {
        // A has two checkers (TCP and MISC); B has none of its own alerts; the virtual server alerts on quorum.
        CheckerSettings misc = new CheckerSettings.Misc(new CheckerSettings.Timing(1000, 1, 1000, 0), List.of("/bin/check"), 1000, false, null);
        RealServerSettings a = new RealServerSettings(A, 1, false, List.of(), List.of(), true, List.of(TCP, misc));
        PoolState p = new PoolState(VirtualServerSettings.of(VS, a, rs(B, 1)).withSmtpAlert(true).withQuorum(2, 0, List.of(), List.of()));
        p.start();

        List<PoolAction.SmtpAlert> out = alerts(p.apply(down(A)));
        assertThat(out).extracting(PoolAction.SmtpAlert::subjectTail).containsExactly(
                "Virtualserver [198.18.0.100]:tcp:80 - DOWN", "Realserver [198.18.1.1]:tcp:80 of virtual server [198.18.0.100]:tcp:80 - DOWN");
        assertThat(out.get(0).body()).isEqualTo("=> Lost quorum 2+0=2 <= 1 <=");
        assertThat(out.get(1).body()).isEqualTo("=> TCP CHECK failed on service <=");
        assertThat(out.get(1).serverChanged()).isTrue();

        // The second checker fails too: the server was already down, so only without no_checker_emails.
        PoolAction.SmtpAlert second = alerts(p.apply(new CheckEvent.CheckerChanged(VS, A, 1, false, "exited with 1", false))).getFirst();
        assertThat(second.body()).isEqualTo("=> MISC CHECK failed on service <=");
        assertThat(second.subjectTail()).endsWith(" - DOWN");
        assertThat(second.serverChanged()).isFalse();
        assertThat(second.wanted(false)).isTrue();
        assertThat(second.wanted(true)).isFalse();

        // TCP back: the server stays down (MISC still failing), the mail says so; then MISC back: UP.
        assertThat(alerts(p.apply(up(A)))).singleElement().satisfies(m -> {
            assertThat(m.body()).isEqualTo("=> TCP CHECK succeed on service <=");
            assertThat(m.subjectTail()).endsWith(" - DOWN");
        });
        assertThat(alerts(p.apply(new CheckEvent.CheckerChanged(VS, A, 1, true, "ok", false)))).extracting(PoolAction.SmtpAlert::subjectTail)
                .containsExactly("Virtualserver [198.18.0.100]:tcp:80 - UP", "Realserver [198.18.1.1]:tcp:80 of virtual server [198.18.0.100]:tcp:80 - UP");

        // B has smtp_alert off: its changes mail only the quorum.
        assertThat(alerts(p.apply(down(B)))).extracting(PoolAction.SmtpAlert::subjectTail).containsExactly("Virtualserver [198.18.0.100]:tcp:80 - DOWN");
        // A report that changes nothing mails nothing.
        assertThat(alerts(p.apply(down(B)))).isEmpty();
    }

    @Test
    void omegaShutdownMailsTheLiveServersAndTheVirtualServer() {
        VirtualServerSettings vs = VirtualServerSettings.of(VS, rs(A, 1).withSmtpAlert(true), rs(B, 1).withSmtpAlert(true)).withSmtpAlert(true);
        PoolState omega = new PoolState(vs.withOmega(true));
        omega.start();
        omega.apply(down(B));
        assertThat(alerts(omega.stop())).extracting(PoolAction.SmtpAlert::subjectTail, PoolAction.SmtpAlert::body).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Realserver [198.18.1.1]:tcp:80 of virtual server [198.18.0.100]:tcp:80 - DOWN", "=> Shutting down <="),
                org.assertj.core.groups.Tuple.tuple("Virtualserver [198.18.0.100]:tcp:80 - DOWN", "=> Shutting down <="));
        PoolState plain = new PoolState(vs);
        plain.start();
        assertThat(alerts(plain.stop())).as("without omega keepalived sends nothing at shutdown").isEmpty();
    }

    @Test
    void aReloadMailsTheLiveServersItRemoves() {
        PoolState p = new PoolState(VirtualServerSettings.of(VS, rs(A, 1).withSmtpAlert(true), rs(B, 1).withSmtpAlert(true), rs(C, 1)));
        p.start();
        p.apply(down(B));
        // A removed and alive: mailed; B removed but already down, C without smtp_alert: not.
        assertThat(alerts(p.removedByReload(java.util.Set.of()))).extracting(PoolAction.SmtpAlert::subjectTail, PoolAction.SmtpAlert::body)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "Realserver [198.18.1.1]:tcp:80 of virtual server [198.18.0.100]:tcp:80 - DOWN", "=> Removing <="));
        assertThat(p.removedByReload(java.util.Set.of(A, B, C))).isEmpty();
    }

    private static List<PoolAction.SmtpAlert> alerts(List<PoolAction> actions) {
        return actions.stream().filter(x -> x instanceof PoolAction.SmtpAlert).map(x -> (PoolAction.SmtpAlert) x).toList();
    }
}
