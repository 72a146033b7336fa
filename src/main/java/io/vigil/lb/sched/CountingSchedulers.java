package io.vigil.lb.sched;

import io.vigil.lb.SchedulerKind;
import io.vigil.lb.sched.Scheduler.Candidate;

import java.util.List;

/** Schedulers that decide from positions, weights and connection counts: rr wrr lc wlc sed nq fo ovf (as ip_vs_*.c). */
final class CountingSchedulers {
    private CountingSchedulers() {}

    /** rr: the next available server after the last one chosen. */
    static final class RoundRobin implements Scheduler {
        private int last = -1;

        @Override
        public synchronized int pick(List<? extends Candidate> servers, Request request) {
            int n = servers.size();
            for (int step = 1; step <= n; step++) {
                int i = Math.floorMod(last + step, n);
                if (servers.get(i).available()) return last = i;
            }
            return -1;
        }

        @Override
        public SchedulerKind kind() {
            return SchedulerKind.RR;
        }
    }

    /**
     * wrr: IPVS's interleaved weighted round robin. The current weight {@code cw} starts at the maximum weight
     * and drops by the gcd of the weights after each pass; a pass picks every server with weight >= cw.
     */
    static final class WeightedRoundRobin implements Scheduler {
        private int index = -1;
        private int currentWeight = 0;

        @Override
        public synchronized int pick(List<? extends Candidate> servers, Request request) {
            int n = servers.size();
            int max = 0, gcd = 0;
            for (Candidate c : servers) {
                if (c.weight() > 0) {
                    max = Math.max(max, c.weight());
                    gcd = gcd(gcd, c.weight());
                }
            }
            if (max == 0) return -1;
            if (currentWeight > max) currentWeight = max;
            // At most n * (max/gcd + 1) steps visit every (server, weight level) once.
            long bound = (long) n * (max / gcd + 1);
            for (long step = 0; step < bound; step++) {
                index = (index + 1) % n;
                if (index == 0) {
                    currentWeight -= gcd;
                    if (currentWeight <= 0) currentWeight = max;
                }
                Candidate c = servers.get(index);
                if (!c.overloaded() && c.weight() >= currentWeight && c.weight() > 0) return index;
            }
            return -1;
        }

        static int gcd(int a, int b) {
            while (b != 0) {
                int t = a % b;
                a = b;
                b = t;
            }
            return a;
        }

        @Override
        public SchedulerKind kind() {
            return SchedulerKind.WRR;
        }
    }

    /** lc: least overhead (active*256 + inactive); ties go to the first in order. */
    static final class LeastConnection implements Scheduler {
        @Override
        public int pick(List<? extends Candidate> servers, Request request) {
            int best = -1;
            long bestOverhead = Long.MAX_VALUE;
            for (int i = 0; i < servers.size(); i++) {
                Candidate c = servers.get(i);
                if (!c.available()) continue;
                long o = Scheduler.overhead(c);
                if (o < bestOverhead) {
                    best = i;
                    bestOverhead = o;
                }
            }
            return best;
        }

        @Override
        public SchedulerKind kind() {
            return SchedulerKind.LC;
        }
    }

    /** wlc: least overhead/weight, compared as IPVS does without division (loh * w > doh * lw). */
    static final class WeightedLeastConnection implements Scheduler {
        @Override
        public int pick(List<? extends Candidate> servers, Request request) {
            return leastRatio(servers, false);
        }

        @Override
        public SchedulerKind kind() {
            return SchedulerKind.WLC;
        }
    }

    /** sed: least (active+1)/weight; nq: any idle server first (no queue), else sed. */
    static final class ShortestExpectedDelay implements Scheduler {
        private final boolean neverQueue;

        ShortestExpectedDelay(boolean neverQueue) {
            this.neverQueue = neverQueue;
        }

        @Override
        public int pick(List<? extends Candidate> servers, Request request) {
            if (neverQueue) {
                for (int i = 0; i < servers.size(); i++)
                    if (servers.get(i).available() && servers.get(i).activeConns() == 0) return i;
            }
            return leastRatio(servers, true);
        }

        @Override
        public SchedulerKind kind() {
            return neverQueue ? SchedulerKind.NQ : SchedulerKind.SED;
        }
    }

    static int leastRatio(List<? extends Candidate> servers, boolean expectedDelay) {
        int best = -1;
        long bestOverhead = 0;
        int bestWeight = 0;
        for (int i = 0; i < servers.size(); i++) {
            Candidate c = servers.get(i);
            if (!c.available()) continue;
            long o = expectedDelay ? c.activeConns() + 1L : Scheduler.overhead(c);
            if (best < 0 || bestOverhead * c.weight() > o * bestWeight) {
                best = i;
                bestOverhead = o;
                bestWeight = c.weight();
            }
        }
        return best;
    }

    /** fo: the available server with the highest weight (first one on a tie). */
    static final class WeightedFailover implements Scheduler {
        @Override
        public int pick(List<? extends Candidate> servers, Request request) {
            int best = -1;
            for (int i = 0; i < servers.size(); i++) {
                Candidate c = servers.get(i);
                if (c.available() && (best < 0 || c.weight() > servers.get(best).weight())) best = i;
            }
            return best;
        }

        @Override
        public SchedulerKind kind() {
            return SchedulerKind.FO;
        }
    }

    /** ovf: the highest-weight server whose active connections do not exceed its weight; overflow to the next. */
    static final class WeightedOverflow implements Scheduler {
        @Override
        public int pick(List<? extends Candidate> servers, Request request) {
            int best = -1;
            for (int i = 0; i < servers.size(); i++) {
                Candidate c = servers.get(i);
                if (!c.available() || c.activeConns() > c.weight()) continue;
                if (best < 0 || c.weight() > servers.get(best).weight()) best = i;
            }
            return best;
        }

        @Override
        public SchedulerKind kind() {
            return SchedulerKind.OVF;
        }
    }
}
