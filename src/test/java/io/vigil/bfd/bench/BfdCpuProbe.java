package io.vigil.bfd.bench;

import io.vigil.bfd.BfdSettings;
import io.vigil.bfd.BfdState;
import io.vigil.bfd.kernel.BfdService;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * For bench/bfd-cpu.sh: COUNT Vigil BFD sessions to one neighbour from sources PREFIX1..PREFIXCOUNT, printing
 * {@code ALLUP} once every session is Up and {@code UP n} every second after.
 * Usage: BfdCpuProbe NEIGHBOR SOURCE_PREFIX COUNT INTERVAL_MS MULTIPLIER SECONDS
 */
public final class BfdCpuProbe {
    public static void main(String[] args) throws Exception {
        InetAddress neighbor = InetAddress.ofLiteral(args[0]);
        int count = Integer.parseInt(args[2]);
        long intervalMicros = Long.parseLong(args[3]) * 1000;
        List<BfdSettings> sessions = new ArrayList<>();
        for (int i = 1; i <= count; i++)
            sessions.add(BfdSettings.of("s" + i, neighbor).withSource(InetAddress.ofLiteral(args[1] + i))
                    .withTimers(intervalMicros, intervalMicros, Integer.parseInt(args[4])));
        try (BfdService svc = new BfdService(sessions, role -> { }, (name, up) -> { })) {
            svc.start();
            boolean announced = false;
            long end = System.nanoTime() + Long.parseLong(args[5]) * 1_000_000_000L;
            while (System.nanoTime() < end) {
                long up = svc.status().stream().filter(s -> s.state() == BfdState.UP).count();
                if (up == count && !announced) {
                    System.out.println("ALLUP");
                    announced = true;
                }
                System.out.println("UP " + up + " drops " + svc.drops().total());
                System.out.flush();
                Thread.sleep(1000);
            }
        }
    }
}
