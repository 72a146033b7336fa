package io.vigil.check;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TCP_CHECK event loop on a fake clock with in-memory sockets: when connects start, connect_timeout, retries
 * and delay_loop counted from when a check was due, verdicts, and a late event of a closed connect ignored.
 */
class TcpCheckLoopTest {
    enum Server { UP, REFUSING_AT_ONCE, REFUSING, HANGING, UP_AFTER_100_MS }

    /** In-memory sockets: each connect completes (or not) at once as its server says; await advances the clock. */
    static final class FakeIo implements TcpCheckLoop.ConnectIo {
        final AtomicLong nanos;
        final Map<Integer, Server> servers = new HashMap<>();
        final Map<Integer, InetSocketAddress> targets = new HashMap<>();
        final Map<Integer, Integer> results = new HashMap<>(); // socket -> errno
        final ArrayDeque<Long> readyQueue = new ArrayDeque<>();
        final List<String> connects = new ArrayList<>(); // "checker@ms"
        final java.util.Set<Integer> open = new java.util.HashSet<>();
        final Map<Long, Long> delayed = new HashMap<>(); // token -> ms it becomes ready
        long lateMillis; // each wait returns this much later than asked (a loaded machine)
        long limitMs = Long.MAX_VALUE; // no wait goes past this
        int nextSocket = 100;

        FakeIo(AtomicLong nanos) {
            this.nanos = nanos;
        }

        /** Milliseconds since the loop was made (the fake clock starts at 5 s, not at 0). */
        long ms() {
            return (nanos.get() - START_NANOS) / 1_000_000;
        }

        @Override
        public void target(int checker, InetSocketAddress to, InetSocketAddress bind, int mark, String device) {
            targets.put(checker, to);
        }

        @Override
        public int connect(int checker, long token) {
            connects.add(checker + "@" + ms());
            Server s = servers.get(checker);
            if (s == Server.REFUSING_AT_ONCE) return -TcpCheckLoop.ECONNREFUSED;
            int socket = nextSocket++;
            open.add(socket);
            if (s == Server.UP) {
                results.put(socket, 0);
                readyQueue.add(token);
            } else if (s == Server.UP_AFTER_100_MS) {
                results.put(socket, 0);
                delayed.put(token, ms() + 100);
            } else if (s == Server.REFUSING) {
                results.put(socket, TcpCheckLoop.ECONNREFUSED);
                readyQueue.add(token);
            }
            return socket;
        }

        @Override
        public int await(long timeoutMillis, long[] tokens) {
            if (readyQueue.isEmpty()) {
                assertThat(timeoutMillis).as("the loop would block for ever").isGreaterThanOrEqualTo(0);
                long wait = Math.min(timeoutMillis + (timeoutMillis > 0 ? lateMillis : 0), limitMs - ms());
                nanos.addAndGet(wait * 1_000_000);
                delayed.entrySet().removeIf(e -> {
                    if (e.getValue() > ms()) return false;
                    readyQueue.add(e.getKey());
                    return true;
                });
                if (readyQueue.isEmpty()) return 0;
            }
            int n = 0;
            while (!readyQueue.isEmpty() && n < tokens.length) tokens[n++] = readyQueue.poll();
            return n;
        }

        @Override
        public int result(int socket) {
            return results.getOrDefault(socket, 0);
        }

        @Override
        public void close(int socket) {
            assertThat(open.remove(socket)).as("socket %d closed once", socket).isTrue();
        }

        @Override
        public void wakeup() {
        }

        @Override
        public void close() {
        }
    }

    static final long START_NANOS = 5_000_000_000L;
    final AtomicLong nanos = new AtomicLong(START_NANOS);
    final FakeIo io = new FakeIo(nanos);
    final List<CheckEvent> events = new ArrayList<>();
    final List<String> probes = new ArrayList<>(); // "ms:detail"
    final Map<String, CheckerStatus> status = new ConcurrentHashMap<>();
    final TcpCheckLoop loop = new TcpCheckLoop(io, nanos::get);

