package io.vigil.lb.sched;

import io.vigil.lb.RealServer;
import io.vigil.lb.SchedulerKind;
import io.vigil.lb.sched.Scheduler.Candidate;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Locality-based least-connection schedulers (ip_vs_lblc.c, ip_vs_lblcr.c), keyed by the destination address.
 * Meant for cache clusters addressed through fwmark; in a proxy every connection of a service has the same
 * destination, so they behave like a sticky wlc. Entries do not expire here (IPVS drops them after 24 h idle).
 */
final class LocalitySchedulers {
    private LocalitySchedulers() {}

    /** lblc's overload rule: more active connections than weight while some server is under half its weight. */
    static boolean lblcOverloaded(Scheduler.Candidate c, List<? extends Scheduler.Candidate> all) {
        if (c.activeConns() <= c.weight()) return false;
        for (Scheduler.Candidate d : all) if (d.activeConns() * 2 < d.weight()) return true;
        return false;
    }

    static int indexOf(List<? extends Scheduler.Candidate> servers, RealServer.Key key) {
        for (int i = 0; i < servers.size(); i++) if (servers.get(i).key().equals(key)) return i;
        return -1;
    }

    /** lblc: the server last used for this destination unless it is gone, drained or overloaded; else wlc. */
    static final class Lblc implements Scheduler {
        private final Map<InetAddress, RealServer.Key> byDestination = new HashMap<>();

        @Override
        public synchronized int pick(List<? extends Candidate> servers, Request request) {
            RealServer.Key k = byDestination.get(request.destination());
            int i = k == null ? -1 : indexOf(servers, k);
            if (i >= 0 && servers.get(i).available() && !lblcOverloaded(servers.get(i), servers)) return i;
            int chosen = CountingSchedulers.leastRatio(servers, false);
            if (chosen >= 0) byDestination.put(request.destination(), servers.get(chosen).key());
            return chosen;
        }

        @Override
        public SchedulerKind kind() {
            return SchedulerKind.LBLC;
        }
    }

    /**
     * lblcr: a set of servers per destination; the least loaded (wlc) member is used, and when it is overloaded
     * (active > weight) the wlc choice among all servers joins the set.
     */
    static final class Lblcr implements Scheduler {
        private final Map<InetAddress, Set<RealServer.Key>> byDestination = new HashMap<>();

        @Override
        public synchronized int pick(List<? extends Candidate> servers, Request request) {
            Set<RealServer.Key> set = byDestination.computeIfAbsent(request.destination(), d -> new LinkedHashSet<>());
            set.removeIf(k -> indexOf(servers, k) < 0);
            int best = -1;
            long bestOverhead = 0;
            for (RealServer.Key k : set) {
                int i = indexOf(servers, k);
                Candidate c = servers.get(i);
                if (!c.available()) continue;
                long o = Scheduler.overhead(c);
                if (best < 0 || bestOverhead * c.weight() > o * servers.get(best).weight()) {
                    best = i;
                    bestOverhead = o;
                }
            }
            if (best >= 0 && !lblcOverloaded(servers.get(best), servers)) return best;
            int chosen = CountingSchedulers.leastRatio(servers, false);
            if (chosen >= 0) set.add(servers.get(chosen).key());
            return chosen >= 0 ? chosen : best;
        }

        @Override
        public SchedulerKind kind() {
            return SchedulerKind.LBLCR;
        }
    }
}
