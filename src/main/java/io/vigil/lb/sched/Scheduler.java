package io.vigil.lb.sched;

import io.vigil.lb.RealServer;
import io.vigil.lb.SchedulerFlag;
import io.vigil.lb.SchedulerKind;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

/**
 * A connection scheduler as IPVS defines it: given the servers (in configuration order, with their current
 * weights and connection counts) and the new connection, pick one. Deterministic and free of I/O; the
 * stateful ones (rr, wrr, lblc, lblcr) keep their position inside the instance, so use one instance per
 * virtual service. Shared by the userspace proxy and the tests. Thread-safe (picks are serialised).
 *
 * <p>A server is unavailable when its weight is 0 (drained) or it is {@link Candidate#overloaded()}.
 */
public interface Scheduler {

    /** @return the index in {@code servers} of the chosen server, or -1 when none is available */
    int pick(List<? extends Candidate> servers, Request request);

    SchedulerKind kind();

    /** What a scheduler sees of a real server. */
    interface Candidate {
        RealServer.Key key();

        int weight();

        int activeConns();

        int inactiveConns();

        /** Over its upper connection threshold (IPVS IP_VS_DEST_F_OVERLOAD). */
        default boolean overloaded() {
            return false;
        }

        default boolean available() {
            return weight() > 0 && !overloaded();
        }
    }

    /** A plain candidate (tests, snapshots). */
    record Server(RealServer.Key key, int weight, int activeConns, int inactiveConns, boolean overloaded) implements Candidate {
        public static Server of(RealServer.Key key, int weight) {
            return new Server(key, weight, 0, 0, false);
        }

        public Server withConns(int active, int inactive) {
            return new Server(key, weight, active, inactive, overloaded);
        }
    }

    /** The new connection: client address/port and the address/port it was sent to (the virtual service). */
    record Request(InetAddress source, int sourcePort, InetAddress destination, int destinationPort) {}

    static Scheduler create(SchedulerKind kind, Set<SchedulerFlag> flags) {
        boolean fallback = flags.contains(SchedulerFlag.FALLBACK);
        boolean port = flags.contains(SchedulerFlag.PORT);
        return switch (kind) {
            case RR -> new CountingSchedulers.RoundRobin();
            case WRR -> new CountingSchedulers.WeightedRoundRobin();
            case LC -> new CountingSchedulers.LeastConnection();
            case WLC -> new CountingSchedulers.WeightedLeastConnection();
            case SED -> new CountingSchedulers.ShortestExpectedDelay(false);
            case NQ -> new CountingSchedulers.ShortestExpectedDelay(true);
            case FO -> new CountingSchedulers.WeightedFailover();
            case OVF -> new CountingSchedulers.WeightedOverflow();
            case SH -> new HashSchedulers.SourceHash(fallback, port);
            case DH -> new HashSchedulers.DestinationHash();
            case MH -> new HashSchedulers.Maglev(fallback, port);
            case LBLC -> new LocalitySchedulers.Lblc();
            case LBLCR -> new LocalitySchedulers.Lblcr();
        };
    }

    /** IPVS's connection overhead for lc/wlc: active connections cost 256 times an inactive one. */
    static long overhead(Candidate c) {
        return ((long) c.activeConns() << 8) + c.inactiveConns();
    }
}
