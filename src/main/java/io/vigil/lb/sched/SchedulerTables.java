package io.vigil.lb.sched;

import io.vigil.lb.SchedulerKind;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The lookup tables behind the schedulers, for data planes that precompute their choices (nftables maps):
 * entries are indexes into the server list, -1 for "no server".
 */
public final class SchedulerTables {
    private SchedulerTables() {}

    /** One full period of IPVS's wrr order over {@code servers} (length sum(weights)/gcd); empty when none is available. */
    public static List<Integer> wrrPeriod(List<? extends Scheduler.Candidate> servers) {
        int sum = 0, gcd = 0;
        for (Scheduler.Candidate c : servers) {
            if (c.available()) {
                sum += c.weight();
                gcd = CountingSchedulers.WeightedRoundRobin.gcd(gcd, c.weight());
            }
        }
        List<Integer> out = new ArrayList<>();
        if (sum == 0) return out;
        Scheduler wrr = Scheduler.create(SchedulerKind.WRR, Set.of());
        Scheduler.Request any = new Scheduler.Request(InetAddress.getLoopbackAddress(), 0, InetAddress.getLoopbackAddress(), 0);
        for (int i = 0; i < sum / gcd; i++) out.add(wrr.pick(servers, any));
        return out;
    }

    /** IPVS sh's 256 buckets: filled in order, {@code weight} consecutive buckets per server per turn. */
    public static int[] sourceHashBuckets(List<? extends Scheduler.Candidate> servers) {
        int[] table = new int[HashSchedulers.SH_TABLE_SIZE];
        if (servers.isEmpty()) {
            java.util.Arrays.fill(table, -1);
            return table;
        }
        int p = 0, count = 0;
        for (int i = 0; i < table.length; i++) {
            table[i] = p;
            if (++count >= servers.get(p).weight()) {
                p = (p + 1) % servers.size();
                count = 0;
            }
        }
        return table;
    }

    /** Maglev's 4093-slot table (see {@code mh}); all -1 when no server has weight. */
    public static int[] maglev(List<? extends Scheduler.Candidate> servers) {
        int[] t = HashSchedulers.Maglev.populate(servers);
        if (t == null) {
            t = new int[HashSchedulers.MH_TABLE_SIZE];
            java.util.Arrays.fill(t, -1);
        }
        return t;
    }
}
