package io.vigil.bfd;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 5880 state machine and timers under a fake clock (see {@link BfdLink}). */
class BfdSessionTest {
    static final long MS = 1_000_000L;
    static final long S = 1000 * MS;

    static BfdSettings settings(String name, long rxMs, long txMs, int mult) {
        return BfdSettings.of(name, InetAddress.ofLiteral("198.18.0.2")).withTimers(rxMs * 1000, txMs * 1000, mult);
    }

    /** A session driven by hand: packets it sends and transitions it reports are recorded. */
    static final class Probe implements BfdSession.Output {
        final List<BfdPacket> sent = new ArrayList<>();
        final List<String> transitions = new ArrayList<>();
        final BfdSession session;
        int discr = 100;

        Probe(BfdSettings s) {
            session = new BfdSession(s, new SplittableRandom(7), () -> discr++, this);
        }

        @Override
        public void send(BfdPacket packet) {
            sent.add(packet);
        }

        @Override
        public void transition(BfdState from, BfdState to, BfdDiag diag, boolean notify) {
            transitions.add(from + "->" + to + (notify ? "!" : "") + (diag == BfdDiag.NO_DIAG ? "" : " (" + diag + ")"));
        }

        BfdPacket last() {
            return sent.getLast();
        }
    }

    static BfdPacket peer(BfdState state, int my, int your, long txMicros, long rxMicros, int mult) {
        return BfdPacket.control(BfdDiag.NO_DIAG, state, false, false, mult, my, your, txMicros, rxMicros);
    }

    static BfdPacket withFlags(BfdPacket p, boolean poll, boolean fin, boolean demand) {
        return new BfdPacket(1, p.diag(), p.state(), poll, fin, false, false, demand, false, p.detectMult(), 24, p.myDiscriminator(),
                p.yourDiscriminator(), p.desiredMinTxMicros(), p.requiredMinRxMicros(), 0, 0);
    }

    @Test
    void activeSessionSendsDownAtOnceAdvertisingIdleTx() {
        Probe p = new Probe(settings("b1", 50, 50, 3));
        p.session.start(0);
        BfdPacket first = p.last();
        assertThat(first.state()).isEqualTo(BfdState.DOWN);
        assertThat(first.yourDiscriminator()).isZero();
        assertThat(first.myDiscriminator()).isEqualTo(100);
        assertThat(first.desiredMinTxMicros()).isEqualTo(1_000_000); // RFC 5880 6.8.3: >= 1 s while not Up
        assertThat(first.requiredMinRxMicros()).isEqualTo(50_000);
        assertThat(first.detectMult()).isEqualTo(3);
        // Slow transmission while Down: the next packet 0.75..1 s later.
        assertThat(p.session.txAt()).isBetween(750 * MS, 1000 * MS);
        assertThat(p.session.expireAt()).isEqualTo(BfdSession.NEVER);
    }

    @Test
    void threeWayHandshakeBringsBothUpAndOnlyUpIsNotified() {
        BfdLink l = new BfdLink(settings("a", 50, 50, 3), settings("b", 50, 50, 3));
        l.start();
        // State changes ride on the next periodic packet (as keepalived): at the slow rate, within 2 s.
        l.runFor(2 * S);
        assertThat(l.a.session.state()).isEqualTo(BfdState.UP);
        assertThat(l.b.session.state()).isEqualTo(BfdState.UP);
        // a: Down -> Init (b's Down) -> Up (b's Init); b likewise; only the Up changes are notified.
        assertThat(l.transitions).extracting(t -> t.side() + ":" + t.from() + "->" + t.to() + (t.notified() ? "!" : ""))
                .containsExactlyInAnyOrder("a:Down->Init", "b:Down->Init", "a:Init->Up!", "b:Init->Up!");
        assertThat(l.a.session.remoteDiscriminator()).isEqualTo(l.b.session.localDiscriminator());
        assertThat(l.b.session.remoteDiscriminator()).isEqualTo(l.a.session.localDiscriminator());
    }

    @Test
    void downSeesInitAndGoesStraightUp() {
        Probe p = new Probe(settings("b1", 50, 50, 3));
        p.session.start(0);
        p.session.receive(peer(BfdState.INIT, 9, 100, 1_000_000, 50_000, 3), 1 * MS);
        assertThat(p.transitions).containsExactly("Down->Up!");
    }

