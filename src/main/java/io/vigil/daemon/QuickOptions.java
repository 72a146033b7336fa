package io.vigil.daemon;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * keepalived's options in their plain spellings ({@code -f FILE}, {@code --use-file FILE}, {@code --use-file=FILE},
 * one flag per word, each option once) read into a {@link Main} without picocli, whose Java 5 class files cost a
 * CLI call or a daemon start more than the rest of the parsing (docs/benchmarks/footprint.md). Anything else (help,
 * clustered flags, attached values, {@code -t FILE}, keepalived's refused options, subcommands, a mistake) returns
 * null and goes to picocli, which stays the definition of the options (help, man page, completion) and says what
 * is wrong. QuickOptionsTest checks that both read every plain command line alike.
 */
final class QuickOptions {
    private QuickOptions() {}

    /** Flags: every spelling -> the long name. */
    static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("-t", "--config-test"), Map.entry("--config-test", "--config-test"),
            Map.entry("-d", "--dump-conf"), Map.entry("--dump-conf", "--dump-conf"),
            Map.entry("-D", "--log-detail"), Map.entry("--log-detail", "--log-detail"),
            Map.entry("-l", "--log-console"), Map.entry("--log-console", "--log-console"),
            Map.entry("-G", "--no-syslog"), Map.entry("--no-syslog", "--no-syslog"),
            Map.entry("-n", "--dont-fork"), Map.entry("--dont-fork", "--dont-fork"),
            Map.entry("-P", "--vrrp"), Map.entry("--vrrp", "--vrrp"),
            Map.entry("-C", "--check"), Map.entry("--check", "--check"),
            Map.entry("-R", "--dont-respawn"), Map.entry("--dont-respawn", "--dont-respawn"),
            Map.entry("-e", "--all-config"), Map.entry("--all-config", "--all-config"),
            Map.entry("--compat", "--compat"), Map.entry("--keepalived-idents", "--keepalived-idents"),
            Map.entry("-v", "--version"), Map.entry("--version", "--version"));

    /** Options with one value: every spelling -> the long name. */
    static final Map<String, String> VALUED = Map.ofEntries(
            Map.entry("-f", "--use-file"), Map.entry("--use-file", "--use-file"),
            Map.entry("-S", "--log-facility"), Map.entry("--log-facility", "--log-facility"),
            Map.entry("-p", "--pid"), Map.entry("--pid", "--pid"),
            Map.entry("-r", "--vrrp_pid"), Map.entry("--vrrp_pid", "--vrrp_pid"),
            Map.entry("-c", "--checkers_pid"), Map.entry("--checkers_pid", "--checkers_pid"),
            Map.entry("-i", "--config-id"), Map.entry("--config-id", "--config-id"),
            Map.entry("-u", "--umask"), Map.entry("--umask", "--umask"),
            Map.entry("--syslog-socket", "--syslog-socket"), Map.entry("--data-dump", "--data-dump"),
            Map.entry("--stats-dump", "--stats-dump"));

    /** The options of a plain command line, or null when picocli must read it. */
    static Main parse(String[] args) {
        Main m = new Main();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String word = args[i];
            int eq = word.startsWith("--") ? word.indexOf('=') : -1;
            String name = eq > 0 ? word.substring(0, eq) : word;
            String value = eq > 0 ? word.substring(eq + 1) : null;
            String flag = FLAGS.get(name);
            if (flag != null && value == null) {
                // -t FILE (a word that is no option after -t) is picocli's optional value
                if (flag.equals("--config-test") && i + 1 < args.length && !args[i + 1].startsWith("-")) return null;
                if (!seen.add(flag)) return null;
                setFlag(m, flag);
                continue;
            }
            String option = VALUED.get(name);
            if (option == null) return null;
            if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("-")) return null;
                value = args[++i];
            }
            if (value.isEmpty() || !seen.add(option)) return null;
            try {
                setValue(m, option, value);
            } catch (InvalidPathException e) {
                return null;
            }
        }
        return m;
    }

    private static void setFlag(Main m, String flag) {
        switch (flag) {
            case "--config-test" -> m.configTest = "";
            case "--dump-conf" -> m.dumpConf = true;
            case "--log-detail" -> m.logDetail = true;
            case "--log-console" -> m.logConsole = true;
            case "--no-syslog" -> m.noSyslog = true;
            case "--dont-fork" -> m.dontFork = true;
            case "--vrrp" -> m.vrrpOnly = true;
            case "--check" -> m.checkOnly = true;
            case "--dont-respawn" -> m.dontRespawn = true;
            case "--all-config" -> m.allConfig = true;
            case "--compat" -> m.compat = true;
            case "--keepalived-idents" -> m.keepalivedIdents = true;
            case "--version" -> m.version = true;
            default -> throw new IllegalArgumentException(flag);
        }
    }

    private static void setValue(Main m, String option, String value) {
        switch (option) {
            case "--use-file" -> m.configFile = Path.of(value);
            case "--log-facility" -> m.logFacility = value;
            case "--pid" -> m.pidFile = Path.of(value);
            case "--vrrp_pid" -> m.vrrpPidFile = Path.of(value);
            case "--checkers_pid" -> m.checkersPidFile = Path.of(value);
            case "--config-id" -> m.configId = value;
            case "--umask" -> m.umask = value;
            case "--syslog-socket" -> m.syslogSocket = value;
            case "--data-dump" -> m.dataDumpFile = Path.of(value);
            case "--stats-dump" -> m.statsDumpFile = Path.of(value);
            default -> throw new IllegalArgumentException(option);
        }
    }
}
