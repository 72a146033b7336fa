package io.vigil.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The client side of the control socket, and {@code vigil status|events|reload|stop|dump} in their plain forms
 * without the command-line library: a CLI call loads this class, the JDK's socket classes and nothing of the daemon
 * (no picocli, no logging back end, no FFM). Every other form (help, a wrong option) goes to {@link Main}'s command
 * line, which says what is wrong in the same words as before.
 */
public final class ControlClient {
    static final String DEFAULT_PID = "/run/vigil/vigil.pid";

    private ControlClient() {}

    /** The control socket sits beside the parent's pid file, so {@code -p} alone tells a client where to look. */
    public static Path socketFor(Path pidFile) {
        String name = pidFile.getFileName().toString();
        String base = name.endsWith(".pid") ? name.substring(0, name.length() - 4) : name;
        return pidFile.resolveSibling(base + ".ctl");
    }

    /** Sends one request to the socket at {@code path} and returns the answer. */
    public static String request(Path path, String request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            ch.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.shutdownOutput();
            return new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A streaming request: copies the answer to {@code out} as it comes, until the daemon closes. */
    public static void stream(Path path, String request, OutputStream out) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            ch.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) continue; // the daemon's keepalive (it notices a client that left)
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    /** What a plain control command line asks: the socket's request and the pid file; null when it is not plain. */
    record Call(String request, Path pidFile, boolean streams) {}

    /**
     * Parses {@code status|events [--json]}, {@code reload}, {@code stop}, {@code dump [data|stats]}, each with at
     * most one of each of: {@code -p FILE} (the pid file), {@code -f FILE} (the configuration, whose net_namespace and
     * instance place the socket as they place the daemon's), {@code -s NAME} (keepalived's {@code --namespace}) and
     * {@code --instance NAME}, in their {@code -pFILE}, {@code --pid FILE} and {@code --pid=FILE} spellings. Anything
     * else is not plain (null): the full command line handles it.
     */
    static Call plain(String[] args) {
        if (args.length == 0) return null;
        String command = args[0];
        boolean jsonAllowed = command.equals("status") || command.equals("events");
        if (!jsonAllowed && !command.equals("reload") && !command.equals("stop") && !command.equals("dump")) return null;
        java.util.Map<String, String> given = new java.util.HashMap<>();
        String which = null;
        boolean json = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--json") && jsonAllowed && !json) {
                json = true;
                continue;
            }
            if (command.equals("dump") && which == null && (a.equals("data") || a.equals("stats"))) {
                which = a;
                continue;
            }
            String option = null, value = null;
            for (String[] o : TARGET_OPTIONS) {
                String shortName = o[0], longName = o[1];
                if (a.equals(longName) || shortName != null && a.equals(shortName)) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("-")) return null;
                    option = longName;
                    value = args[++i];
                } else if (a.startsWith(longName + "=")) {
                    option = longName;
                    value = a.substring(longName.length() + 1);
                } else if (shortName != null && a.startsWith(shortName) && !a.startsWith("--")) {
                    option = longName;
                    value = a.substring(2);
                }
                if (option != null) break;
            }
            if (option == null || value.isEmpty() || given.putIfAbsent(option, value) != null) return null;
        }
        String request = switch (command) {
            case "status" -> json ? "status-json" : "status";
            case "events" -> json ? "events-json" : "events";
            case "dump" -> "stats".equals(which) ? "dump-stats" : "dump-data";
            default -> command;
        };
        return new Call(request, pidFile(given.get("--pid"), given.get("--use-file"), given.get("--namespace"), given.get("--instance")),
                command.equals("events"));
    }

    /** The options that say which daemon: short (or null) and long spellings. */
    private static final String[][] TARGET_OPTIONS = {{"-p", "--pid"}, {"-f", "--use-file"}, {"-s", "--namespace"}, {null, "--instance"}};

    /**
     * The pid file of the daemon a control command means (its socket sits beside it): {@code pid} when given (as
     * -p wins for the daemon), else the one that daemon writes for its net_namespace and instance, taken from
     * {@code namespace} and {@code instance} when given, else from the configuration file when given.
     */
    static Path pidFile(String pid, String configFile, String namespace, String instance) {
        if (pid != null) return Path.of(pid);
        java.util.Optional<String> ns = java.util.Optional.ofNullable(namespace), inst = java.util.Optional.ofNullable(instance);
        if (configFile != null && (ns.isEmpty() || inst.isEmpty())) {
            io.vigil.config.GlobalDefs.Placement placed = DaemonPlacement.find(Path.of(configFile), null, true).placement();
            if (ns.isEmpty()) ns = placed.netNamespace();
            if (inst.isEmpty()) inst = placed.instance();
        }
        return placedPidFile(ns, inst, "vigil");
    }

    /**
     * Where a daemon placed by net_namespace and instance keeps the pid file {@code base}: /run/vigil[/NAMESPACE]/
     * base[_INSTANCE].pid (keepalived: /run/keepalived/NAMESPACE/, keepalived_INSTANCE.pid).
     */
    static Path placedPidFile(java.util.Optional<String> namespace, java.util.Optional<String> instance, String base) {
        Path dir = Path.of(DEFAULT_PID).getParent();
        return namespace.map(dir::resolve).orElse(dir).resolve(base + instance.map(i -> "_" + i).orElse("") + ".pid");
    }

    /** Runs a plain control command; null when {@code args} is not one (the caller parses it in full). */
    static Integer run(String[] args, PrintStream out, PrintStream err) {
        Call call = plain(args);
        return call == null ? null : run(call, out, err);
    }

    static int run(Call call, PrintStream out, PrintStream err) {
        Path socket = socketFor(call.pidFile());
        try {
            if (call.streams()) {
                stream(socket, call.request(), out);
                return 0;
            }
            String answer = request(socket, call.request());
            out.print(answer);
            out.flush();
            return answer.startsWith("error") || answer.startsWith("reload rejected") ? 1 : 0;
        } catch (IOException e) {
            err.println("vigil: no running Vigil answers on " + socket + " (" + e.getMessage() + ")");
            return 1;
        }
    }
}
