package io.vigil.bfd;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * All BFD sessions of one daemon and the receive path of keepalived's bfd_handle_packet, pure: decode, find the session
 * (by Your Discriminator, or by source and destination address while it is zero), check TTL, hand the packet over.
 * Every dropped datagram is counted under one {@link BfdDropReason}. Single-threaded (the BFD thread).
 */
public final class BfdSessions {
    /** Where sessions' packets and state changes go. */
    public interface Sink {
        void send(BfdSession session, BfdPacket packet);

        void transition(BfdSession session, BfdState from, BfdState to, BfdDiag diag, boolean notify);
    }

    private final Map<String, BfdSession> byName = new LinkedHashMap<>();
    private final RandomGenerator random;
    private final Sink sink;
    private final BfdDropCounters drops = new BfdDropCounters();

    public BfdSessions(RandomGenerator random, Sink sink) {
        this.random = random;
        this.sink = sink;
    }

    /** Adds a session (not started). */
    public BfdSession add(BfdSettings settings) {
        BfdSession[] self = new BfdSession[1];
        BfdSession s = new BfdSession(settings, random, this::freshDiscriminator, new BfdSession.Output() {
            @Override
            public void send(BfdPacket packet) {
                sink.send(self[0], packet);
            }

            @Override
            public void transition(BfdState from, BfdState to, BfdDiag diag, boolean notify) {
                sink.transition(self[0], from, to, diag, notify);
            }
        });
        self[0] = s;
        byName.put(settings.name(), s);
        return s;
    }

    public BfdSession remove(String name) {
        return byName.remove(name);
    }

    public Optional<BfdSession> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<BfdSession> all() {
        return byName.values();
    }

    /**
     * One received datagram. {@code destination} is the local address it was sent to (may be null when unknown);
     * {@code ttl} the received TTL or hop limit (0 when the kernel gave none: keepalived then skips the check).
     */
    public void receive(byte[] data, int len, InetAddress source, InetAddress destination, int ttl, long now) {
        BfdPacket p;
        try {
            p = BfdCodec.decode(data, 0, len);
        } catch (BfdDecodeException e) {
            drops.increment(e.reason());
            return;
        }
        BfdSession s = p.yourDiscriminator() == 0 ? byAddress(source, destination) : byDiscriminator(p.yourDiscriminator());
        if (s == null) {
            drops.increment(BfdDropReason.NO_SESSION);
            return;
        }
        if (!s.settings().ttlAcceptable(ttl)) {
            drops.increment(BfdDropReason.TTL);
            return;
        }
        if (!s.receive(p, now)) drops.increment(BfdDropReason.ADMIN_DOWN);
    }

    public void onTimer(long now) {
        for (BfdSession s : List.copyOf(byName.values())) if (s.nextDeadline() <= now) s.onTimer(now);
    }

    public long nextDeadline() {
        long d = BfdSession.NEVER;
        for (BfdSession s : byName.values()) d = Math.min(d, s.nextDeadline());
        return d;
    }

    public BfdDropCounters drops() {
        return drops;
    }

    private BfdSession byDiscriminator(int discr) {
        for (BfdSession s : byName.values()) if (s.localDiscriminator() == discr) return s;
        return null;
    }

    private BfdSession byAddress(InetAddress source, InetAddress destination) {
        for (BfdSession s : byName.values()) {
            BfdSettings st = s.settings();
            if (!st.neighbor().equals(source)) continue;
            if (st.source().isPresent() && destination != null && !st.source().get().equals(destination)) continue;
            return s;
        }
        return null;
    }

    /** keepalived: random, non-zero, unique among this daemon's sessions. */
    private int freshDiscriminator() {
        while (true) {
            int d = random.nextInt();
            if (d == 0) continue;
            boolean used = false;
            for (BfdSession s : byName.values()) used |= s.localDiscriminator() == d;
            if (!used) return d;
        }
    }

    /** Names in order (for status output). */
    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    /** Looks a session up by name, for the shell. */
    Map<String, BfdSession> map() {
        return new HashMap<>(byName);
    }
}
