package io.vigil.daemon;

import io.vigil.config.ConfigCommand;
import io.vigil.config.LoadOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The {@code vigil} command: keepalived's command-line options with keepalived's meaning.
 */
@Command(name = "vigil", mixinStandardHelpOptions = false, sortOptions = false,
        description = "Vigil: VRRP, health checks and load balancing, keepalived-compatible.")
public final class Main implements Callable<Integer> {

    public static final String VERSION = "Vigil 0.1.0 (keepalived 2.2.7 compatible)";

    @Option(names = {"-f", "--use-file"}, paramLabel = "FILE", description = "Use the specified configuration file (default /etc/keepalived/keepalived.conf).")
    Path configFile = Path.of("/etc/keepalived/keepalived.conf");

    @Option(names = {"-t", "--config-test"}, arity = "0..1", paramLabel = "FILE", fallbackValue = "",
            description = "Check the configuration for obvious errors, then exit. -tLOG_FILE / --config-test=LOG_FILE (attached, as keepalived): "
                    + "write the findings to LOG_FILE instead of stderr; -t FILE (a separate word, Vigil): test FILE instead of -f's.")
    String configTest;

    /** keepalived's -tLOG_FILE / --config-test=LOG_FILE, recognised in {@link #keepalivedArguments} before picocli parses. */
    @Option(names = "--config-test-log", hidden = true)
    Path configTestLog;

    @Option(names = {"-d", "--dump-conf"}, description = "Dump the configuration data.")
    boolean dumpConf;

    @Option(names = {"-D", "--log-detail"}, description = "Detailed log messages.")
    boolean logDetail;

    @Option(names = {"-S", "--log-facility"}, paramLabel = "[0-7]", description = "Set syslog facility to LOG_LOCAL[0-7].")
    String logFacility;

    @Option(names = {"-l", "--log-console"}, description = "Log messages to the local console.")
    boolean logConsole;

    @Option(names = {"-G", "--no-syslog"}, description = "Don't log via syslog.")
    boolean noSyslog;

    @Option(names = {"-n", "--dont-fork"}, description = "Don't fork the daemon process.")
    boolean dontFork;

    @Option(names = {"-P", "--vrrp"}, description = "Only run with VRRP subsystem.")
    boolean vrrpOnly;

    @Option(names = {"-C", "--check"}, description = "Only run with Health-checker subsystem.")
    boolean checkOnly;

    @Option(names = {"-R", "--dont-respawn"}, description = "Don't respawn child processes.")
    boolean dontRespawn;

    @Option(names = {"-p", "--pid"}, paramLabel = "FILE", description = "Use specified pidfile for parent process.")
    Path pidFile;

    @Option(names = {"-r", "--vrrp_pid"}, paramLabel = "FILE", description = "Use specified pidfile for VRRP child process.")
    Path vrrpPidFile;

    @Option(names = {"-c", "--checkers_pid"}, paramLabel = "FILE", description = "Use specified pidfile for checkers child process.")
    Path checkersPidFile;

    @Option(names = {"-i", "--config-id"}, paramLabel = "ID", description = "Skip any configuration lines beginning '@' that don't match id.")
    String configId;

    @Option(names = {"--compat"}, description = "Vigil: treat unknown keywords as warnings, as keepalived does.")
    boolean compat;

    @Option(names = {"--keepalived-idents"}, description = "Vigil: log with keepalived's syslog identities (Keepalived, Keepalived_vrrp, Keepalived_healthcheckers).")
    boolean keepalivedIdents;

    @Option(names = {"--syslog-socket"}, paramLabel = "PATH", description = "Vigil: syslog socket (default /dev/log).")
    String syslogSocket = "/dev/log";

    @Option(names = {"--data-dump"}, paramLabel = "FILE", description = "Vigil: SIGUSR1 data dump file (default /tmp/keepalived.data).")
    Path dataDumpFile = DaemonPlacement.DEFAULT_DATA_DUMP;

    @Option(names = {"--stats-dump"}, paramLabel = "FILE", description = "Vigil: SIGUSR2 stats dump file (default /tmp/keepalived.stats).")
    Path statsDumpFile = DaemonPlacement.DEFAULT_STATS_DUMP;

    @Option(names = {"-u", "--umask"}, paramLabel = "MASK", description = "umask for file creation (in numeric form: octal with a leading 0, hex with 0x, else decimal).")
    String umask;

