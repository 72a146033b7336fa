package io.vigil.daemon;

import io.vigil.config.Roff;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import static org.assertj.core.api.Assertions.assertThat;

class ManPagesTest {
    @Test
    void vigil8HasEveryVisibleOptionAndEverySubcommand() {
        String page = ManPages.vigil8();
        assertThat(page).startsWith(".TH VIGIL 8");
        CommandLine cl = Main.commandLine();
        int options = 0;
        for (OptionSpec o : cl.getCommandSpec().options()) {
            if (o.hidden()) {
                assertThat(page).doesNotContain("\\fB" + Roff.text(o.longestName()) + "\\fR");
                continue;
            }
            for (String name : o.names()) assertThat(page).as("option %s", name).contains("\\fB" + Roff.text(name) + "\\fR");
            assertThat(page).contains(Roff.text(String.join(" ", o.description())));
            options++;
        }
        assertThat(options).isGreaterThan(20);
        for (String sub : cl.getSubcommands().keySet()) assertThat(page).containsPattern("\\.B vigil " + sub + "( \\[[^\n]*)?\n");
        assertThat(cl.getSubcommands().keySet()).contains("status", "reload", "stop", "dump");
    }

    @Test
    void bashCompletionOffersEveryOptionAndSubcommand() {
        String script = ManPages.bashCompletion();
        assertThat(script).contains("complete -F");
        CommandLine cl = Main.commandLine();
        for (OptionSpec o : cl.getCommandSpec().options()) {
            if (!o.hidden()) for (String name : o.names()) assertThat(script).as("option %s", name).contains(name);
        }
        for (String sub : cl.getSubcommands().keySet()) assertThat(script).contains(sub);
    }

    @Test
    void vigil8HasEveryGenhashOptionOfItsUsage() {
        String page = ManPages.vigil8();
        int options = 0;
        for (String line : io.vigil.check.GenHash.USAGE.lines().toList()) {
            java.util.regex.Matcher m = ManPages.GENHASH_OPTION.matcher(line);
            if (!m.matches()) continue;
            assertThat(page).contains("\\fB" + Roff.text(m.group(2)) + "\\fR, \\fB" + Roff.text(m.group(1)) + "\\fR\n" + Roff.text(m.group(3)));
            options++;
        }
        assertThat(options).as("option lines of genhash's usage").isEqualTo((int) io.vigil.check.GenHash.USAGE.lines().filter(l -> l.strip().startsWith("--")).count())
                .isGreaterThan(8);
    }
}
