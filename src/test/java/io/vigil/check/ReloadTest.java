package io.vigil.check;

import io.vigil.sys.ScriptRunner;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Reloads keep health state (keepalived migrate_checkers): no dead server re-added, no live one dropped. */
class ReloadTest {
    static final VirtualServerKey VS = PoolStateTest.VS;
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    @Test
    void trackerResumesItsVerdictAndClampsRetries() {
        var t5 = new CheckerSettings.Timing(1000, 5, 100, 0);
        HealthTracker t = new HealthTracker(t5, false);
        t.onResult(new ProbeResult.Up("ok"));
        for (int i = 0; i < 4; i++) t.onResult(new ProbeResult.Down("refused"));
        assertThat(t.state()).isEqualTo(new HealthTracker.State(true, true, 4));
        // the new config allows 2 retries: 4 already used, so the next failure brings it down
        HealthTracker resumed = new HealthTracker(new CheckerSettings.Timing(1000, 2, 100, 0), t.state());
        assertThat(resumed.isUp()).isTrue();
        var v = (HealthTracker.Change.Verdict) resumed.onResult(new ProbeResult.Down("refused")).change();
        assertThat(v.up()).isFalse();
        assertThat(v.firstReport()).isFalse();
    }

    @Test
    void poolStartsFromTheCarriedVerdictsAndQuorum() {
        RealServerKey a = PoolStateTest.A, b = PoolStateTest.B, c = PoolStateTest.C;
        VirtualServerSettings vs = VirtualServerSettings.of(VS, PoolStateTest.rs(a, 1), PoolStateTest.rs(b, 1), PoolStateTest.rs(c, 1))
                .withQuorum(2, 0, List.of("/bin/qu"), List.of("/bin/qd"));
        // a was down, b up with a dynamic weight, c is new
        var carried = new PoolState.Carried(id -> id.rs().equals(a) ? Boolean.FALSE : id.rs().equals(b) ? Boolean.TRUE : null,
                Map.of(b, 5), Boolean.TRUE);
        PoolState p = new PoolState(vs, carried);
        List<PoolAction> start = p.start();
        assertThat(start).isEmpty(); // quorum still up: no script
        assertThat(p.desired().weightOf(a)).isEqualTo(-1);
        assertThat(p.desired().weightOf(b)).isEqualTo(5);
        assertThat(p.desired().weightOf(c)).isEqualTo(1);
        // a stricter quorum in the new config is applied at once, with its script
        PoolState stricter = new PoolState(vs.withQuorum(10, 0, List.of("/bin/qu"), List.of("/bin/qd")), carried);
        assertThat(stricter.start()).filteredOn(x -> x instanceof PoolAction.RunScript)
                .extracting(x -> ((PoolAction.RunScript) x).argv()).containsExactly(List.of("/bin/qd"));
    }

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

    @Test
    void reloadKeepsADeadServerOutAndAddsNewOnes(@TempDir Path dir) throws Exception {
        ServerSocket a = listener("127.0.0.61");
        ServerSocket b = listener("127.0.0.62");
        ServerSocket c = listener("127.0.0.63");
        RealServerKey ka = CheckerServiceTest.key(a), kb = CheckerServiceTest.key(b), kc = CheckerServiceTest.key(c);
        var fast = new CheckerSettings.Tcp(new CheckerSettings.Timing(100, 0, 50, 0), CheckerSettings.Connect.toRealServer().withTimeout(500));
        InMemoryPoolListener l = new InMemoryPoolListener();
        VirtualServerKey other = VirtualServerKey.of("198.18.0.102", 80, "TCP");
        CheckerService svc = CheckerService.start(List.of(
                VirtualServerSettings.of(VS, RealServerSettings.of(ka, fast), RealServerSettings.of(kb, fast)),
                VirtualServerSettings.of(other, RealServerSettings.of(kc, fast))), l, new ScriptRunner(500), 5000);
        open.add(svc);
        await().atMost(Duration.ofSeconds(20)).until(() -> l.weightOf(VS, ka) == 1 && l.weightOf(VS, kb) == 1);
        a.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> l.weightOf(VS, ka) == -1);