    @Option(names = "--signum", paramLabel = "SIGFUNC", description = "Print the signal number for STOP, RELOAD, DATA or STATS, then exit.")
    String signum;

    @Option(names = {"-e", "--all-config"}, description = "Error if any configuration file is missing (an include matching no file).")
    boolean allConfig;

    @picocli.CommandLine.Mixin
    KeepalivedOnlyOptions refused = new KeepalivedOnlyOptions();

    @Option(names = {"-T", "--genhash"}, description = "Enter genhash mode (must be the first option): vigil -T -h lists its options.")
    boolean genhash;

    @Option(names = {"-v", "--version"}, description = "Display the version number.")
    boolean version;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Display this help message.")
    boolean help;

    @Override
    public Integer call() {
        if (version) {
            System.out.println(VERSION);
            return 0;
        }
        if (signum != null) return signum(signum);
        String refusal = refused.refusal();
        if (refusal != null) return fail(refusal);
        if (genhash) return fail("-T (--genhash) must be the first option: vigil -T -s SERVER -p PORT -u URL");
        try {
            SyslogFormat.facility(logFacility);
        } catch (IllegalArgumentException e) {
            return fail("-S: " + e.getMessage());
        }
        if (umask != null) {
            Integer mask = io.vigil.config.Umask.parse(umask);
            if (mask == null) return fail("-u: '" + umask + "' is not a umask (a number such as 022 or 0x12)");
            io.vigil.sys.Libc.umask(mask);
            System.setProperty(UmaskSetting.FIXED_PROPERTY, "true"); // -u wins over global_defs umask
        }
        // -t / -d: read the configuration (io.vigil.config does the work), report, exit
        LoadOptions options = new LoadOptions(configId, compat);
        if (configTest != null) {
            Path file = configTest.isEmpty() ? configFile : Path.of(configTest);
            if (configTestLog == null) return ConfigCommand.test(file, options, System.out, System.err, allConfig);
            try (java.io.PrintStream log = new java.io.PrintStream(java.nio.file.Files.newOutputStream(configTestLog), true,
                    java.nio.charset.StandardCharsets.UTF_8)) {
                return ConfigCommand.test(file, options, log, log, allConfig);
            } catch (java.io.IOException e) {
                return fail("cannot write the test's findings to " + configTestLog + ": " + reason(e));
            }
        }
        if (dumpConf) {
            return ConfigCommand.dump(configFile, options, System.out, System.err);
        }
        return runDaemon();
    }

    /** keepalived's --signum: the number of the signal for a function, as kill(1) wants it. */
    private static int signum(String function) {
        Integer n = switch (function) {
            case "STOP" -> 15;
            case "RELOAD" -> 1;
            case "DATA" -> 10;
            case "STATS" -> 12;
            default -> null;
        };
        if (n != null) {
            System.out.println(n);
            return 0;
        }
        String what = switch (function) {
            case "STATS_CLEAR" -> "signal that clears statistics";
            case "JSON" -> "JSON dump signal";
            case "TDUMP" -> "thread dump signal";
            default -> null;
        };
        if (what != null) return fail("--signum=" + function + ": Vigil has no " + what + " (it handles STOP, RELOAD, DATA and STATS)");
        return fail("--signum: unknown signal function '" + function + "' (STOP, RELOAD, DATA, STATS)");
    }

    static int fail(String sentence) {
        System.err.println("vigil: " + sentence);
        return 1;
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file or directory";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private Logging.Settings loggingSettings() {
        return new Logging.Settings(logConsole || dontFork && noSyslog, !noSyslog, logFacility, logDetail, keepalivedIdents, syslogSocket);
    }