    @Test
    void upToDownWhenPeerSaysDownAndNotifiesWithNeighborDiag() {
        Probe p = upProbe();
        int discrWhileUp = p.session.localDiscriminator();
        p.session.receive(peer(BfdState.DOWN, 9, 100, 1_000_000, 50_000, 3), 200 * MS);
        assertThat(p.transitions.getLast()).isEqualTo("Up->Down! (Neighbor Signaled Session Down)");
        assertThat(p.session.localDiag()).isEqualTo(BfdDiag.NEIGHBOR_DOWN);
        assertThat(p.session.localDiscriminator()).as("fresh discriminator after leaving Up").isNotEqualTo(discrWhileUp);
    }

    @Test
    void peerAdminDownTakesTheSessionDownWithoutNotifying() {
        Probe p = upProbe();
        p.session.receive(peer(BfdState.ADMIN_DOWN, 9, 100, 1_000_000, 50_000, 3), 200 * MS);
        assertThat(p.session.state()).isEqualTo(BfdState.DOWN);
        assertThat(p.transitions.getLast()).isEqualTo("Up->Down (Neighbor Signaled Session Down)");
    }

    @Test
    void detectionTimeIsRemoteMultTimesMaxOfLocalRxAndRemoteTx() {
        Probe p = new Probe(settings("b1", 30, 50, 3));
        p.session.start(0);
        // Peer Down advertising its idle 1 s: 4 x max(30 ms, 1 s).
        p.session.receive(peer(BfdState.DOWN, 9, 0, 1_000_000, 20_000, 4), 1 * MS);
        assertThat(p.session.detectionTimeMicros()).isEqualTo(4_000_000);
        // Peer advertising 10 ms tx: our 30 ms rx wins.
        p.session.receive(peer(BfdState.INIT, 9, 100, 10_000, 20_000, 4), 2 * MS);
        assertThat(p.session.detectionTimeMicros()).isEqualTo(4 * 30_000);
        // Peer (Up, Poll) advertising 70 ms tx with multiplier 2: 2 x 70 ms.
        p.session.receive(withFlags(peer(BfdState.UP, 9, 100, 70_000, 20_000, 2), true, false, false), 3 * MS);
        assertThat(p.session.detectionTimeMicros()).isEqualTo(140_000);
    }

    @Test
    void expiresExactlyOneDetectionTimeAfterTheLastPacket() {
        BfdLink l = upLink(50, 3);
        long last = l.now;
        l.b.dead = true; // b stops sending and receiving
        long detect = l.a.session.detectionTimeMicros() * 1000;
        assertThat(detect).isEqualTo(150 * MS);
        long lastHeard = l.a.session.lastSeenNanos();
        l.runUntil(lastHeard + detect - 1);
        assertThat(l.a.session.state()).isEqualTo(BfdState.UP);
        l.runUntil(lastHeard + detect);
        assertThat(l.a.session.state()).isEqualTo(BfdState.DOWN);
        assertThat(l.a.session.localDiag()).isEqualTo(BfdDiag.EXPIRED);
        assertThat(l.a.session.remoteDiscriminator()).isZero();
        assertThat(l.transitions.getLast()).isEqualTo(new BfdLink.Transition(lastHeard + detect, "a", BfdState.UP, BfdState.DOWN,
                BfdDiag.EXPIRED, true));
        assertThat(lastHeard).isGreaterThanOrEqualTo(last - 50 * MS);
    }

    @Test
    void afterDownTheRemoteStateIsResetOneDetectionTimeLaterAndTxIsSlow() {
        BfdLink l = upLink(50, 3);
        l.b.dead = true;
        l.runFor(200 * MS);
        BfdSession a = l.a.session;
        assertThat(a.state()).isEqualTo(BfdState.DOWN);
        long downAt = l.transitions.getLast().at();
        assertThat(a.resetAt()).isEqualTo(downAt + 150 * MS);
        assertThat(a.localTxIntervalMicros()).isEqualTo(1_000_000);
        l.runUntil(a.resetAt());
        assertThat(a.remoteState()).isEqualTo(BfdState.DOWN);
        assertThat(a.remoteDiscriminator()).isZero();
        // While Down, packets go out at the slow rate (0.75..1 s apart) advertising 1 s.
        long from = l.now;
        l.runFor(5 * S);
        List<BfdLink.Sent> slow = l.sentBy("a", from);
        assertThat(slow.size()).isBetween(5, 7);
        for (int i = 1; i < slow.size(); i++) assertThat(slow.get(i).at() - slow.get(i - 1).at()).isBetween(750 * MS, 1000 * MS);
        assertThat(slow).allSatisfy(s -> {
            assertThat(s.packet().state()).isEqualTo(BfdState.DOWN);
            assertThat(s.packet().desiredMinTxMicros()).isEqualTo(1_000_000);
            assertThat(s.packet().yourDiscriminator()).isZero();
        });
    }

