package io.vigil.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.vigil.config.Configs.errors;
import static io.vigil.config.Configs.valid;
import static org.assertj.core.api.Assertions.assertThat;

/** vrrp_track_process and track_process in instances and sync groups. */
class TrackProcessConfigTest {
    private static final String INSTANCES = """
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 1
                track_process {
                    haproxy weight -20 reverse
                }
            }
            vrrp_sync_group G {
                group {
                    VI_1
                }
                track_process {
                    cmd
                }
            }
            """;

    @Test
    void definitionsWithKeepalivedsDefaults() {
        KeepalivedConfig c = valid("""
                vrrp_track_process haproxy {
                    process haproxy
                    quorum 2
                    quorum_max 4
                    delay 2
                    fork_delay 0.5
                    weight 10
                }
                vrrp_track_process cmd {
                    process /usr/sbin/haproxy -f /etc/haproxy/haproxy.cfg
                    param_match partial
                }
                vrrp_track_process bare {
                    process nginx
                    full_command
                    quorum_max 0
                }
                """ + INSTANCES);
        TrackProcess h = c.trackProcesses().get("haproxy");
        assertThat(h).isEqualTo(new TrackProcess("haproxy", "haproxy", List.of(), TrackProcess.ParamMatch.NONE, false, 2, 4, Duration.ofSeconds(2),
                Duration.ofMillis(500), new Vrrp.Weight(10, false), h.pos()));
        TrackProcess cmd = c.trackProcesses().get("cmd");
        assertThat(cmd.params()).containsExactly("-f", "/etc/haproxy/haproxy.cfg");
        assertThat(cmd.paramMatch()).isEqualTo(TrackProcess.ParamMatch.PARTIAL);
        assertThat(cmd.fullCommand()).as("parameters imply full_command").isTrue();
        assertThat(cmd.quorumMax()).isEqualTo(Integer.MAX_VALUE);
        TrackProcess bare = c.trackProcesses().get("bare");
        assertThat(bare.fullCommand()).isTrue();
        assertThat(bare.quorum()).as("quorum_max 0: must not run").isZero();
        assertThat(c.vrrpInstances().getFirst().tracking().processes()).extracting(Vrrp.TrackRef::name, r -> r.weight().orElseThrow())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("haproxy", new Vrrp.Weight(-20, true)));
        assertThat(c.syncGroups().getFirst().tracking().processes()).extracting(Vrrp.TrackRef::name).containsExactly("cmd");
    }

    @Test
    void mistakesAreReported() {
        assertThat(errors("vrrp_track_process p {\n weight 1\n}\n" + INSTANCES)).extracting(Diagnostic::message)
                .contains("vrrp_track_process has no 'process'", "track_process names no vrrp_track_process");
        assertThat(errors("vrrp_track_process haproxy {\n process haproxy\n quorum 3\n quorum_max 2\n}\n")).extracting(Diagnostic::message)
                .containsExactly("quorum_max is less than quorum");
        assertThat(errors("vrrp_track_process haproxy {\n process haproxy\n param_match most\n}\n")).extracting(Diagnostic::message)
                .containsExactly("expected initial or partial");
    }
}
