package io.vigil.bfd;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The receive path: session look-up, TTL check, and every malformed or stray datagram dropped and counted. */
class BfdSessionsTest {
    static final InetAddress PEER = InetAddress.ofLiteral("198.18.0.2");
    static final InetAddress LOCAL = InetAddress.ofLiteral("198.18.0.1");
    final List<BfdPacket> sent = new ArrayList<>();
    final List<String> changes = new ArrayList<>();
    final BfdSessions sessions = new BfdSessions(new SplittableRandom(9), new BfdSessions.Sink() {
        @Override
        public void send(BfdSession session, BfdPacket packet) {
            sent.add(packet);
        }

        @Override
        public void transition(BfdSession session, BfdState from, BfdState to, BfdDiag diag, boolean notify) {
            changes.add(session.settings().name() + " " + to);
        }
    });

    static byte[] bytes(BfdPacket p) {
        return BfdCodec.encode(p);
    }

    @Test
    void findsTheSessionByAddressThenByDiscriminator() {
        BfdSession s = sessions.add(BfdSettings.of("b1", PEER));
        sessions.add(BfdSettings.of("b2", InetAddress.ofLiteral("198.18.0.3")));
        s.start(0);
        byte[] down = bytes(BfdPacket.control(BfdDiag.NO_DIAG, BfdState.DOWN, false, false, 3, 77, 0, 1_000_000, 10_000));
        sessions.receive(down, down.length, PEER, LOCAL, 255, 1);
        assertThat(s.state()).isEqualTo(BfdState.INIT);
        byte[] up = bytes(BfdPacket.control(BfdDiag.NO_DIAG, BfdState.UP, false, false, 3, 77, s.localDiscriminator(), 1_000_000, 10_000));
        // Found by discriminator whatever the source address says.
        sessions.receive(up, up.length, InetAddress.ofLiteral("198.18.0.99"), LOCAL, 255, 2);
        assertThat(s.state()).isEqualTo(BfdState.UP);
        assertThat(changes).containsExactly("b1 Init", "b1 Up");
        assertThat(sessions.drops().total()).isZero();
    }

    @Test
    void strayAndLowTtlPacketsAreCounted() {
        BfdSession s = sessions.add(BfdSettings.of("b1", PEER));
        s.start(0);
        byte[] down = bytes(BfdPacket.control(BfdDiag.NO_DIAG, BfdState.DOWN, false, false, 3, 77, 0, 1_000_000, 10_000));
        sessions.receive(down, down.length, InetAddress.ofLiteral("198.18.0.50"), LOCAL, 255, 1);
        byte[] unknownDiscr = bytes(BfdPacket.control(BfdDiag.NO_DIAG, BfdState.UP, false, false, 3, 77, 12345, 1_000_000, 10_000));
        sessions.receive(unknownDiscr, 24, PEER, LOCAL, 255, 1);
        sessions.receive(down, down.length, PEER, LOCAL, 254, 1); // one hop away: GTSM drop
        assertThat(sessions.drops().get(BfdDropReason.NO_SESSION)).isEqualTo(2);
        assertThat(sessions.drops().get(BfdDropReason.TTL)).isEqualTo(1);
        assertThat(s.state()).isEqualTo(BfdState.DOWN);
        // max_hops 1 accepts one hop; 255 turns the check off.
        sessions.remove("b1");
        BfdSession s2 = sessions.add(BfdSettings.of("b1", PEER).withTtl(255, 1));
        sessions.receive(down, down.length, PEER, LOCAL, 254, 2);
        assertThat(s2.state()).isEqualTo(BfdState.INIT);
    }

    @Test
    void aSourceIpRestrictsTheLookUpByAddress() {
        BfdSession s = sessions.add(BfdSettings.of("b1", PEER).withSource(LOCAL));
        byte[] down = bytes(BfdPacket.control(BfdDiag.NO_DIAG, BfdState.DOWN, false, false, 3, 77, 0, 1_000_000, 10_000));
        sessions.receive(down, 24, PEER, InetAddress.ofLiteral("198.18.0.9"), 255, 1);
        assertThat(sessions.drops().get(BfdDropReason.NO_SESSION)).isEqualTo(1);
        sessions.receive(down, 24, PEER, LOCAL, 255, 1);
        assertThat(s.state()).isEqualTo(BfdState.INIT);
    }

    @Test
    void malformedInputNeverChangesStateAndEveryDatagramIsAccountedFor() {
        BfdSession s = sessions.add(BfdSettings.of("b1", PEER));
        s.start(0);
        Random rnd = new Random(5881);
        byte[] seed = bytes(BfdPacket.control(BfdDiag.NO_DIAG, BfdState.UP, false, false, 3, 77, 0x0badcafe, 1_000_000, 10_000));
        int n = 50_000;
        long accepted = 0;
        for (int i = 0; i < n; i++) {
            byte[] d = BfdCodecRobustnessTest.mutate(seed, rnd);
            long before = sessions.drops().total();
            sessions.receive(d, d.length, PEER, LOCAL, 255, i);
            if (sessions.drops().total() == before) accepted++;
        }
        // Mutants keep a wrong Your Discriminator (or none with a Down/AdminDown state): the only ones that may reach the
        // session are Down/AdminDown packets with a zero Your Discriminator, looked up by address.
        assertThat(sessions.drops().total() + accepted).isEqualTo(n);
        assertThat(sessions.drops().get(BfdDropReason.NO_SESSION)).isPositive();
        assertThat(s.state()).isIn(BfdState.DOWN, BfdState.INIT);
    }
}