    @Test
    void reachingUpPollsAndTheFinalSwitchesToTheFastInterval() {
        BfdLink l = new BfdLink(settings("a", 50, 50, 3), settings("b", 50, 50, 3));
        l.start();
        l.runFor(2 * S);
        // The first packets as Up carry P and advertise 50 ms; each side answers with F at once.
        List<BfdLink.Sent> fromA = l.sentBy("a", 0);
        BfdLink.Sent pollA = fromA.stream().filter(s -> s.packet().poll()).findFirst().orElseThrow();
        assertThat(pollA.packet().state()).isEqualTo(BfdState.UP);
        assertThat(pollA.packet().desiredMinTxMicros()).isEqualTo(50_000);
        assertThat(l.sentBy("b", pollA.at()).stream().anyMatch(s -> s.packet().fin() && s.at() == pollA.at() + l.latencyNanos)).isTrue();
        assertThat(l.a.session.pollPending()).isFalse();
        assertThat(l.a.session.localTxIntervalMicros()).isEqualTo(50_000);
        assertThat(l.a.session.detectionTimeMicros()).isEqualTo(150_000);
        // From then on: 37.5..50 ms apart, no P or F.
        long from = l.now + 100 * MS;
        l.runFor(2 * S);
        List<BfdLink.Sent> fast = l.sentBy("a", from);
        for (int i = 1; i < fast.size(); i++) assertThat(fast.get(i).at() - fast.get(i - 1).at()).isBetween(37_500_000L, 50 * MS);
        assertThat(fast).noneMatch(s -> s.packet().poll() || s.packet().fin());
        assertThat(l.a.session.state()).isEqualTo(BfdState.UP);
    }

    @Test
    void pollIsRepeatedInPeriodicPacketsUntilTheFinalArrives() {
        Probe p = upProbe();
        assertThat(p.session.pollPending()).isTrue();
        long t = 100 * MS;
        for (int i = 0; i < 3; i++) {
            t = p.session.txAt();
            p.session.onTimer(t);
            assertThat(p.last().poll()).isTrue();
        }
        p.session.receive(withFlags(peer(BfdState.UP, 9, 100, 50_000, 50_000, 3), false, true, false), t + MS);
        assertThat(p.session.pollPending()).isFalse();
        p.session.onTimer(p.session.txAt());
        assertThat(p.last().poll()).isFalse();
    }

    @Test
    void aReceivedPollIsAnsweredAtOnceWithFinalAndFinalIsSentOnce() {
        Probe p = upProbe();
        p.session.receive(withFlags(peer(BfdState.UP, 9, 100, 50_000, 50_000, 3), false, true, false), 100 * MS); // end our poll
        int before = p.sent.size();
        p.session.receive(withFlags(peer(BfdState.UP, 9, 100, 20_000, 20_000, 3), true, false, false), 110 * MS);
        assertThat(p.sent).hasSize(before + 1);
        assertThat(p.last().fin()).isTrue();
        assertThat(p.last().poll()).isFalse();
        // The poll carried new remote timers: detect = 3 x max(50 ms local rx, 20 ms) and tx = max(50 ms, 20 ms).
        assertThat(p.session.detectionTimeMicros()).isEqualTo(150_000);
        p.session.onTimer(p.session.txAt());
        assertThat(p.last().fin()).isFalse();
    }

