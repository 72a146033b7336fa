package io.vigil.daemon;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code vigil status|reload|dump|stop}: the running daemon's control socket, for what keepalived only offers as
 * signals (and for {@code vigil status}, which prints the virtual servers like {@code ipvsadm -Ln} and the VRRP
 * instances).
 */
final class ControlCommands {
    private ControlCommands() {}

    static void register(CommandLine cl) {
        cl.addSubcommand("status", new Status());
        cl.addSubcommand("events", new Events());
        cl.addSubcommand("reload", new Request("reload"));
        cl.addSubcommand("stop", new Request("stop"));
        cl.addSubcommand("dump", new Dump());
    }

    @Command(description = "Ask the running Vigil over its control socket.", mixinStandardHelpOptions = true)
    static class Request implements Callable<Integer> {
        private final String request;

        @Mixin
        Target target = new Target();

        Request(String request) {
            this.request = request;
        }

        @Override
        public Integer call() {
            return send(target.pidFile(), request);
        }
    }

    @Command(mixinStandardHelpOptions = true, description = "Show VRRP instances (state, priority, last transition and why), VIPs and their holder, every real server "
            + "(in the pool or not) with its health and last failure reason, the children, and the data plane's table.")
    static class Status implements Callable<Integer> {
        @Mixin
        Target target = new Target();

        @Option(names = "--json", description = "Print the /api/v1/status document (docs/api.md).")
        boolean json;

        @Override
        public Integer call() {
            return send(target.pidFile(), json ? "status-json" : "status");
        }
    }

    @Command(mixinStandardHelpOptions = true, description = "Follow transitions, health changes, child restarts and reloads as they happen (Ctrl-C ends).")
    static class Events implements Callable<Integer> {
        @Mixin
        Target target = new Target();

        @Option(names = "--json", description = "One JSON object per line (the /api/v1/events data).")
        boolean json;

        @Override
        public Integer call() {
            return ControlClient.run(new ControlClient.Call(json ? "events-json" : "events", target.pidFile(), true), System.out, System.err);
        }
    }

    @Command(description = "Write the data (as SIGUSR1) or stats (as SIGUSR2) dump.", mixinStandardHelpOptions = true)
    static class Dump implements Callable<Integer> {
        @Parameters(paramLabel = "data|stats", defaultValue = "data")
        String which;

        @Mixin
        Target target = new Target();

        @Override
        public Integer call() {
            if (!which.equals("stats") && !which.equals("data")) return Main.fail("dump: '" + which + "' is neither data nor stats");
            return send(target.pidFile(), which.equals("stats") ? "dump-stats" : "dump-data");
        }
    }

    /** Which daemon: its pid file, or what places it (net_namespace and instance, given or read from its configuration). */
    static class Target {
        @Option(names = {"-p", "--pid"}, paramLabel = "FILE", description = "The daemon's pid file (its control socket sits beside it); "
                + "wins over the options below.")
        Path pidFile;

        @Option(names = {"-f", "--use-file"}, paramLabel = "FILE",
                description = "The daemon's configuration: its net_namespace and instance say where its socket is.")
        Path configFile;

        @Option(names = {"-s", "--namespace"}, paramLabel = "NAME", description = "The daemon's net_namespace (wins over -f's).")
        String namespace;

        @Option(names = "--instance", paramLabel = "NAME", description = "The daemon's instance (wins over -f's).")
        String instance;

        Path pidFile() {
            return ControlClient.pidFile(pidFile == null ? null : pidFile.toString(), configFile == null ? null : configFile.toString(),
                    namespace, instance);
        }
    }

    static int send(Path pidFile, String request) {
        return ControlClient.run(new ControlClient.Call(request, pidFile, false), System.out, System.err);
    }
}
