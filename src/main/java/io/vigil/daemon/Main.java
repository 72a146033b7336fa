package io.vigil.daemon;

import io.vigil.config.ConfigCommand;
import io.vigil.config.LoadOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
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

    @Option(names = {"-t", "--config-test"}, arity = "0..1", paramLabel = "FILE", fallbackValue = "", description = "Check the configuration for obvious errors, then exit.")
    String configTest;

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
    Path dataDumpFile = Path.of("/tmp/keepalived.data");

    @Option(names = {"--stats-dump"}, paramLabel = "FILE", description = "Vigil: SIGUSR2 stats dump file (default /tmp/keepalived.stats).")
    Path statsDumpFile = Path.of("/tmp/keepalived.stats");

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
        // -t [FILE] / -d: read the configuration (io.vigil.config does the work), report, exit
        LoadOptions options = new LoadOptions(configId, compat);
        if (configTest != null) {
            Path file = configTest.isEmpty() ? configFile : Path.of(configTest);
            return ConfigCommand.test(file, options, System.out, System.err);
        }
        if (dumpConf) {
            return ConfigCommand.dump(configFile, options, System.out, System.err);
        }
        return runDaemon();
    }

    private Logging.Settings loggingSettings() {
        return new Logging.Settings(logConsole || dontFork && noSyslog, !noSyslog, logFacility, logDetail, keepalivedIdents, syslogSocket);
    }

    /** keepalived without -t/-d: the watchdog parent with its children (in the background unless -n). */
    private int runDaemon() {
        Path pid = pidFile != null ? pidFile : Daemon.Options.DEFAULT_PID;
        Daemon.Options options = new Daemon.Options(configFile, !checkOnly, !vrrpOnly, !dontRespawn, pid,
                vrrpPidFile != null ? vrrpPidFile : Daemon.Options.DEFAULT_VRRP_PID,
                checkersPidFile != null ? checkersPidFile : Daemon.Options.DEFAULT_CHECKERS_PID,
                Daemon.Options.controlSocketFor(pid), dataDumpFile, statsDumpFile, configId, compat,
                loggingSettings().asSystemProperties());
        if (!dontFork) return Daemonize.relaunchInBackground();
        Logging.configure(loggingSettings(), null);
        try {
            return Daemon.run(options, file -> ConfigValidation.errors(file, new LoadOptions(configId, compat)));
        } catch (java.io.IOException e) {
            System.err.println("vigil: " + e.getMessage());
            return 1;
        }
    }

    public static void main(String[] args) {
        io.vigil.api.HttpEndpoint.limits(); // before anything loads the JDK's HTTP server, which reads them once

        // keepalived's -T/--genhash takes the rest of the line as genhash's own options.
        if (args.length > 0 && (args[0].equals("-T") || args[0].equals("--genhash") || args[0].equals("genhash"))) {
            System.exit(io.vigil.check.GenHash.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        CommandLine cl = new CommandLine(new Main());
        ControlCommands.register(cl);
        System.exit(cl.execute(args));
    }
}
