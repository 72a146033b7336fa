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
 * The last column lists the keywords Vigil refuses (not implemented yet): without {@code --compat} each is an error at
 * its position, so such a sample fails {@code -t}; with {@code --compat} each is a warning and the verdict is keepalived's.
 */
class CorpusTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            keepalived.conf.HTTP_GET.port           | valid |                                  |
            keepalived.conf.IPv6                    | valid |                                  |
            keepalived.conf.PING_CHECK              | valid |                                  |
            keepalived.conf.SMTP_CHECK              | valid |                                  |
            keepalived.conf.SSL_GET                 | valid | 14:5 initial state MASTER is incompatible with AH authentication; starting as BACKUP |
            keepalived.conf.UDP_CHECK               | valid |                                  |
            keepalived.conf.conditional_conf        | valid | 6:1 vrrp_script has no script; keepalived removes it && 25:3 VI_0 tracks a vrrp_script that was removed (no script); ignoring it |
            keepalived.conf.fwmark                  | valid | 12:3 protocol specified for a fwmark virtual server is ignored |
            keepalived.conf.inhibit                 | valid |                                  |
            keepalived.conf.misc_check              | valid |                                  |
            keepalived.conf.misc_check_arg          | valid |                                  |
            keepalived.conf.quorum                  | valid |                                  |
            keepalived.conf.sample                  | valid |                                  |
            keepalived.conf.status_code             | valid |                                  |
            keepalived.conf.track_interface         | valid |                                  |
            keepalived.conf.virtual_server_group    | valid |                                  |
            keepalived.conf.virtualhost             | valid |                                  |
            keepalived.conf.vrrp                    | valid |                                  |
            keepalived.conf.vrrp.localcheck         | valid |                                  |
            keepalived.conf.vrrp.lvs_syncd          | error | 4:3 unknown keyword in vrrp_sync_group && 5:3 unknown keyword in vrrp_sync_group |
            keepalived.conf.vrrp.routes             | valid | 30:46 'or' for routes is deprecated, use 'nexthop' && 32:19 'gw' for routes is deprecated, use 'via' |
            keepalived.conf.vrrp.rules              | error | 11:8 invalid IP address or prefix && 26:12 invalid IP address or prefix |
            keepalived.conf.vrrp.scripts            | valid |                                  |
            keepalived.conf.vrrp.static_ipaddress   | valid |                                  |
            keepalived.conf.vrrp.sync               | valid |                                  |
            """)
    void verdictMatchesKeepalivedAndRefusedKeywordsFailWithoutCompat(String sample, String verdict, String expected, String refused) {
        Path file = SharedCorpus.file("corpus/keepalived-samples/" + sample);
        List<String> want = split(expected);
        List<String> refusedAt = split(refused);

        // strict (the default): keepalived's findings, and each refused keyword an error at its position with the reason
        LoadResult strict = ConfigLoader.load(file, new LoadOptions("node1", false));
        assertThat(strict.isValid()).as("%s diagnostics:%n%s", sample, Configs.formatted(strict.diagnostics()))
                .isEqualTo(verdict.equals("valid") && refusedAt.isEmpty());
        List<Diagnostic> reported = verdict.equals("valid") ? strict.warnings() : strict.errors();
        assertThat(reported.stream().filter(d -> !d.message().equals(REFUSED)))
                .extracting(d -> d.pos().line() + ":" + d.pos().column() + " " + d.message()).as("%s", sample).containsExactlyElementsOf(want);
        assertThat(strict.errors().stream().filter(d -> d.message().equals(REFUSED)))
                .extracting(d -> d.pos().line() + ":" + d.pos().column() + " " + d.offending()).as("%s", sample).containsExactlyElementsOf(refusedAt);
        strict.errors().stream().filter(d -> d.message().equals(REFUSED)).forEach(d -> assertThat(d.hint()).endsWith("--compat runs without it"));
        strict.diagnostics().forEach(d -> assertThat(d.pos().file()).isEqualTo(file.toString()));

        // --compat: each refused keyword a warning, Vigil runs without it
        LoadResult compat = ConfigLoader.load(file, new LoadOptions("node1", true));
        assertThat(compat.warnings().stream().filter(d -> d.message().equals("keyword refused by Vigil, running without it (--compat)")))
                .extracting(d -> d.pos().line() + ":" + d.pos().column() + " " + d.offending()).as("%s", sample).containsExactlyElementsOf(refusedAt);
        if (verdict.equals("valid")) {
            assertThat(compat.isValid()).as("%s", sample).isTrue();
        }
    }

    private static final String REFUSED = "keyword refused by Vigil";

    private static List<String> split(String s) {
        return s == null ? List.of() : Arrays.stream(s.split(" && ")).map(String::strip).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"high, 170, /etc/keepalived/scripts/check_high_VI_0.sh", "low, 85, /etc/keepalived/scripts/check_low_VI_0.sh"})
    void conditionalSampleFollowsTheConfigId(String id, int priority, String script) {
        Path file = SharedCorpus.file("corpus/keepalived-samples/keepalived.conf.conditional_conf");
        LoadResult r = ConfigLoader.load(file, new LoadOptions(id, true));
        assertThat(r.diagnostics()).as("use_vmac is implemented: no refusal, nothing else").isEmpty();
        KeepalivedConfig c = r.config().orElseThrow();
        assertThat(c.vrrpInstances().getFirst().priority()).isEqualTo(priority);
        assertThat(c.vrrpScripts().get("check_VI_0").script().command()).isEqualTo(script);
        assertThat(c.globalDefs().unsupported()).isEmpty();
        assertThat(c.globalDefs().placement().netNamespace()).as("@%s net_namespace %s", id, id).contains(id);
    }
}
