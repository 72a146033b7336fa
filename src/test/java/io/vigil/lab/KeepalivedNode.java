package io.vigil.lab;

import io.vigil.lab.vrrp.Router;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real keepalived 2.2.7 in a lab host's namespace, in the foreground with its own pid files
 * ({@code keepalived -n -l -D -G -P -f CONF -p -r -c}: without them a second instance on the machine finds
 * {@code /run/keepalived.pid} and exits). Its state is read from its log ({@code (VI_1) Entering MASTER STATE}).
 */
public final class KeepalivedNode implements Router {
    /** Transitions, and the FAULT an instance starts in ("(VI_1) entering FAULT state", keepalived's vrrp_init_state). */
    private static final Pattern ENTERING = Pattern.compile("\\((\\S+)\\):? [Ee]ntering ([A-Z]+) (?:STATE|state)");

    private final Lab.Host host;
    private final String name;
    private final Path dir;
    private final Path config;
    private final List<Path> logs = new ArrayList<>();
    private Process process;

    /** Skips the calling test unless keepalived is installed. */
    public static void assumeInstalled(Lab.Host host) {
        Assumptions.assumeTrue(host.trySh("command -v keepalived", 5).exit() == 0,
                "SKIPPED: keepalived is not installed (apt-get install -y keepalived)");
    }

    public KeepalivedNode(Lab.Host host, String name, Path dir, String configText) {
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

    public Path vrrpPidFile() {
        return dir.resolve(name + "-vrrp.pid");
    }

    @Override
    public void start() {
        if (running()) throw new IllegalStateException(name + " is already running");
        Path log = dir.resolve(name + "-" + (logs.size() + 1) + ".log");
        logs.add(log);
        process = host.spawn(List.of("keepalived", "-n", "-l", "-D", "-G", "-P", "-f", config.toString(),
                "-p", dir.resolve(name + ".pid").toString(), "-r", vrrpPidFile().toString(),
                "-c", dir.resolve(name + "-checkers.pid").toString()), log);
    }

    @Override
    public boolean running() {
        return process != null && process.isAlive();
    }

    public long parentPid() {
        return process == null ? -1 : process.pid();
    }

    public long vrrpPid() {
        try {
            return Long.parseLong(Files.readString(vrrpPidFile()).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** The state of the last "Entering ... STATE" line of the current run, or DOWN when not running. */
    @Override
    public String state(String instance) {
        if (!running() || logs.isEmpty()) return DOWN;
        String state = "INIT";
        try {
            Matcher m = ENTERING.matcher(Files.readString(logs.getLast()));
            while (m.find()) {
                if (m.group(1).equals(instance)) state = m.group(2);
            }
        } catch (IOException e) {
            return DOWN;
        }
        return state;
    }

    /** SIGKILL of the parent and the VRRP child at once: nobody removes the VIP or says goodbye. */
    @Override
    public void killAll() {
        long child = vrrpPid();
        List<String> argv = new ArrayList<>(List.of("kill", "-KILL", Long.toString(parentPid())));
        if (child > 0) argv.add(Long.toString(child));
        Lab.run(argv, 5);
        waitExit(process.toHandle());
        if (child > 0) ProcessHandle.of(child).ifPresent(KeepalivedNode::waitExit);
    }

    /** SIGTERM to the parent: a priority-0 advert, the VIPs removed, then exit. */
    @Override
    public void terminate() {
        long child = vrrpPid();
        Lab.run(List.of("kill", "-TERM", Long.toString(parentPid())), 5);
        waitExit(process.toHandle());
        if (child > 0) ProcessHandle.of(child).ifPresent(KeepalivedNode::waitExit);
    }

    private static void waitExit(ProcessHandle h) {
        try {
            h.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("process " + h.pid() + " did not exit", e);
        }
    }

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

    @Override
    public void close() {
        if (!running()) return;
        long child = vrrpPid();
        process.destroyForcibly();
        if (child > 0) ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
    }
}
