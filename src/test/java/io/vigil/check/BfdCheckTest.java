package io.vigil.check;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * BFD_CHECK in the checkers (keepalived check_bfd.c): no probe runs; the BFD session's states drive the checker, the
 * real server is out of the pool while its session is down, its weight is untouched, and a state that changes
 * nothing is ignored.
 */
class BfdCheckTest {
    static final VirtualServerKey VS = VirtualServerKey.of("198.18.0.100", 80, "TCP");
    static final Duration CEILING = Duration.ofSeconds(20);
    final List<CheckerService> services = new ArrayList<>();

    @AfterEach
    void close() {
        services.forEach(CheckerService::close);
    }

    static RealServerKey rs(String ip) throws Exception {
        return new RealServerKey(InetAddress.getByName(ip), 80);
    }

    static CheckerSettings bfd(String session) {
        return new CheckerSettings.Bfd(CheckerSettings.Timing.keepalivedDefaults("BFD_CHECK", 1000).withRetry(0), session);
    }

    CheckerService start(List<VirtualServerSettings> vs, InMemoryPoolListener l, Map<String, Boolean> known) {
        CheckerService s = CheckerService.start(vs, l, known);
        services.add(s);
        return s;
    }

    static void awaitWeight(InMemoryPoolListener l, RealServerKey rs, int weight) {
        await().atMost(CEILING).untilAsserted(() -> assertThat(l.weightOf(VS, rs)).as("weight of " + rs).isEqualTo(weight));
    }

    @Test
    void serverLeavesThePoolWhileItsSessionIsDownAndComesBackWhenUp() throws Exception {
        RealServerKey a = rs("198.18.1.1"), b = rs("198.18.1.2");
        InMemoryPoolListener l = new InMemoryPoolListener();
        CheckerService s = start(List.of(VirtualServerSettings.of(VS,
                RealServerSettings.of(a, bfd("s1")).withWeight(3), RealServerSettings.of(b))), l, Map.of());
        // no state known yet: in, as keepalived's checker starts up (not alpha)
        awaitWeight(l, a, 3);
        assertThat(s.checkerCount()).isEqualTo(1);

        s.bfdState("s1", false);
        awaitWeight(l, a, -1);
        assertThat(l.weightOf(VS, b)).isEqualTo(1);
        s.bfdState("s1", true);
        awaitWeight(l, a, 3); // the configured weight: BFD sets no weight
        int changes = l.history().size();

        // states that change nothing, and sessions no BFD_CHECK follows, publish nothing
        s.bfdState("s1", true);
        s.bfdState("other", false);
        s.bfdState("s1", false);
        awaitWeight(l, a, -1);
        assertThat(l.history()).hasSize(changes + 1);
        assertThat(s.status()).singleElement().satisfies(st -> {
            assertThat(st.kind()).isEqualTo("BFD_CHECK");
            assertThat(st.up()).isFalse();
            assertThat(st.lastResult().describe()).isEqualTo("BFD session s1 is down");
        });
    }

    @Test
    void inhibitOnFailureKeepsTheServerAtWeightZero() throws Exception {
        RealServerKey a = rs("198.18.1.1");
        InMemoryPoolListener l = new InMemoryPoolListener();
        CheckerService s = start(List.of(VirtualServerSettings.of(VS,
                RealServerSettings.of(a, bfd("s1")).withWeight(5).withInhibitOnFailure(true))), l, Map.of());
        s.bfdState("s1", false);
        awaitWeight(l, a, 0);
        s.bfdState("s1", true);
        awaitWeight(l, a, 5);
    }

    @Test
    void aServerIsUpOnlyWhileEveryOneOfItsSessionsIs() throws Exception {
        RealServerKey a = rs("198.18.1.1");
        InMemoryPoolListener l = new InMemoryPoolListener();
        CheckerService s = start(List.of(VirtualServerSettings.of(VS, RealServerSettings.of(a, bfd("s1"), bfd("s2")))), l,
                Map.of("s1", true, "s2", true));
        awaitWeight(l, a, 1);
        s.bfdState("s2", false);
        awaitWeight(l, a, -1);
        s.bfdState("s1", false);
        s.bfdState("s2", true);
        awaitWeight(l, a, -1);
        assertThat(l.history().getLast().weightOf(a)).isEqualTo(-1);
        s.bfdState("s1", true);
        awaitWeight(l, a, 1);
    }

    @Test
    void statesKnownAtStartShapeTheFirstPool() throws Exception {
        // a restarted checker child: the parent knew s1 down, so the first pool already leaves a out
        RealServerKey a = rs("198.18.1.1"), b = rs("198.18.1.2");
        InMemoryPoolListener l = new InMemoryPoolListener();
        CheckerService s = start(List.of(VirtualServerSettings.of(VS, RealServerSettings.of(a, bfd("s1")), RealServerSettings.of(b))), l,
                Map.of("s1", false));
        await().atMost(CEILING).until(() -> !l.history().isEmpty());
        assertThat(l.history().getFirst().weightOf(a)).isEqualTo(-1);
        assertThat(l.history().getFirst().weightOf(b)).isEqualTo(1);
        s.bfdState("s1", true);
        awaitWeight(l, a, 1);
    }

    @Test
    void alphaKeepsTheServerOutUntilItsSessionIsUp() throws Exception {
        RealServerKey a = rs("198.18.1.1"), b = rs("198.18.1.2");
        InMemoryPoolListener l = new InMemoryPoolListener();
        CheckerService s = start(List.of(VirtualServerSettings.of(VS, RealServerSettings.of(a, bfd("s1")), RealServerSettings.of(b))
                .withAlpha(true)), l, Map.of());
        awaitWeight(l, b, 1);
        assertThat(l.weightOf(VS, a)).isEqualTo(-1);
        s.bfdState("s1", true);
        awaitWeight(l, a, 1);
    }

    @Test
    void aReloadKeepsVerdictsAndACheckerItAddsStartsFromTheSessionsKnownState() throws Exception {
        RealServerKey a = rs("198.18.1.1"), b = rs("198.18.1.2");
        InMemoryPoolListener l = new InMemoryPoolListener();
        CheckerService s = start(List.of(VirtualServerSettings.of(VS, RealServerSettings.of(a, bfd("s1")))), l, Map.of());
        s.bfdState("s1", false);
        awaitWeight(l, a, -1);

        s.reload(List.of(VirtualServerSettings.of(VS, RealServerSettings.of(a, bfd("s1")), RealServerSettings.of(b, bfd("s1")))));
        await().atMost(CEILING).until(() -> l.pool(VS).members().isEmpty() && l.history().size() >= 2);
        assertThat(l.weightOf(VS, a)).isEqualTo(-1);
        assertThat(l.weightOf(VS, b)).as("added by the reload while s1 is down").isEqualTo(-1);

        s.bfdState("s1", true);
        awaitWeight(l, a, 1);
        awaitWeight(l, b, 1);
    }

    @Test
    void noProbeIsBuiltForABfdCheck() throws Exception {
        // validate (run before every start and reload) accepts it although Probe.of has nothing to build
        CheckerService.validate(List.of(VirtualServerSettings.of(VS, RealServerSettings.of(rs("198.18.1.1"), bfd("s1")))));
    }
}
