package io.vigil.check;

import io.vigil.sys.ScriptRunner;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The whole subsystem with real servers: virtual-thread checkers, the coordinator, notify scripts, the listener. */
class CheckerServiceTest {
    static final VirtualServerKey VS = VirtualServerKey.of("198.18.0.100", 80, "TCP");
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    /** A TCP server on its own loopback address that accepts and closes; close it to make the server "die". */
    ServerSocket listener(String address) throws Exception {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(InetAddress.getByName(address), 0), 100);
        Thread.ofVirtual().start(() -> {
            try {
                while (true) ss.accept().close();
            } catch (Exception closed) {
                // stopping
            }
        });
        open.add(ss);
        return ss;
    }

    /** Reopens a listener on the same address and port. */
    ServerSocket revive(ServerSocket old) throws Exception {
        return listener(old.getInetAddress().getHostAddress(), old.getLocalPort());
    }

    ServerSocket listener(String address, int port) throws Exception {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(InetAddress.getByName(address), port), 100);
        Thread.ofVirtual().start(() -> {
            try {
                while (true) ss.accept().close();
            } catch (Exception closed) {
                // stopping
            }
        });
        open.add(ss);
        return ss;
    }

    static RealServerKey key(ServerSocket ss) {
        return new RealServerKey(ss.getInetAddress(), ss.getLocalPort());
    }

    static CheckerSettings tcp(long delayLoopMillis, int retry, long delayBeforeRetryMillis) {
        return new CheckerSettings.Tcp(new CheckerSettings.Timing(delayLoopMillis, retry, delayBeforeRetryMillis, 0),
                CheckerSettings.Connect.toRealServer().withTimeout(500));
    }

    /** A notify script appending its name to a log file, so runs can be counted. */
    static List<String> recorder(Path dir, String name) throws Exception {
        Path s = dir.resolve("record.sh");
        if (!Files.exists(s)) {
            Files.writeString(s, "#!/bin/sh\necho \"$1\" >> " + dir.resolve("notify.log") + "\n");
            Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return List.of(s.toString(), name);
    }

    static List<String> notifications(Path dir) throws Exception {
        Path log = dir.resolve("notify.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    CheckerService start(InMemoryPoolListener l, VirtualServerSettings... vss) {
        CheckerService s = CheckerService.start(List.of(vss), l, new ScriptRunner(500), 5000);
        open.add(s);
        return s;
    }

    @Test
    void deadServerGoesToWeightZeroWithInhibitAndComesBack(@TempDir Path dir) throws Exception {
        ServerSocket a = listener("127.0.0.11");
        ServerSocket b = listener("127.0.0.12");
        RealServerSettings ra = RealServerSettings.of(key(a), tcp(100, 1, 50)).withWeight(3).withInhibitOnFailure(true)
                .withNotify(recorder(dir, "a-up"), recorder(dir, "a-down"));
        RealServerSettings rb = RealServerSettings.of(key(b), tcp(100, 1, 50)).withWeight(2);
        InMemoryPoolListener l = new InMemoryPoolListener();
        CheckerService svc = start(l, VirtualServerSettings.of(VS, ra, rb));
        await().atMost(Duration.ofSeconds(20)).until(() -> l.weightOf(VS, key(a)) == 3 && l.weightOf(VS, key(b)) == 2);

        a.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> l.weightOf(VS, key(a)) == 0);
        assertThat(l.weightOf(VS, key(b))).isEqualTo(2);
        await().atMost(Duration.ofSeconds(20)).until(() -> notifications(dir).contains("a-down"));
        await().atMost(Duration.ofSeconds(20)).until(() -> svc.status().stream().anyMatch(x -> x.rs().equals(key(a)) && !x.up()));

        CheckerStatus st = svc.status().stream().filter(x -> x.rs().equals(key(a))).findFirst().orElseThrow();
        assertThat(st.kind()).isEqualTo("TCP_CHECK");
        assertThat(st.checks()).isPositive();
        revive(a);
        await().atMost(Duration.ofSeconds(20)).until(() -> l.weightOf(VS, key(a)) == 3);
        await().atMost(Duration.ofSeconds(20)).until(() -> notifications(dir).contains("a-up"));
        assertThat(notifications(dir)).containsExactly("a-down", "a-up");
    }

    @Test
    void withoutInhibitTheDeadServerLeavesThePool() throws Exception {
        ServerSocket a = listener("127.0.0.13");
        ServerSocket b = listener("127.0.0.14");
        InMemoryPoolListener l = new InMemoryPoolListener();
        start(l, VirtualServerSettings.of(VS, RealServerSettings.of(key(a), tcp(100, 0, 50)), RealServerSettings.of(key(b), tcp(100, 0, 50))));
        await().atMost(Duration.ofSeconds(20)).until(() -> l.weightOf(VS, key(a)) == 1);
        b.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> l.weightOf(VS, key(b)) == -1);
        assertThat(l.pool(VS).members()).extracting(DesiredPool.Member::rs).containsExactly(key(a));
    }

    @Test
    void quorumLostAndRegainedRunsEachScriptOnceAndSwapsInTheSorryServer(@TempDir Path dir) throws Exception {
        ServerSocket a = listener("127.0.0.21");
        ServerSocket b = listener("127.0.0.22");
        ServerSocket sorry = listener("127.0.0.29");
        VirtualServerSettings vs = VirtualServerSettings.of(VS,
                        RealServerSettings.of(key(a), tcp(100, 0, 50)), RealServerSettings.of(key(b), tcp(100, 0, 50)))
                .withQuorum(2, 0, recorder(dir, "quorum_up"), recorder(dir, "quorum_down"))
                .withSorryServer(RealServerSettings.of(key(sorry)), false);
        InMemoryPoolListener l = new InMemoryPoolListener();
        start(l, vs);
        await().atMost(Duration.ofSeconds(20)).until(() -> l.pool(VS) != null && l.pool(VS).quorumUp() && l.weightOf(VS, key(a)) == 1);
        assertThat(l.weightOf(VS, key(sorry))).isEqualTo(-1);

        a.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> l.pool(VS).sorryServerActive());
        assertThat(l.pool(VS).members()).extracting(DesiredPool.Member::rs).containsExactly(key(sorry));
        Thread.sleep(500); // several more failing checks: the script must not run again
        revive(a);
        await().atMost(Duration.ofSeconds(20)).until(() -> l.pool(VS).quorumUp());
        assertThat(l.pool(VS).members()).extracting(DesiredPool.Member::rs).containsExactly(key(a), key(b));
        Thread.sleep(500);
        await().atMost(Duration.ofSeconds(20)).until(() -> notifications(dir).size() >= 2);
        assertThat(notifications(dir)).containsExactly("quorum_down", "quorum_up");
    }

    @Test
    void flappingServerWithinRetriesStaysInThePool() throws Exception {
        // An HTTP server that fails every other request: with retry 2 a failure is always followed by a good retry.
        // The first answer is good: before its first success a checker goes down on one failure (as keepalived's).
        int[] n = {0};
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.31"), 0), 50);
        s.createContext("/", ex -> TestServers.respond(ex, (n[0]++ % 2 == 1) ? 500 : 200, "x"));
        s.start();
        open.add(() -> s.stop(0));
        RealServerKey k = new RealServerKey(s.getAddress().getAddress(), s.getAddress().getPort());
        var http = new CheckerSettings.Http(new CheckerSettings.Timing(100, 2, 30, 0), CheckerSettings.Connect.toRealServer().withTimeout(500),
                false, List.of(CheckerSettings.UrlCheck.path("/")), null, false, CheckerSettings.HttpProtocol.HTTP_1_0);
        InMemoryPoolListener l = new InMemoryPoolListener();
        CheckerService svc = start(l, VirtualServerSettings.of(VS, RealServerSettings.of(k, http)));
        await().atMost(Duration.ofSeconds(30)).until(() -> svc.checksRun() >= 20);
        assertThat(n[0]).isGreaterThanOrEqualTo(20);
        assertThat(l.history()).allSatisfy(p -> assertThat(p.weightOf(k)).isEqualTo(1));
    }

    @Test
    void aHungServerDelaysNobodyElse() throws Exception {
        // One real server accepts and never answers (HTTP timeout 60 s); the other must keep being checked every 50 ms.
        try (TestServers servers = new TestServers()) {
            InetSocketAddress hole = servers.blackHole();
            ServerSocket good = listener("127.0.0.41");
            var slow = new CheckerSettings.Http(new CheckerSettings.Timing(50, 0, 50, 0), CheckerSettings.Connect.toRealServer().withTimeout(60_000),
                    false, List.of(CheckerSettings.UrlCheck.path("/")), null, false, CheckerSettings.HttpProtocol.HTTP_1_0);
            RealServerSettings goodRs = RealServerSettings.of(key(good), tcp(50, 0, 50));
            VirtualServerKey vs2 = VirtualServerKey.of("198.18.0.101", 80, "TCP");
            InMemoryPoolListener l = new InMemoryPoolListener();
            CheckerService svc = start(l,
                    VirtualServerSettings.of(VS, RealServerSettings.of(new RealServerKey(hole.getAddress(), hole.getPort()), slow)),
                    VirtualServerSettings.of(vs2, goodRs));
            // kill the good one: it must be detected while the hung check is still waiting for its timeout
            await().atMost(Duration.ofSeconds(20)).until(() -> svc.checksRun() > 3);
            good.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> l.weightOf(vs2, key(good)) == -1);
            assertThat(l.weightOf(VS, new RealServerKey(hole.getAddress(), hole.getPort()))).isEqualTo(1); // not yet timed out
        }
    }

    @Test
    void aHungMiscScriptIsKilledAndTakesItsServerOut(@TempDir Path dir) throws Exception {
        Path hang = dir.resolve("hang.sh");
        Files.writeString(hang, "#!/bin/sh\nexec sleep 300\n");
        Files.setPosixFilePermissions(hang, PosixFilePermissions.fromString("rwxr-xr-x"));
        RealServerKey k = RealServerKey.of("127.0.0.71", 80);
        var misc = new CheckerSettings.Misc(new CheckerSettings.Timing(200, 0, 100, 0), List.of(hang.toString()), 300, false, null);
        InMemoryPoolListener l = new InMemoryPoolListener();
        CheckerService svc = start(l, VirtualServerSettings.of(VS, RealServerSettings.of(k, misc), RealServerSettings.of(RealServerKey.of("127.0.0.72", 80))));
        assertThat(l.weightOf(VS, k)).isEqualTo(1); // not alpha: in the pool until a check fails
        await().atMost(Duration.ofSeconds(30)).until(() -> l.weightOf(VS, k) == -1);
        CheckerStatus st = svc.status().stream().filter(x -> x.rs().equals(k)).findFirst().orElseThrow();
        assertThat(st.lastResult().describe()).contains("timed out after 300 ms");
        // stopping the checkers kills the script in flight: none of our children is left running it
        svc.close();
        assertThat(ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("").contains("sleep 300")).toList())
                .isEmpty();
    }

    @Test
    void checkersKeepTheirIdentityWithSeveralCheckersPerServer() throws Exception {
        ServerSocket a = listener("127.0.0.51");
        ServerSocket other = listener("127.0.0.52");
        // two checkers: one on the server's port, one on another address (connect_ip): both must be up
        var second = new CheckerSettings.Tcp(new CheckerSettings.Timing(100, 0, 50, 0),
                CheckerSettings.Connect.to(other.getInetAddress(), other.getLocalPort()).withTimeout(500));
        InMemoryPoolListener l = new InMemoryPoolListener();
        start(l, VirtualServerSettings.of(VS, RealServerSettings.of(key(a), tcp(100, 0, 50), second)));
        await().atMost(Duration.ofSeconds(20)).until(() -> l.weightOf(VS, key(a)) == 1);
        other.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> l.weightOf(VS, key(a)) == -1);
        revive(other);
        await().atMost(Duration.ofSeconds(20)).until(() -> l.weightOf(VS, key(a)) == 1);
        try (Socket s = new Socket(a.getInetAddress(), a.getLocalPort())) {
            assertThat(s.isConnected()).isTrue();
        }
    }
}
