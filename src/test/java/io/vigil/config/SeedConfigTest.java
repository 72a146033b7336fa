package io.vigil.config;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed's example configuration (the first thing Vigil must run) through -t and -d. */
class SeedConfigTest {
    private static Path seed() {
        return SharedCorpus.file("seed/seed-example.conf");
    }

    @Test
    void passesConfigTestWithTheKnownTypoAsAWarningEvenWithoutCompat() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = ConfigCommand.test(seed(), new LoadOptions("node1", false), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("configuration OK (1 warning)");
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).startsWith(seed() + ":11:5: warning: keyword ignored as keepalived ignores it: "
                + "'lvs_sync_daemon_inteface'").contains("misspelling of lvs_sync_daemon_interface");
    }

    @Test
    void dumpShowsTheResolvedConfiguration() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = ConfigCommand.dump(seed(), new LoadOptions("node1", false), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String dump = out.toString(StandardCharsets.UTF_8);
        assertThat(rc).isZero();
        assertThat(dump).contains("vrrp_instance VI_1 {", "    priority 50\n", "    nopreempt\n", "        10.1.63.2/32\n",
                "virtual_server 10.1.63.2 80 {", "    lvs_sched rr\n", "    lvs_method DR\n", "        lvs_method DR   # inherited\n",
                "            retry 3\n", "            delay_loop 6   # inherited\n", "    vigil_data_plane auto   # default\n");
        assertThat(dump).doesNotContain("inteface", "lb_algo", "nb_get_retry");
    }

    @Test
    void modelOfTheSeed() {
        KeepalivedConfig c = ConfigLoader.load(seed(), new LoadOptions("node1", false)).config().orElseThrow();
        VrrpInstance vi = c.vrrpInstances().getFirst();
        assertThat(vi.interfaceName()).contains("ens32");
        assertThat(vi.nopreempt()).isTrue();
        assertThat(vi.authentication()).contains(new Vrrp.Authentication(Vrrp.AuthType.PASS, "1111"));
        assertThat(c.globalDefs().lvsSyncDaemon()).as("the misspelt keyword is ignored, as by keepalived").isEmpty();
        VirtualServer vs = c.virtualServers().getFirst();
        assertThat(vs.realServers()).hasSize(2).allSatisfy(rs -> {
            Checker.TcpCheck tcp = (Checker.TcpCheck) rs.checkers().getFirst();
            assertThat(tcp.timing().retry()).isEqualTo(3);
            assertThat(tcp.timing().connectTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(tcp.timing().delayLoop()).isEqualTo(Duration.ofSeconds(6));
        });
    }
}
