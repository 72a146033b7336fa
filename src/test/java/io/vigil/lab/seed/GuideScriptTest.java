package io.vigil.lab.seed;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The guides can be run: every block of docs/guide.md is annotated for {@link GuideLabTest}, and docs/guide.zh.md has
 * exactly the same commands, files and expectations in the same order (so the one run covers both languages).
 */
class GuideScriptTest {
    @Test
    void everyBlockOfTheGuideIsRunOrSaysWhyNot() throws Exception {
        GuideScript en = GuideScript.parse(Files.readString(Path.of("docs/guide.md")));
        assertThat(en.steps()).hasSizeGreaterThan(20);
        assertThat(en.steps()).filteredOn(s -> s.kind() == GuideScript.Kind.NOT_RUN).hasSizeLessThanOrEqualTo(2);
        // The walkthrough reaches failover and the logs: the steps the original guide has.
        assertThat(en.steps().stream().map(GuideScript.Step::body)).contains("systemctl stop vigil\n", "ipvsadm -Ln\n",
                "grep vigil-vrrp /var/log/vigil.log\n");
    }

    @Test
    void theChineseGuideRunsTheSameSteps() throws Exception {
        GuideScript en = GuideScript.parse(Files.readString(Path.of("docs/guide.md")));
        GuideScript zh = GuideScript.parse(Files.readString(Path.of("docs/guide.zh.md")));
        assertThat(zh.steps().stream().map(GuideScript.Step::comparable).toList())
                .isEqualTo(en.steps().stream().map(GuideScript.Step::comparable).toList());
    }

    @Test
    void anUnannotatedOrUnknownBlockIsRefused() {
        assertThatThrownBy(() -> GuideScript.parse("text\n```sh\nrm -rf /tmp/x\n```\n")).hasMessageContaining("line 2: a block with no");
        assertThatThrownBy(() -> GuideScript.parse("<!-- guide: not run: later -->\n```sh\nrm -rf /tmp/x\n```\n"))
                .hasMessageContaining("only apt, dpkg and man lines");
        assertThatThrownBy(() -> GuideScript.parse("<!-- guide: systemd lb1 -->\n```sh\nsystemctl mask vigil\n```\n"))
                .hasMessageContaining("systemd takes one host");
        assertThatThrownBy(() -> GuideScript.parse("<!-- guide: on db1 -->\n```sh\ntrue\n```\n")).hasMessageContaining("hosts must be");
    }

    @Test
    void annotationsCarryHostsPathsAndExpectations() {
        GuideScript s = GuideScript.parse("""
                <!-- guide: on lb1 lb2 expect "configuration OK" match "up \\\\d+" -->
                ```sh
                vigil -t
                ```
                <!-- guide: file rs1 /etc/x.conf -->
                ```
                a "b"
                ```
                """);
        assertThat(s.steps()).extracting(GuideScript.Step::kind).containsExactly(GuideScript.Kind.ON, GuideScript.Kind.FILE);
        assertThat(s.steps().get(0).hosts()).isEqualTo(List.of("lb1", "lb2"));
        assertThat(s.steps().get(0).expect()).isEqualTo(List.of("configuration OK"));
        assertThat(s.steps().get(0).match()).isEqualTo(List.of("up \\\\d+"));
        assertThat(s.steps().get(1).path()).isEqualTo("/etc/x.conf");
        assertThat(s.steps().get(1).body()).isEqualTo("a \"b\"\n");
    }
}
