package io.vigil.lab;

import io.vigil.daemon.ControlServer;
import io.vigil.lab.vrrp.Router;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code vigil} daemon (watchdog parent + VRRP child, {@code -P}) as a separate process in a lab host's
 * namespace, started with keepalived's options:
 * {@code java --enable-native-access=ALL-UNNAMED -cp <test class path> io.vigil.daemon.Cli -n -l -G -P -f CONF -p -r -c}
 * (the jar's entry point, as {@code vigil} runs it).
 * Its pid files and control socket live in a directory of the test's own ({@code /run} and {@code /tmp} are shared by
 * every namespace). Each start writes a new log file; {@link #log()} reads them all.
 */
public final class VigilNode implements Router {
    private static final Pattern STATUS_LINE = Pattern.compile("^\\s+(\\S+)\\s+([A-Z]+)\\s+priority\\s+(\\d+)", Pattern.MULTILINE);

    private final Lab.Host host;
    private final String name;
    private final Path dir;
    private final Path config;
    private final List<Path> logs = new ArrayList<>();
    private Process process;
    private boolean checkers;

    /** A node named {@code name} (files {@code name.*} in {@code dir}) running {@code configText}. */
    private boolean compat;

    public VigilNode(Lab.Host host, String name, Path dir, String configText) {
        this.host = host;
        this.name = name;
        this.dir = dir;
        this.config = dir.resolve(name + ".conf");
        try {
            Files.writeString(config, configText);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Lab.Host host() {
        return host;
    }

    public Path pidFile() {
        return dir.resolve(name + ".pid");
    }

    public Path vrrpPidFile() {
        return dir.resolve(name + "-vrrp.pid");
    }

    /** Beside the parent's pid file, as the daemon places it. */
    public Path controlSocket() {
        return dir.resolve(name + ".ctl");
    }

    /** Runs the checker child too (no {@code -P}): for configurations with virtual servers. Call before {@link #start}. */
    public VigilNode withCheckers() {
        this.checkers = true;
        return this;
    }

    /** Runs the checker child only ({@code -C}: no VRRP child). Call before {@link #start}. */
    public VigilNode checkersOnly() {
        this.checkers = true;
        this.checkersOnly = true;
        return this;
    }

    private boolean checkersOnly;

    /** Runs with {@code --compat}: refused keywords are warnings and the daemon runs without them. Call before {@link #start}. */
    public VigilNode withCompat() {
        this.compat = true;
        return this;
    }

    /** Starts the daemon (returns at once: the JVMs take a few seconds; wait for a state). */
    @Override
    public void start() {
        if (running()) throw new IllegalStateException(name + " is already running");
        Path log = dir.resolve(name + "-" + (logs.size() + 1) + ".log");
        logs.add(log);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> argv = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "io.vigil.daemon.Cli", "-n", "-l", "-G"));
        if (!checkers) argv.add("-P");
        if (checkersOnly) argv.add("-C");
        if (compat) argv.add("--compat");
        argv.addAll(List.of("-f", config.toString(),
                "-p", pidFile().toString(), "-r", vrrpPidFile().toString(), "-c", dir.resolve(name + "-checkers.pid").toString(),
                "--data-dump", dir.resolve(name + ".data").toString(), "--stats-dump", dir.resolve(name + ".stats").toString()));
        process = host.spawn(argv, log);
    }

    @Override
    public boolean running() {
        return process != null && process.isAlive();
    }

    /** The parent's pid ({@code ip netns exec} execs the JVM, so it is the spawned process itself). */
    public long parentPid() {
        return process == null ? -1 : process.pid();
    }

    /** The parent's pid as its pid file ({@code -p}) says, or -1. */
    public long parentPidFromFile() {
        return readPid(pidFile());
    }

    /** The VRRP child's pid from its pid file ({@code -r}), or -1. */
    public long vrrpPid() {
        return readPid(vrrpPidFile());
    }

    private static long readPid(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** The {@code status} answer over the control socket, or empty when nobody answers. */
    public Optional<String> status() {
        if (!running() || !Files.exists(controlSocket())) return Optional.empty();
        try {
            return Optional.of(ControlServer.request(controlSocket(), "status"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The instance's state as {@code status} reports it (MASTER, BACKUP, FAULT, ...), or DOWN. */
    @Override
    public String state(String instance) {
        Matcher m = STATUS_LINE.matcher(status().orElse(""));
        while (m.find()) {
            if (m.group(1).equals(instance)) return m.group(2);
        }
        return DOWN;
    }

    public void signalParent(String signal) {
        Lab.exec(List.of("kill", "-" + signal, Long.toString(parentPid())));
    }

    public void signalVrrpChild(String signal) {
        Lab.exec(List.of("kill", "-" + signal, Long.toString(vrrpPid())));
    }

    /** SIGKILL of the parent and the VRRP child in one {@code kill}: the director dies, its VIPs stay configured. */
    @Override
    public void killAll() {
        List<String> argv = new ArrayList<>(List.of("kill", "-KILL", Long.toString(parentPid())));
        long child = vrrpPid();
        if (child > 0) argv.add(Long.toString(child));
        Lab.run(argv, 5);
        await(process);
        if (child > 0) ProcessHandle.of(child).ifPresent(VigilNode::await);
    }

    /** SIGTERM to the parent (keepalived's graceful stop: priority-0 advert, VIPs removed), and waits for it to exit. */
    @Override
    public void terminate() {
        long child = vrrpPid();
        signalParent("TERM");
        await(process);
        if (child > 0) ProcessHandle.of(child).ifPresent(VigilNode::await);
    }

    private static void await(Process p) {
        try {
            if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) throw new AssertionError("process " + p.pid() + " did not exit");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(ProcessHandle h) {
        try {
            h.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("process " + h.pid() + " did not exit", e);
        }
    }

    /** Every log of this node so far (parent and child, all starts). */
    @Override
    public String log() {
        StringBuilder out = new StringBuilder();
        for (Path l : logs) {
            try {
                if (Files.exists(l)) out.append(Files.readString(l));
            } catch (IOException e) {
                out.append("(cannot read ").append(l).append(")\n");
            }
        }
        return out.toString();
    }

    /** Kills what is left of this node (the lab kills it too, by pid, when it closes). */
    @Override
    public void close() {
        if (!running()) return;
        long child = vrrpPid();
        process.destroyForcibly();
        if (child > 0) ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
    }
}
