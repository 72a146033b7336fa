package io.vigil.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * keepalived's 25 sample configurations, each with keepalived 2.2.7's verdict (checked with {@code keepalived -t}):
 * the two it rejects for configuration reasons are rejected here at the same lines; the others pass.
 * (keepalived -t also fails most samples for interfaces that do not exist on the test machine — an environment
 * check, not a configuration error; Vigil's reader does not look at the host's interfaces.)
 */
class CorpusTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            keepalived.conf.HTTP_GET.port           | valid |
            keepalived.conf.IPv6                    | valid |
            keepalived.conf.PING_CHECK              | valid |
            keepalived.conf.SMTP_CHECK              | valid |
            keepalived.conf.SSL_GET                 | valid | 14:5 initial state MASTER is incompatible with AH authentication; starting as BACKUP
            keepalived.conf.UDP_CHECK               | valid |
            keepalived.conf.conditional_conf        | valid | 6:1 vrrp_script has no script; keepalived removes it && 25:3 VI_0 tracks a vrrp_script that was removed (no script); ignoring it
            keepalived.conf.fwmark                  | valid | 12:3 protocol specified for a fwmark virtual server is ignored
            keepalived.conf.inhibit                 | valid |
            keepalived.conf.misc_check              | valid |
            keepalived.conf.misc_check_arg          | valid |
            keepalived.conf.quorum                  | valid |
            keepalived.conf.sample                  | valid |
            keepalived.conf.status_code             | valid |
            keepalived.conf.track_interface         | valid |
            keepalived.conf.virtual_server_group    | valid |
            keepalived.conf.virtualhost             | valid |
            keepalived.conf.vrrp                    | valid |
            keepalived.conf.vrrp.localcheck         | valid |
            keepalived.conf.vrrp.lvs_syncd          | error | 4:3 unknown keyword in vrrp_sync_group && 5:3 unknown keyword in vrrp_sync_group
            keepalived.conf.vrrp.routes             | valid | 30:46 'or' for routes is deprecated, use 'nexthop' && 32:19 'gw' for routes is deprecated, use 'via'
            keepalived.conf.vrrp.rules              | error | 11:8 invalid IP address or prefix && 26:12 invalid IP address or prefix
            keepalived.conf.vrrp.scripts            | valid |
            keepalived.conf.vrrp.static_ipaddress   | valid |
            keepalived.conf.vrrp.sync               | valid |
            """)
    void verdictMatchesKeepalived(String sample, String verdict, String expected) {
        Path file = SharedCorpus.file("corpus/keepalived-samples/" + sample);
        LoadResult r = ConfigLoader.load(file, new LoadOptions("node1", false));
        assertThat(r.isValid()).as("%s diagnostics:%n%s", sample, Configs.formatted(r.diagnostics())).isEqualTo(verdict.equals("valid"));
        List<String> want = expected == null ? List.of() : Arrays.stream(expected.split(" && ")).map(String::strip).toList();
        List<Diagnostic> reported = verdict.equals("valid") ? r.warnings() : r.errors();
        assertThat(reported).extracting(d -> d.pos().line() + ":" + d.pos().column() + " " + d.message())
                .as("%s", sample).containsExactlyElementsOf(want);
        reported.forEach(d -> assertThat(d.pos().file()).isEqualTo(file.toString()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"high, 170, /etc/keepalived/scripts/check_high_VI_0.sh", "low, 85, /etc/keepalived/scripts/check_low_VI_0.sh"})
    void conditionalSampleFollowsTheConfigId(String id, int priority, String script) {
        Path file = SharedCorpus.file("corpus/keepalived-samples/keepalived.conf.conditional_conf");
        LoadResult r = ConfigLoader.load(file, new LoadOptions(id, false));
        assertThat(r.diagnostics()).isEmpty();
        KeepalivedConfig c = r.config().orElseThrow();
        assertThat(c.vrrpInstances().getFirst().priority()).isEqualTo(priority);
        assertThat(c.vrrpScripts().get("check_VI_0").script().command()).isEqualTo(script);
        assertThat(c.globalDefs().acceptedOnly()).isEmpty();
    }
}
