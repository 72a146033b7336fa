package io.vigil.observe;

import java.util.List;
import java.util.Map;

/**
 * What the children (and the parent's supervisor) tell the parent's {@link ClusterPicture}: transitions and health
 * changes as they happen, counters as coalesced snapshots (the latest replaces the previous, so a slow reader loses
 * nothing but intermediate values). Each event is one {@code EVENT} line of the child protocol ({@link EventLine}).
 * Times are epoch milliseconds taken where the event happened. Strings are what operators read (no enums across
 * the process boundary: a child of another version still parses).
 */
public sealed interface ObsEvent {
    long atMillis();

    /** A VRRP instance changed state. {@code priority} is its effective priority at that moment. */
    record VrrpTransition(long atMillis, String instance, String from, String to, String reason, int priority) implements ObsEvent {}

    /** The effective priority of an instance changed (track scripts, interfaces, files). */
    record PriorityChange(long atMillis, String instance, int from, int to, String reason) implements ObsEvent {}

    /**
     * Coalesced counters and settings of one instance. {@code lastAdvertMillis} is when the last valid advert from
     * another router was received (0: never); {@code drops} by drop reason name
     * (lower-case, e.g. {@code ttl}); {@code vips} the configured virtual addresses (CIDR).
     */
    record VrrpCounters(long atMillis, String instance, int vrid, String interfaceName, String syncGroup, String state,
                        int basePriority, int effectivePriority, String masterAddress, int masterPriority, long lastAdvertMillis,
                        long advertsSent, long advertsReceived, long becameMaster, long priorityZeroSent, long priorityZeroReceived,
                        long garpsSent, Map<String, Long> drops, List<String> vips, String faultReason) implements ObsEvent {
        public VrrpCounters {
            drops = Map.copyOf(drops);
            vips = List.copyOf(vips);
        }
    }

    /** A checker's verdict on a real server changed (or was given for the first time), with its reason. */
    record HealthChange(long atMillis, String virtualServer, String realServer, String checker, boolean up, String reason) implements ObsEvent {}

    /**
     * Coalesced state of one real server (configured, in the pool or not). {@code health} is {@code up}, {@code down}
     * or {@code unknown} (no check has run); {@code weight} is the configured or dynamic weight; {@code inPool} whether
     * the data plane has it now. {@code latencyBuckets} counts checks per {@link #LATENCY_BOUNDS_SECONDS} bucket (one
     * more for +Inf), not cumulative; {@code failures} counts failed checks by reason class. Traffic counters come
     * from the data plane (0 where the back end cannot count).
     */
    record RealServerCounters(long atMillis, String virtualServer, String realServer, String health, boolean inPool, int weight,
                              String checker, boolean lastCheckOk, String lastCheckDetail, long lastCheckLatencyMicros,
                              long lastCheckMillis, long checks, Map<String, Long> failures, List<Long> latencyBuckets,
                              long latencySumMicros, long activeConns, long inactiveConns, long conns, long packetsIn,
                              long packetsOut, long bytesIn, long bytesOut) implements ObsEvent {
        public RealServerCounters {
            failures = Map.copyOf(failures);
            latencyBuckets = List.copyOf(latencyBuckets);
        }
    }

    /** Coalesced totals of one virtual service. */
    record VirtualServiceCounters(long atMillis, String virtualServer, boolean quorumUp, boolean sorryServerActive, int realServers,
                                  int realServersUp, long activeConns, long inactiveConns, long conns, long packetsIn, long packetsOut,
                                  long bytesIn, long bytesOut) implements ObsEvent {}

    /** A reload removed a virtual server (and its real servers) or an instance: the picture forgets it. */
    record Removed(long atMillis, String kind, String name) implements ObsEvent {}

    /** A notify script ended ({@code exitStatus} -1 when it could not run, {@code timedOut} when killed). */
    record NotifyExit(long atMillis, String instance, String script, int exitStatus, boolean timedOut) implements ObsEvent {}

    /** Parent: a child process started (pid) or died ({@code how}: "status 1", "signal 9"). */
    record ChildLife(long atMillis, String child, long pid, boolean alive, String how, int restarts) implements ObsEvent {}

    /** Parent: a reload ended ({@code outcome}: applied, rejected, failed). */
    record Reload(long atMillis, String outcome, String detail) implements ObsEvent {}

    /** Upper bounds (seconds) of the check latency histogram. */
    List<Double> LATENCY_BOUNDS_SECONDS = List.of(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

    /** Index of the bucket a check of this latency falls in (the last one is +Inf). */
    static int latencyBucket(long micros) {
        for (int i = 0; i < LATENCY_BOUNDS_SECONDS.size(); i++) if (micros <= LATENCY_BOUNDS_SECONDS.get(i) * 1_000_000) return i;
        return LATENCY_BOUNDS_SECONDS.size();
    }
}