        // New config: very slow checks (the first one an hour away), so the pool can only come from carried state.
        var slow = new CheckerSettings.Tcp(new CheckerSettings.Timing(3_600_000, 0, 1000, 3_600_000), CheckerSettings.Connect.toRealServer().withTimeout(500));
        int changesBefore = l.history().size();
        svc.reload(List.of(VirtualServerSettings.of(VS, RealServerSettings.of(ka, slow), RealServerSettings.of(kb, slow),
                RealServerSettings.of(kc, slow))));
        DesiredPool after = l.pool(VS);
        assertThat(after.weightOf(ka)).as("dead server stays out").isEqualTo(-1);
        assertThat(after.weightOf(kb)).as("live server stays in").isEqualTo(1);
        assertThat(after.weightOf(kc)).as("new server starts up (no alpha)").isEqualTo(1);
        assertThat(l.pool(other)).as("removed virtual server").isNull();
        assertThat(l.history().size()).isEqualTo(changesBefore + 1);
        assertThat(svc.checkerCount()).isEqualTo(3);

        // a bad config is refused and the running one stays
        var bad = new CheckerSettings.Dns(new CheckerSettings.Timing(1000, 0, 1000, 0), CheckerSettings.Connect.toRealServer(), "NOSUCHTYPE", "x.test");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> svc.reload(List.of(VirtualServerSettings.of(VS, RealServerSettings.of(ka, bad)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DNS_CHECK").hasMessageContaining("NOSUCHTYPE");
        assertThat(svc.checkerCount()).isEqualTo(3);
        assertThat(l.pool(VS).weightOf(kb)).isEqualTo(1);
    }

    @Test
    void aCheckerAddedByAReloadGoesDownOnOneFailureOnlyBesideAFailedOne() {
        // first checks an hour away: the trackers are read as the scheduler built them
        var timing = new CheckerSettings.Timing(3_600_000, 2, 1000, 3_600_000);
        var tcp = new CheckerSettings.Tcp(timing, CheckerSettings.Connect.toRealServer().withTimeout(500));
        var http = new CheckerSettings.Http(timing, CheckerSettings.Connect.toRealServer().withTimeout(500), false,
                List.of(CheckerSettings.UrlCheck.path("/")), null, false, CheckerSettings.HttpProtocol.HTTP_1_0);
        RealServerKey failed = RealServerKey.of("127.0.0.64", 80), fine = RealServerKey.of("127.0.0.65", 80);
        VirtualServerSettings next = VirtualServerSettings.of(VS, RealServerSettings.of(failed, tcp, http), RealServerSettings.of(fine, tcp, http));
        CheckerIdentity failedTcp = new CheckerIdentity(VS, failed, "TCP_CHECK", 0), fineTcp = new CheckerIdentity(VS, fine, "TCP_CHECK", 0);

        CheckScheduler reloaded = new CheckScheduler(List.of(next), e -> { }, new io.vigil.sys.ScriptRunner(500), Map.of(
                failedTcp, new HealthTracker.State(false, true, 0), fineTcp, new HealthTracker.State(true, true, 1)));
        reloaded.start();
        reloaded.close();
        Map<CheckerIdentity, HealthTracker.State> states = reloaded.trackerStates();
        assertThat(states.get(new CheckerIdentity(VS, failed, "HTTP_GET", 0)).retryIt()).as("beside a failed checker").isEqualTo(2);
        assertThat(states.get(new CheckerIdentity(VS, fine, "HTTP_GET", 0)).retryIt()).as("beside a checker that is up").isZero();
        assertThat(states.get(fineTcp).retryIt()).as("carried").isEqualTo(1);

        CheckScheduler fresh = new CheckScheduler(List.of(next), e -> { }, new io.vigil.sys.ScriptRunner(500));
        fresh.start();
        fresh.close();
        assertThat(fresh.trackerStates().values()).as("at start-up").allSatisfy(st -> assertThat(st.retryIt()).isEqualTo(2));
    }
}
