package io.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.check.ProbeResult;
import io.vigil.check.RealServerKey;
import io.vigil.check.VirtualServerKey;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.RealServer;
import io.vigil.config.VirtualServer;
import io.vigil.observe.ObsEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checker child's once-a-round report (issue #17): a real server whose counters alone changed goes out in its slice
 * of the rounds (about {@link CheckerReporter#COUNTERS_PER_ROUND} a round, each at least every
 * {@link CheckerReporter#MAX_REFRESH_ROUNDS} rounds); one whose state changed goes out in the next round.
 */
class CheckerReporterSliceTest {
    private static final int SERVERS = 250;

    /** Records what was sent, per round. */
    private static final class Sink implements Subsystem.StateSink {
        final List<String> sent = new ArrayList<>();

        @Override
        public void instanceState(String instance, String state) {
        }

        @Override
        public void counters(String key, ObsEvent counters) {
            if (key.startsWith("rs|")) sent.add(key);
        }
    }

    private static KeepalivedConfig config() {
        StringBuilder c = new StringBuilder("virtual_server 198.18.0.100 80 {\n lb_kind NAT\n protocol TCP\n");
        for (int i = 0; i < SERVERS; i++) c.append(" real_server 198.18.").append(1 + i / 200).append('.').append(1 + i % 200).append(" 80 {\n }\n");
        c.append("}\n");
        return VrrpOptionsMappingTest.load(c.toString());
    }

    @Test
    void countersGoOutInSlicesAndAStateChangeAtOnce() {
        KeepalivedConfig cfg = config();
        Sink sink = new Sink();
        // the reporter's own once-a-second thread sees no configuration: the test drives the rounds
        CheckerReporter r = new CheckerReporter(sink, () -> Thread.currentThread().getName().equals("check-reporter") ? null : cfg,
                Map::of, List::of, Map::of);
        r.close();
        VirtualServer vs = cfg.virtualServers().getFirst();
        VirtualServerKey vk = CheckerConfigMapper.key(vs);
        List<RealServerKey> keys = new ArrayList<>();
        for (RealServer rs : vs.realServers()) keys.add(CheckerConfigMapper.key(vs, rs));

        r.report();
        assertThat(sink.sent).hasSize(SERVERS); // the first round sends every server once
        for (RealServerKey k : keys) r.probed(vk, k, 0, "TCP_CHECK", new ProbeResult.Up("ok"), 100, 999L);
        sink.sent.clear();
        r.report();
        assertThat(sink.sent).hasSize(SERVERS); // the first check of each is a change of state (last check, checker kind)
        Map<String, Integer> times = new HashMap<>();
        int rounds = (SERVERS + CheckerReporter.COUNTERS_PER_ROUND - 1) / CheckerReporter.COUNTERS_PER_ROUND;
        for (int round = 0; round < rounds; round++) {
            for (RealServerKey k : keys) r.probed(vk, k, 0, "TCP_CHECK", new ProbeResult.Up("ok"), 100, 1_000L + round);
            sink.sent.clear();
            r.report();
            assertThat(sink.sent.size()).isLessThanOrEqualTo(CheckerReporter.COUNTERS_PER_ROUND);
            for (String s : sink.sent) times.merge(s, 1, Integer::sum);
        }
        // over the slice's rounds every server's counters went out, once
        assertThat(times).hasSize(SERVERS).allSatisfy((k, n) -> assertThat(n).isEqualTo(1));

        // A failed check changes the server's state (last check, failure reasons): it goes out in the very next round.
        RealServerKey failing = keys.get(7);
        r.probed(vk, failing, 0, "TCP_CHECK", new ProbeResult.Down("connection refused"), 100, 5_000L);
        for (int round = 0; round < rounds; round++) {
            sink.sent.clear();
            r.report();
            if (round == 0) assertThat(sink.sent).contains("rs|" + vk + "|" + failing);
            else assertThat(sink.sent).doesNotContain("rs|" + vk + "|" + failing);
        }
    }
}
