package io.vigil.lb.bench;

import io.vigil.lb.DataPlane;
import io.vigil.lb.DesiredState;
import io.vigil.lb.Plan;
import io.vigil.lb.Protocol;
import io.vigil.lb.RealServer;
import io.vigil.lb.SchedulerKind;
import io.vigil.lb.ServiceKey;
import io.vigil.lb.VirtualService;
import io.vigil.lb.ipvs.IpvsDataPlane;
import io.vigil.lb.nft.NftDataPlane;
import io.vigil.lb.nft.NftRunner;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a data plane takes to be programmed with many real servers, the way the checker subsystem drives it
 * ({@link DataPlane#reconcile}: plan from {@code current()}, then apply): the whole table from empty (start-up),
 * then single-server changes (a checker's verdict: weight to 0 and back, a removal and re-add; first through
 * {@code reconcile(desired)}, then through {@code reconcile(desired, {service})} as a verdict does), then the removal
 * of everything (shutdown). Used by bench/check-scale.sh.
 *
 * <p>Usage: {@code DataPlaneScale nft|ipvs SERVERS [PER_SERVICE=100] [CHANGES=20] [NETNS]} (nft: runs {@code nft}
 * through {@code ip netns exec NETNS} when given; ipvs: this namespace's IPVS, e.g. in the user-mode-linux guest).
 * Prints {@code PLANE key=value ...} lines.
 */
public final class DataPlaneScale {
    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int servers = Integer.parseInt(args[1]);
        int perService = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int changes = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        NftRunner nftCommand = NftRunner.command(args.length > 4 ? List.of("ip", "netns", "exec", args[4]) : List.of());
        // where an nft change goes: reading the table back (`nft -j list table`) vs applying the batch (`nft -j -f -`)
        long[] listNanos = {0, 0}, applyNanos = {0, 0}, batchChars = {0};
        NftRunner timedNft = new NftRunner() {
            @Override
            public Result apply(String jsonBatch) {
                long t0 = System.nanoTime();
                try {
                    return nftCommand.apply(jsonBatch);
                } finally {
                    applyNanos[0] += System.nanoTime() - t0;
                    applyNanos[1]++;
                    batchChars[0] = jsonBatch.length();
                }
            }

            @Override
            public Result listTable(String family) {
                long t0 = System.nanoTime();
                try {
                    return nftCommand.listTable(family);
                } finally {
                    listNanos[0] += System.nanoTime() - t0;
                    listNanos[1]++;
                }
            }
        };
        DataPlane plane = switch (kind) {
            case "nft" -> new NftDataPlane(timedNft);
            case "ipvs" -> IpvsDataPlane.open(null).orElseThrow(() -> new IllegalStateException("no IPVS in this kernel"));
            default -> throw new IllegalArgumentException("plane: nft or ipvs");
        };
        List<VirtualService> services = new ArrayList<>();
        for (int v = 0; v * perService < servers; v++) {
            List<RealServer> rs = new ArrayList<>();
            for (int i = v * perService; i < Math.min(servers, (v + 1) * perService); i++)
                rs.add(RealServer.nat(InetAddress.getByName("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)), 8080, 1));
            services.add(VirtualService.of(new ServiceKey.Ip(Protocol.TCP, InetAddress.getByName("198.18." + (v / 250) + "." + (v % 250 + 1)), 80),
                    SchedulerKind.WRR, rs));
        }
        DesiredState all = new DesiredState(services);
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long heap0 = rt.totalMemory() - rt.freeMemory();
        try (plane) {
            long t0 = System.nanoTime();
            Plan p = plane.reconcile(all);
            long startMs = (System.nanoTime() - t0) / 1_000_000;
            System.gc();
            long heapMb = (rt.totalMemory() - rt.freeMemory() - heap0) >> 20;
            System.out.printf("PLANE %s servers=%d services=%d start_ms=%d changes=%d heap_held_mb=%d%n", kind, servers, services.size(), startMs,
                    p.changes().size(), heapMb);

            // each change twice: reconcile(desired) compares everything (nftables: the whole table, read back and
            // rewritten); reconcile(desired, {service}) what the checker subsystem asks after a verdict (IPVS reads back
            // only that service; nftables applies it in place, NftDelta)
            long[] weight = new long[changes], removal = new long[changes], weightOne = new long[changes], removalOne = new long[changes];
            DesiredState now = all;
            List<VirtualService> picked = new ArrayList<>();
            List<RealServer> pickedServer = new ArrayList<>();
            for (int i = 0; i < changes; i++) {
                VirtualService s = services.get(ThreadLocalRandom.current().nextInt(services.size()));
                picked.add(s);
                pickedServer.add(s.servers().get(ThreadLocalRandom.current().nextInt(s.servers().size())));
            }
            for (int i = 0; i < changes; i++) {
                VirtualService s = picked.get(i);
                RealServer r = pickedServer.get(i);
                weight[i] = timed(plane, replace(now, s.withWeight(r.key(), 0)), null);
                timed(plane, now, null);
                removal[i] = timed(plane, replace(now, s.without(r.key())), null);
                timed(plane, now, null);
            }
            if (kind.equals("nft"))
                System.out.printf("PLANE nft servers=%d phase=whole nft_list_calls=%d nft_list_ms_total=%d nft_apply_calls=%d nft_apply_ms_total=%d last_batch_chars=%d%n",
                        servers, listNanos[1], listNanos[0] / 1_000_000, applyNanos[1], applyNanos[0] / 1_000_000, batchChars[0]);
            listNanos[0] = listNanos[1] = applyNanos[0] = applyNanos[1] = 0;
            for (int i = 0; i < changes; i++) {
                VirtualService s = picked.get(i);
                RealServer r = pickedServer.get(i);
                Set<ServiceKey> one = Set.of(s.key());
                weightOne[i] = timed(plane, replace(now, s.withWeight(r.key(), 0)), one);
                timed(plane, now, one);
                removalOne[i] = timed(plane, replace(now, s.without(r.key())), one);
                timed(plane, now, one);
            }
            if (kind.equals("nft"))
                System.out.printf("PLANE nft servers=%d phase=one_service nft_list_calls=%d nft_list_ms_total=%d nft_apply_calls=%d nft_apply_ms_total=%d last_batch_chars=%d%n",
                        servers, listNanos[1], listNanos[0] / 1_000_000, applyNanos[1], applyNanos[0] / 1_000_000, batchChars[0]);
            System.out.printf("PLANE %s servers=%d weight_change_whole_ms %s%n", kind, servers, summary(weight));
            System.out.printf("PLANE %s servers=%d removal_whole_ms %s%n", kind, servers, summary(removal));
            System.out.printf("PLANE %s servers=%d weight_change_one_service_ms %s%n", kind, servers, summary(weightOne));
            System.out.printf("PLANE %s servers=%d removal_one_service_ms %s%n", kind, servers, summary(removalOne));
            t0 = System.nanoTime();
            plane.reconcile(DesiredState.EMPTY);
            System.out.printf("PLANE %s servers=%d remove_all_ms=%d%n", kind, servers, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    static DesiredState replace(DesiredState state, VirtualService changed) {
        List<VirtualService> out = new ArrayList<>(state.services());
        out.replaceAll(s -> s.key().equals(changed.key()) ? changed : s);
        return new DesiredState(out);
    }

    /** µs to reconcile to {@code desired} (everything, or only the {@code changed} services), which must be one change. */
    static long timed(DataPlane plane, DesiredState desired, Set<ServiceKey> changed) {
        long t0 = System.nanoTime();
        Plan p = changed == null ? plane.reconcile(desired) : plane.reconcile(desired, changed);
        if (p.changes().size() != 1) throw new IllegalStateException("expected one change, got " + p.changes().size());
        return (System.nanoTime() - t0) / 1000;
    }

    /** median / p95 / max of microsecond samples, printed in ms. */
    static String summary(long[] micros) {
        long[] s = micros.clone();
        Arrays.sort(s);
        return String.format("median=%.1f p95=%.1f max=%.1f n=%d", s[s.length / 2] / 1000.0,
                s[Math.max(0, (int) Math.ceil(0.95 * s.length) - 1)] / 1000.0, s[s.length - 1] / 1000.0, s.length);
    }
}