    CheckerRun run(int port, CheckerSettings.Tcp t, boolean oneFailureIsEnough) throws Exception {
        RealServerSettings rs = RealServerSettings.of(new RealServerKey(InetAddress.getByName("198.18.1.1"), port), t);
        VirtualServerSettings vs = VirtualServerSettings.of(VirtualServerKey.of("198.18.0.1", 80, "TCP"), rs);
        PoolListener observer = new PoolListener() {
            @Override
            public void onPoolChanged(VirtualServerKey v, DesiredPool pool) {
            }

            @Override
            public void onProbe(VirtualServerKey v, RealServerKey r, int checker, String kind, ProbeResult result, long latencyMicros) {
                probes.add(io.ms() + ":" + result.describe());
            }
        };
        return new CheckerRun(vs, rs, 0, t, new HealthTracker(t.timing(), false, oneFailureIsEnough),
                new CheckerRun.Outputs(events::add, observer, status, new LongAdder()));
    }

    static CheckerSettings.Tcp tcp(long delayLoop, int retry, long delayBeforeRetry, long warmup, long connectTimeout) {
        return new CheckerSettings.Tcp(new CheckerSettings.Timing(delayLoop, retry, delayBeforeRetry, warmup),
                CheckerSettings.Connect.toRealServer().withTimeout(connectTimeout));
    }

    /** Runs the loop until the fake clock reads {@code ms} (the timers due then have fired). */
    void runUntil(long ms) {
        io.limitMs = ms;
        while (io.ms() < ms) loop.runOnce();
    }

    @Test
    void checksOverTheInFlightCapWaitForASocketToFinishInDueOrder() throws Exception {
        TcpCheckLoop capped = new TcpCheckLoop(io, nanos::get, TcpCheckLoop.TICK_MILLIS, 2);
        CheckerSettings.Tcp t = tcp(60_000, 1, 1000, 0, 300);
        for (int i = 0; i < 5; i++) {
            io.servers.put(i, Server.HANGING); // nothing finishes before its connect_timeout
            capped.add(run(80 + i, t, true), t, 0);
        }
        capped.startInline();
        io.limitMs = 0;
        capped.runOnce();
        // all five were due at 0: two connect, three wait
        assertThat(io.connects).containsExactly("0@0", "1@0");
        assertThat(capped.inFlight()).isEqualTo(2);
        io.limitMs = 1_000;
        while (io.ms() < 1_000) capped.runOnce();
        // each pair times out after 300 ms and hands its sockets to the next in due order
        assertThat(io.connects).containsExactly("0@0", "1@0", "2@300", "3@300", "4@600");
        assertThat(capped.inFlight()).isZero();
        assertThat(io.open).isEmpty();
        capped.close();
    }

    @Test
    void anUpServerIsCheckedEveryDelayLoopFromItsWarmupPoint() throws Exception {
        io.servers.put(0, Server.UP);
        loop.add(run(80, tcp(1000, 1, 300, 1000, 500), true), tcp(1000, 1, 300, 1000, 500), 0.25);
        loop.startInline();
        runUntil(3_600);
        // warmup 1000 x 0.25 = 250 ms after the start
        assertThat(io.connects).containsExactly("0@250", "0@1250", "0@2250", "0@3250");
        assertThat(events).singleElement().isInstanceOfSatisfying(CheckEvent.CheckerChanged.class, c -> {
            assertThat(c.up()).isTrue();
            assertThat(c.reason()).isEqualTo("TCP connection to /198.18.1.1:80 success");
        });
        assertThat(io.open).isEmpty();
    }