    @Test
    void remoteTimersChangeOnlyOnPollOrFinalWhileUp() {
        Probe p = upProbe();
        p.session.receive(withFlags(peer(BfdState.UP, 9, 100, 50_000, 50_000, 3), false, true, false), 100 * MS);
        assertThat(p.session.localTxIntervalMicros()).isEqualTo(50_000);
        // Peer advertises a slower rx without a poll: ignored until a P or F comes (RFC 5880 6.8.3).
        p.session.receive(peer(BfdState.UP, 9, 100, 50_000, 300_000, 3), 120 * MS);
        assertThat(p.session.localTxIntervalMicros()).isEqualTo(50_000);
        p.session.receive(withFlags(peer(BfdState.UP, 9, 100, 50_000, 300_000, 3), true, false, false), 130 * MS);
        assertThat(p.session.localTxIntervalMicros()).isEqualTo(300_000);
    }

    @Test
    void reconfiguringWhileUpStartsAPollAndASlowerTxWaitsForTheFinal() {
        Probe p = upProbe();
        p.session.receive(withFlags(peer(BfdState.UP, 9, 100, 50_000, 50_000, 3), false, true, false), 100 * MS);
        p.session.reconfigure(settings("b1", 50, 200, 3), 110 * MS);
        assertThat(p.session.pollPending()).isTrue();
        p.session.onTimer(p.session.txAt());
        assertThat(p.last().poll()).isTrue();
        assertThat(p.last().desiredMinTxMicros()).isEqualTo(200_000);
        assertThat(p.session.localTxIntervalMicros()).as("old rate until the Final").isEqualTo(50_000);
        p.session.receive(withFlags(peer(BfdState.UP, 9, 100, 50_000, 50_000, 3), false, true, false), 200 * MS);
        assertThat(p.session.localTxIntervalMicros()).isEqualTo(200_000);
    }

    @Test
    void aPollDueWhileAFinalIsPendingRidesOnTheFinal() {
        Probe p = new Probe(settings("b1", 50, 50, 3));
        p.session.start(0);
        p.session.receive(peer(BfdState.DOWN, 9, 0, 1_000_000, 50_000, 3), 1 * MS);
        // Peer goes Init with a Poll: we go Up (which wants a poll) and answer F at once, without P.
        p.session.receive(withFlags(peer(BfdState.INIT, 9, 100, 1_000_000, 50_000, 3), true, false, false), 2 * MS);
        assertThat(p.session.state()).isEqualTo(BfdState.UP);
        assertThat(p.last().fin()).isTrue();
        assertThat(p.last().poll()).isFalse();
        assertThat(p.last().desiredMinTxMicros()).isEqualTo(50_000);
    }

    @Test
    void jitterIs0To25PercentAnd10To25WithMultiplierOne() {
        SplittableRandom r = new SplittableRandom(3);
        long lo3 = Long.MAX_VALUE, hi3 = 0, lo1 = Long.MAX_VALUE, hi1 = 0;
        for (int i = 0; i < 20_000; i++) {
            long v3 = BfdSession.txIntervalMicros(100_000, 3, r);
            long v1 = BfdSession.txIntervalMicros(100_000, 1, r);
            lo3 = Math.min(lo3, v3);
            hi3 = Math.max(hi3, v3);
            lo1 = Math.min(lo1, v1);
            hi1 = Math.max(hi1, v1);
        }
        assertThat(lo3).isEqualTo(75_000);
        assertThat(hi3).isEqualTo(100_000);
        assertThat(lo1).isEqualTo(75_000);
        assertThat(hi1).isEqualTo(90_000);
    }

    @Test
    void passiveSessionWaitsForThePeerAndStopsSendingWhenDown() {
        BfdSettings passive = settings("a", 50, 50, 3).withPassive(true);
        Probe p = new Probe(passive);
        p.session.start(0);
        assertThat(p.sent).isEmpty();
        assertThat(p.session.nextDeadline()).isEqualTo(BfdSession.NEVER);
        p.session.receive(peer(BfdState.DOWN, 9, 0, 1_000_000, 50_000, 3), 5 * MS);
        assertThat(p.session.state()).isEqualTo(BfdState.INIT);
        assertThat(p.session.txAt()).isBetween(5 * MS + 750 * MS, 5 * MS + 1000 * MS);
        // Nothing more heard: Init expires after 3 s (3 x the peer's 1 s), and a passive session stops sending.
        p.session.onTimer(p.session.expireAt());
        assertThat(p.session.state()).isEqualTo(BfdState.DOWN);
        assertThat(p.session.txAt()).isEqualTo(BfdSession.NEVER);
    }

