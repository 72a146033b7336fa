package io.vigil.bfd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Two sessions joined by a simulated link under a fake clock: packets arrive {@code latencyNanos} after they are
 * sent, unless the link is cut or a side is dead. Records every packet and transition.
 */
final class BfdLink {
    record Sent(long at, String from, BfdPacket packet) { }

    record Transition(long at, String side, BfdState from, BfdState to, BfdDiag diag, boolean notified) { }

    private record InFlight(long arrival, String to, BfdPacket packet) { }

    final class Side implements BfdSession.Output {
        final String name;
        BfdSession session;
        boolean dead;

        Side(String name) {
            this.name = name;
        }

        @Override
        public void send(BfdPacket packet) {
            sent.add(new Sent(now, name, packet));
            if (!cut) flight.add(new InFlight(now + latencyNanos, other(this).name, BfdCodecRoundTrip.of(packet)));
        }

        @Override
        public void transition(BfdState from, BfdState to, BfdDiag diag, boolean notify) {
            transitions.add(new Transition(now, name, from, to, diag, notify));
        }
    }

    long now = 1_000_000_000L;
    long latencyNanos = 100_000;
    boolean cut;
    final Side a = new Side("a");
    final Side b = new Side("b");
    final List<Sent> sent = new ArrayList<>();
    final List<Transition> transitions = new ArrayList<>();
    private final Deque<InFlight> flight = new ArrayDeque<>();
    private int nextDiscr = 1;

    BfdLink(BfdSettings sa, BfdSettings sb) {
        a.session = new BfdSession(sa, new SplittableRandom(1), () -> nextDiscr++, a);
        b.session = new BfdSession(sb, new SplittableRandom(2), () -> nextDiscr++, b);
    }

    Side other(Side s) {
        return s == a ? b : a;
    }

    Side side(String name) {
        return name.equals("a") ? a : b;
    }

    void start() {
        a.session.start(now);
        b.session.start(now);
    }

    /** Runs timers and deliveries in time order up to {@code until}. */
    void runUntil(long until) {
        while (true) {
            long next = Long.MAX_VALUE;
            for (Side s : List.of(a, b)) if (!s.dead) next = Math.min(next, s.session.nextDeadline());
            InFlight f = flight.peekFirst();
            if (f != null && f.arrival() <= next) next = f.arrival();
            if (next > until) {
                now = until;
                return;
            }
            now = next;
            if (f != null && f.arrival() == next) {
                flight.pollFirst();
                Side to = side(f.to());
                if (!to.dead && !cut) to.session.receive(f.packet(), now);
                continue;
            }
            for (Side s : List.of(a, b)) if (!s.dead && s.session.nextDeadline() <= now) s.session.onTimer(now);
        }
    }

    void runFor(long nanos) {
        runUntil(now + nanos);
    }

    List<Sent> sentBy(String side, long from) {
        return sent.stream().filter(s -> s.from().equals(side) && s.at() >= from).toList();
    }

    static final class BfdCodecRoundTrip {
        /** Every simulated packet goes through the codec, as on the wire. */
        static BfdPacket of(BfdPacket p) {
            try {
                return BfdCodec.decode(BfdCodec.encode(p));
            } catch (BfdDecodeException e) {
                throw new AssertionError("session sent an invalid packet: " + p + ": " + e.getMessage());
            }
        }
    }
}