    @Test
    void aRefusingServerIsRetriedAfterDelayBeforeRetryThenGoesDown() throws Exception {
        io.servers.put(0, Server.UP);
        CheckerSettings.Tcp t = tcp(1000, 2, 300, 0, 500);
        loop.add(run(80, t, false), t, 0);
        loop.startInline();
        runUntil(1_500); // up at 0 and 1000
        io.servers.put(0, Server.REFUSING);
        runUntil(5_000);
        // fails at 2000, retried at 2300 and 2600 (retry 2), down at 2600; then every delay_loop from when it was due
        assertThat(io.connects).containsExactly("0@0", "0@1000", "0@2000", "0@2300", "0@2600", "0@3600", "0@4600");
        assertThat(events).hasSize(2);
        assertThat(events.get(1)).isInstanceOfSatisfying(CheckEvent.CheckerChanged.class, c -> {
            assertThat(c.up()).isFalse();
            assertThat(c.reason()).isEqualTo("TCP connection to /198.18.1.1:80 failed: connection refused (after 2 retries)");
        });
        assertThat(probes).contains("2600:TCP connection to /198.18.1.1:80 failed: connection refused");
    }

    @Test
    void aConnectRefusedAtOnceCountsAsAFailureToo() throws Exception {
        io.servers.put(0, Server.REFUSING_AT_ONCE);
        CheckerSettings.Tcp t = tcp(1000, 1, 300, 0, 500);
        loop.add(run(80, t, true), t, 0);
        loop.startInline();
        runUntil(1_500);
        // start-up: one failure is enough
        assertThat(io.connects).containsExactly("0@0", "0@1000");
        assertThat(events).singleElement().isInstanceOfSatisfying(CheckEvent.CheckerChanged.class, c -> assertThat(c.up()).isFalse());
    }

    @Test
    void aHangingServerFailsAtConnectTimeoutAndItsLateEventIsIgnored() throws Exception {
        io.servers.put(0, Server.HANGING);
        CheckerSettings.Tcp t = tcp(1000, 1, 300, 0, 700);
        loop.add(run(80, t, true), t, 0);
        loop.startInline();
        runUntil(700);
        assertThat(probes).containsExactly("700:TCP connection to /198.18.1.1:80 failed: timeout after 700 ms");
        assertThat(io.open).isEmpty(); // the timed-out socket was closed
        // an event of that closed connect arriving now (generation 1, checker 0) changes nothing
        io.readyQueue.add((1L << 32));
        loop.runOnce();
        assertThat(probes).hasSize(1);
        runUntil(2_000);
        // next check due delay_loop after the first was due (at 0), not after it ended (at 700)
        assertThat(io.connects).containsExactly("0@0", "0@1000", "0@2000");
        assertThat(probes).hasSize(2).last().asString().startsWith("1700:");
    }

    @Test
    void aConnectThatCompletedWhileTheLoopWasLateIsUpNotATimeout() throws Exception {
        io.servers.put(0, Server.UP_AFTER_100_MS);
        io.lateMillis = 500; // the loop wakes 500 ms late: past the 200 ms connect_timeout
        CheckerSettings.Tcp t = tcp(1000, 0, 300, 0, 200);
        loop.add(run(80, t, true), t, 0);
        loop.startInline();
        runUntil(999);
        assertThat(probes).singleElement().asString().isEqualTo("700:TCP connection to /198.18.1.1:80 success");
        assertThat(io.open).isEmpty();
    }

    @Test
    void manyCheckersShareTheLoopAndEachKeepsItsOwnPhase() throws Exception {
        CheckerSettings.Tcp t = tcp(1000, 0, 300, 1000, 500);
        for (int i = 0; i < 100; i++) {
            io.servers.put(i, i % 10 == 0 ? Server.REFUSING : Server.UP);
            loop.add(run(1000 + i, t, true), t, i / 100.0);
        }
        loop.startInline();
        runUntil(9_999);
        // checker i starts at 10 x i ms, then every second: 10 checks each in 10 s
        for (int i = 0; i < 100; i++) {
            int c = i;
            assertThat(io.connects.stream().filter(s -> s.startsWith(c + "@")).toList()).as("checker %d", i)
                    .hasSize(10).first().isEqualTo(c + "@" + 10 * c);
        }
        assertThat(events).hasSize(100);
        assertThat(events.stream().filter(e -> e instanceof CheckEvent.CheckerChanged c && !c.up()).count()).isEqualTo(10);
        assertThat(status).hasSize(100);
    }
}