    @Test
    void passiveAndActiveComeUpTogether() {
        BfdLink l = new BfdLink(settings("a", 50, 50, 3).withPassive(true), settings("b", 50, 50, 3));
        l.start();
        l.runFor(3 * S);
        assertThat(l.a.session.state()).isEqualTo(BfdState.UP);
        assertThat(l.b.session.state()).isEqualTo(BfdState.UP);
    }

    @Test
    void twoPassiveSessionsNeverTalk() {
        BfdLink l = new BfdLink(settings("a", 50, 50, 3).withPassive(true), settings("b", 50, 50, 3).withPassive(true));
        l.start();
        l.runFor(10 * S);
        assertThat(l.sent).isEmpty();
        assertThat(l.a.session.state()).isEqualTo(BfdState.DOWN);
    }

    @Test
    void initExpiresWhenThePeerFallsSilentButIsKeptAliveByItsPackets() {
        Probe p = new Probe(settings("b1", 50, 50, 3));
        p.session.start(0);
        p.session.receive(peer(BfdState.DOWN, 9, 0, 1_000_000, 50_000, 3), 1 * MS);
        assertThat(p.session.expireAt()).isEqualTo(1 * MS + 3 * S);
        p.session.receive(peer(BfdState.DOWN, 9, 0, 1_000_000, 50_000, 3), 900 * MS);
        assertThat(p.session.expireAt()).isEqualTo(900 * MS + 3 * S);
        p.session.onTimer(900 * MS + 3 * S);
        assertThat(p.transitions.getLast()).isEqualTo("Init->Down (Control Detection Time Expired)");
    }

    @Test
    void demandBitFromThePeerStopsOurPeriodicPacketsWhileBothUp() {
        Probe p = upProbe();
        p.session.receive(withFlags(peer(BfdState.UP, 9, 100, 50_000, 50_000, 3), false, true, true), 100 * MS);
        assertThat(p.session.txAt()).isEqualTo(BfdSession.NEVER);
        assertThat(p.session.expireAt()).isEqualTo(100 * MS + 150 * MS);
        p.session.receive(peer(BfdState.UP, 9, 100, 50_000, 50_000, 3), 120 * MS);
        assertThat(p.session.txAt()).isBetween(120 * MS + 37_500_000L, 120 * MS + 50 * MS);
    }

    @Test
    void linkCutThenHealedComesBackUp() {
        BfdLink l = upLink(50, 3);
        l.cut = true;
        l.runFor(500 * MS);
        assertThat(l.a.session.state()).isEqualTo(BfdState.DOWN);
        assertThat(l.b.session.state()).isEqualTo(BfdState.DOWN);
        l.cut = false;
        l.runFor(3 * S);
        assertThat(l.a.session.state()).isEqualTo(BfdState.UP);
        assertThat(l.b.session.state()).isEqualTo(BfdState.UP);
        assertThat(l.transitions.stream().filter(t -> t.notified()).map(t -> t.side() + ":" + t.to()).toList())
                .containsExactlyInAnyOrder("a:Up", "b:Up", "a:Down", "b:Down", "a:Up", "b:Up");
    }

    @Test
    void adminDownSendsNothingAndIgnoresPackets() {
        Probe p = new Probe(settings("b1", 50, 50, 3));
        p.session.adminDown();
        p.session.start(0);
        assertThat(p.sent).isEmpty();
        assertThat(p.session.receive(peer(BfdState.DOWN, 9, 0, 1_000_000, 50_000, 3), MS)).isFalse();
        assertThat(p.session.state()).isEqualTo(BfdState.ADMIN_DOWN);
    }

    /** A session brought Up by hand at 2 ms (its Poll not yet answered). */
    static Probe upProbe() {
        Probe p = new Probe(settings("b1", 50, 50, 3));
        p.session.start(0);
        p.session.receive(peer(BfdState.DOWN, 9, 0, 1_000_000, 50_000, 3), 1 * MS);
        p.session.receive(peer(BfdState.UP, 9, 100, 1_000_000, 50_000, 3), 2 * MS);
        assertThat(p.session.state()).isEqualTo(BfdState.UP);
        return p;
    }

    static BfdLink upLink(long ms, int mult) {
        BfdLink l = new BfdLink(settings("a", ms, ms, mult), settings("b", ms, ms, mult));
        l.start();
        l.runFor(S);
        assertThat(l.a.session.state()).isEqualTo(BfdState.UP);
        return l;
    }
}
