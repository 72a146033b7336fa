package io.vigil.lab.seed;

import io.vigil.lab.Lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The whole Vigil daemon (watchdog parent, VRRP child, checker child and, for the proxy back end, the proxy child)
 * in a lab host, started as an operator would start keepalived:
 * {@code java -cp <test class path> io.vigil.daemon.Main -n -l -G -i ID -f CONF -p -r -c}.
 * Its pid files and control socket live in the test's own directory ({@code /run} is shared by every namespace).
 */
final class SeedDirector {
    private final Lab.Host host;
    private final String id;
    private final Path dir;
    private final Path config;
    private final Path log;
    private Process process;

    /** A director selected by {@code -i id} in {@code config} (the seed's {@code @lb1}/{@code @lb2} lines). */
    SeedDirector(Lab.Host host, String id, Path dir, Path config) {
        this.host = host;
        this.id = id;
        this.dir = dir;
        this.config = config;
        this.log = dir.resolve(id + ".log");
    }

    String id() {
        return id;
    }

    Lab.Host host() {
        return host;
    }

    void start() {
        String java = ProcessHandle.current().info().command().orElse("java");
        process = host.spawn(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "io.vigil.daemon.Main",
                "-n", "-l", "-G", "-i", id, "-f", config.toString(),
                "-p", dir.resolve(id + ".pid").toString(), "-r", dir.resolve(id + "-vrrp.pid").toString(),
                "-c", dir.resolve(id + "-checkers.pid").toString()), log);
    }

    /** Sends {@code signal} (HUP, USR1, ...) to the parent. */
    void signal(String signal) {
        Lab.exec(List.of("kill", "-" + signal, Long.toString(process.pid())));
    }

    /** A control-socket request ({@code status}, ...) to the parent, or the error text when nobody answers. */
    String control(String request) {
        try {
            return io.vigil.daemon.ControlServer.request(dir.resolve(id + ".ctl"), request);
        } catch (IOException e) {
            return "no answer: " + e.getMessage();
        }
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    /** Whether this director's eth0 holds {@code address}. */
    boolean holds(String address) {
        return host.trySh("ip -o -4 addr show dev eth0", 5).output().contains(" " + address + "/");
    }

    /** The director dies at once: SIGKILL to the parent and every child in one {@code kill}. Returns the pids killed. */
    List<Long> killTree() {
        List<Long> pids = new ArrayList<>();
        pids.add(process.pid());
        process.descendants().forEach(h -> pids.add(h.pid()));
        List<String> argv = new ArrayList<>(List.of("kill", "-KILL"));
        pids.forEach(p -> argv.add(Long.toString(p)));
        Lab.run(argv, 5);
        for (long p : pids) {
            ProcessHandle.of(p).ifPresent(h -> {
                try {
                    h.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("process " + p + " of " + id + " did not die", e);
                }
            });
        }
        return pids;
    }

    /** The number of processes of this daemon (parent and children) alive now. */
    long processCount() {
        return process == null || !process.isAlive() ? 0 : 1 + process.descendants().filter(ProcessHandle::isAlive).count();
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ")";
        }
    }
}
