package io.vigil.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/** The options read without picocli must be read exactly as picocli reads them, and only those. */
class QuickOptionsTest {
    /** What picocli makes of a command line, as {@link Main#main} gives it (keepalived's -tLOG renamed first). */
    private static Main picocli(String[] args) {
        Main m = new Main();
        new CommandLine(m).parseArgs(Main.keepalivedArguments(args));
        return m;
    }

    private static void assertSameOptions(Main quick, Main picocli, String args) throws IllegalAccessException {
        for (Field f : Main.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("refused")) continue;
            f.setAccessible(true);
            assertThat(f.get(quick)).as("%s after vigil %s", f.getName(), args).isEqualTo(f.get(picocli));
        }
    }

    @ParameterizedTest(name = "vigil {0}")
    @ValueSource(strings = {
            "",
            "-n -l -D -G -f /etc/vigil/keepalived.conf -i lb1 -p /run/a.pid -r /run/v.pid -c /run/c.pid",
            "--dont-fork --log-console --use-file=/tmp/k.conf --config-id lb2 --vrrp",
            "-t -f examples/seed-lab.conf -i lb1",
            "-f examples/seed-lab.conf -t",
            "--config-test --compat -e",
            "-d -f x.conf",
            "-C -R -S 3 --syslog-socket /tmp/log --keepalived-idents",
            "--data-dump /tmp/d --stats-dump=/tmp/s -u 022",
            "-v",
            "-P --dont-respawn --all-config --log-detail --no-syslog --check --dump-conf",
            "--pid=/run/x.pid --vrrp_pid /run/y.pid --checkers_pid=/run/z.pid --log-facility 7 --umask 0x12",
    })
    void plainCommandLinesAreReadAsPicocliReadsThem(String line) throws Exception {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        Main quick = QuickOptions.parse(args);
        assertThat(quick).as("plain: vigil %s", line).isNotNull();
        assertSameOptions(quick, picocli(args), line);
    }

    /** Left to picocli: what it reads differently, what it refuses, and what only it explains. */
    @ParameterizedTest(name = "vigil {0}")
    @ValueSource(strings = {"-h", "--help", "-nlG", "-fx.conf", "-f=x.conf", "-t x.conf", "-tLOG", "--config-test=LOG",
            "-n -n", "-f a -f b", "-f", "-f -n", "--use-file=", "-Z", "-V", "-T -s x", "--signum STOP", "status",
            "-n status", "--", "-g", "-s ns1", "--snmp", "-x", "-f a\u0000b"})
    void everythingElseGoesToPicocli(String line) {
        assertThat(QuickOptions.parse(line.split(" "))).isNull();
    }

    /** Every spelling the quick path knows is one picocli knows, with the same long name and the same arity. */
    @Test
    void theQuickTablesAgreeWithTheOptionDefinitions() {
        CommandLine.Model.CommandSpec spec = new CommandLine(new Main()).getCommandSpec();
        check(spec, QuickOptions.FLAGS, false);
        check(spec, QuickOptions.VALUED, true);
    }

    private static void check(CommandLine.Model.CommandSpec spec, Map<String, String> table, boolean valued) {
        table.forEach((spelling, longName) -> {
            CommandLine.Model.OptionSpec option = spec.findOption(spelling);
            assertThat(option).as(spelling).isNotNull();
            assertThat(option.longestName()).as(spelling).isEqualTo(longName);
            assertThat(option).as(spelling).isSameAs(spec.findOption(longName));
            if (valued) assertThat(option.arity().min()).as("%s takes a value", spelling).isEqualTo(1);
            else assertThat(option.arity().min()).as("%s is used without a value", spelling).isZero();
            assertThat(Objects.requireNonNullElse(option.usageHelp(), false)).isFalse();
        });
    }
}