    /** keepalived without -t/-d: the watchdog parent with its children (in the background unless -n). */
    private int runDaemon() {
        DaemonPlacement placement = DaemonPlacement.find(configFile, configId, compat);
        Path pid = pidFile != null ? pidFile : placement.pidFile("vigil");
        List<String> childOptions = new java.util.ArrayList<>(loggingSettings().asSystemProperties());
        if (umask != null) childOptions.add("-D" + UmaskSetting.FIXED_PROPERTY + "=true");
        Daemon.Options options = new Daemon.Options(configFile, !checkOnly, !vrrpOnly, !dontRespawn, pid,
                vrrpPidFile != null ? vrrpPidFile : placement.pidFile("vrrp"),
                checkersPidFile != null ? checkersPidFile : placement.pidFile("checkers"),
                Daemon.Options.controlSocketFor(pid), placement.dumpFile(dataDumpFile, DaemonPlacement.DEFAULT_DATA_DUMP),
                placement.dumpFile(statsDumpFile, DaemonPlacement.DEFAULT_STATS_DUMP), configId, compat,
                childOptions, placement.placement().netNamespace());
        if (!dontFork) {
            // checked here, before detaching, so a bad file is an exit status and stderr, not a line in a log
            int status = ConfigCommand.check(configFile, new LoadOptions(configId, compat), System.err, allConfig);
            if (status != 0) return status;
            return Daemonize.relaunchInBackground(givenArguments);
        }
        // The VRRP child first: its JVM boots while this one sets up its logging, FFM, signals and supervisor.
        Process earlyVrrp = Daemon.startVrrpEarly(options);
        // (HttpEndpoint's class initialisation sets up logging: after the child's start, before the HTTP server's)
        io.vigil.api.HttpEndpoint.limits(); // before anything loads the JDK's HTTP server, which reads them once
        if (umask == null) io.vigil.sys.Libc.umask(io.vigil.config.Umask.KEEPALIVED_DEFAULT); // the configuration's applies once read
        Logging.configure(loggingSettings(), null);
        String unnamed = io.vigil.sys.ProcessName.set("vigil");
        if (unnamed != null) org.slf4j.LoggerFactory.getLogger(Main.class).warn("{}", unnamed);
        try {
            return Daemon.run(options, file -> ConfigValidation.errors(file, new LoadOptions(configId, compat)), earlyVrrp);
        } catch (java.io.IOException e) {
            System.err.println("vigil: " + e.getMessage());
            return 1;
        }
    }

    /** Runs options read without picocli ({@link QuickOptions}): one sentence, never a stack trace, for a failure. */
    static int callQuietly(Main options) {
        try {
            return options.call();
        } catch (RuntimeException e) {
            return fail(firstLine(reason(e)));
        } catch (Error e) {
            return fail(firstLine(reason(new RuntimeException(e.toString()))));
        }
    }

    /** The command line with its subcommands, and one sentence (never a stack trace) for every failure. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        ControlCommands.register(cl);
        cl.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("vigil: " + firstLine(e.getMessage()) + " (vigil -h lists the options)");
            return 1;
        });
        cl.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("vigil: " + firstLine(reason(e)));
            return 1;
        });
        return cl;
    }

    /**
     * keepalived's -tLOG_FILE / --config-test=LOG_FILE name a log file (getopt's optional argument, attached only);
     * picocli would read them as the file to test, so they are renamed first.
     */
    static String[] keepalivedArguments(String[] args) {
        String[] out = args.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i].startsWith("--config-test=")) {
                out[i] = "--config-test-log=" + out[i].substring("--config-test=".length());
                out = insert(out, i, "-t");
                i++;
            } else if (out[i].startsWith("-t") && out[i].length() > 2 && !out[i].startsWith("--")) {
                out[i] = "--config-test-log=" + out[i].substring(2);
                out = insert(out, i, "-t");
                i++;
            }
        }
        return out;
    }

    private static String[] insert(String[] a, int at, String word) {
        List<String> l = new java.util.ArrayList<>(List.of(a));
        l.add(at, word);
        return l.toArray(String[]::new);
    }

    private static String firstLine(String s) {
        String line = s == null ? "failed" : s.strip();
        int nl = line.indexOf('\n');
        return nl < 0 ? line : line.substring(0, nl);
    }

    /** The command line as given, for the daemon's relaunch in the background (the JVM's view of it can be cut short). */
    private static volatile List<String> givenArguments = List.of();

    /** Called by every entry point ({@link Cli}, {@link #main}) before the command runs. */
    static void rememberArguments(String[] args) {
        givenArguments = List.of(args);
    }

    public static void main(String[] args) {
        rememberArguments(args);
        int status;
        try {
            // keepalived's -T/--genhash takes the rest of the line as genhash's own options.
            if (args.length > 0 && (args[0].equals("-T") || args[0].equals("--genhash") || args[0].equals("genhash"))) {
                status = io.vigil.check.GenHash.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out);
            } else {
                status = commandLine().execute(keepalivedArguments(args));
            }
        } catch (RuntimeException | Error e) {
            status = fail(firstLine(reason(e instanceof Exception x ? x : new RuntimeException(e.toString()))));
        }
        System.exit(status);
    }
}
