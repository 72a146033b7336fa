package io.vigil.bfd.bench;

import io.vigil.bfd.BfdSettings;
import io.vigil.bfd.kernel.BfdService;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * For bench/bfd-detect.sh: one Vigil BFD session (run inside a namespace) printing each Up and Down as
 * {@code UP <epoch µs>} and {@code DOWN <epoch µs> <µs since the last packet was received> <local diagnostic>}.
 * Usage: BfdDetectProbe NEIGHBOR SOURCE INTERVAL_MS MULTIPLIER SECONDS
 */
public final class BfdDetectProbe {
    private record Event(boolean up, long epochMicros, long nanos) { }

    public static void main(String[] args) throws Exception {
        long intervalMicros = Long.parseLong(args[2]) * 1000;
        BfdSettings s = BfdSettings.of("probe", InetAddress.ofLiteral(args[0])).withSource(InetAddress.ofLiteral(args[1]))
                .withTimers(intervalMicros, intervalMicros, Integer.parseInt(args[3]));
        LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
        try (BfdService svc = new BfdService(List.of(s), role -> { }, (name, up) -> {
            Instant now = Instant.now();
            events.add(new Event(up, now.getEpochSecond() * 1_000_000 + now.getNano() / 1000, System.nanoTime()));
        })) {
            svc.start();
            System.out.println("READY");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[4]));
            while (System.nanoTime() < end) {
                Event e = events.poll(200, TimeUnit.MILLISECONDS);
                if (e == null) continue;
                if (e.up()) System.out.println("UP " + e.epochMicros());
                else {
                    BfdService.Status st = svc.status().getFirst();
                    System.out.println("DOWN " + e.epochMicros() + " " + (e.nanos() - st.lastSeenNanos()) / 1000 + " " + st.localDiag().name());
                }
                System.out.flush();
            }
        }
    }
}
