package io.vigil.vrrp.kernel;

import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.ProcConnector;
import io.vigil.sys.ProcEvents;
import io.vigil.vrrp.ProcessQuorum;
import io.vigil.vrrp.ProcessTrackSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * Feeds {@link ProcessQuorum} on its own thread, as keepalived: a /proc scan at start, then the kernel's process
 * events (a rescan when the kernel says it dropped some); where the connector is unavailable (not root, or inside a
 * network namespace other than the initial one, where it does not exist) a /proc scan every {@code pollMillis}.
 * Quorum changes go to {@code sink} (the VRRP service posts them to its own thread).
 */
public final class ProcessMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProcessMonitor.class);

    private final ProcessQuorum quorum;
    private final boolean needCmdline;
    private final BiConsumer<String, Boolean> sink;
    private final Path proc;
    private final long pollMillis;
    private final LongSupplier clock = System::nanoTime;
    private volatile boolean running = true;
    private volatile ProcEvents events;
    private Thread thread;
    /** True when the events come from the connector (for tests and the log). */
    private volatile boolean connector;

    public ProcessMonitor(List<ProcessTrackSettings> tracked, BiConsumer<String, Boolean> sink, Path proc, long pollMillis) {
        this.quorum = new ProcessQuorum(tracked);
        this.needCmdline = tracked.stream().anyMatch(ProcessTrackSettings::fullCommand);
        this.sink = sink;
        this.proc = proc;
        this.pollMillis = pollMillis;
    }

    /** Opens the connector (or decides to poll), does the first scan and reports every quorum, then runs. */
    public void start(boolean useConnector) {
        if (useConnector) {
            try {
                events = ProcEvents.open();
                connector = true;
                log.info("track_process: following the kernel's process events");
            } catch (RuntimeException e) {
                log.warn("track_process: process event connector unavailable ({}): scanning /proc every {} ms", e.getMessage(), pollMillis);
            }
        } else {
            log.info("track_process: scanning /proc every {} ms", pollMillis);
        }
        // Subscribed first, then scanned: a process started in between is seen by both, which is harmless.
        report(quorum.scan(readProcs(), clock.getAsLong(), true), true);
        thread = Thread.ofPlatform().name("process-monitor").daemon().start(this::run);
    }

    public boolean usesConnector() {
        return connector;
    }

    private void run() {
        long nextScan = clock.getAsLong() + pollMillis * 1_000_000L;
        while (running) {
            try {
                long now = clock.getAsLong();
                long deadline = quorum.nextDeadline();
                long wakeAt = connector ? (deadline == Long.MIN_VALUE ? now + 1_000_000_000L : deadline) : nextScan;
                if (deadline != Long.MIN_VALUE && deadline - wakeAt < 0) wakeAt = deadline;
                int waitMillis = (int) Math.max(1, Math.min(1000, (wakeAt - now) / 1_000_000L));
                if (connector) {
                    List<ProcConnector.ProcEvent> got;
                    try {
                        got = events.receive(waitMillis);
                    } catch (NetlinkException e) {
                        log.warn("track_process: process events lost ({}), rescanning /proc", e.getMessage());
                        report(quorum.scan(readProcs(), clock.getAsLong(), false), false);
                        continue;
                    }
                    if (got == null) return;
                    for (ProcConnector.ProcEvent ev : got) report(handle(ev, clock.getAsLong()), false);
                } else {
                    Thread.sleep(waitMillis);
                    if (clock.getAsLong() - nextScan >= 0) {
                        report(quorum.scan(readProcs(), clock.getAsLong(), false), false);
                        nextScan = clock.getAsLong() + pollMillis * 1_000_000L;
                    }
                }
                report(quorum.tick(clock.getAsLong()), false);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("track_process: {}", e.toString());
            }
        }
    }

    private List<ProcessQuorum.Change> handle(ProcConnector.ProcEvent ev, long now) {
        return switch (ev) {
            case ProcConnector.ProcEvent.Exec x -> {
                ProcessTrackSettings.Proc p = readProc(x.tgid());
                yield p == null ? quorum.exit(x.tgid(), now) : quorum.exec(x.tgid(), p, now);
            }
            case ProcConnector.ProcEvent.Fork f -> quorum.fork(f.parentTgid(), f.childTgid(), now);
            case ProcConnector.ProcEvent.Comm c -> quorum.comm(c.tgid(), c.comm(), now);
            case ProcConnector.ProcEvent.Exit x -> quorum.exit(x.tgid(), now);
        };
    }

    private void report(List<ProcessQuorum.Change> changes, boolean first) {
        for (ProcessQuorum.Change c : changes) {
            if (first) log.info("track_process {}: {} process(es), quorum {}", c.name(), c.processes(), c.up() ? "held" : "not held");
            else log.info("Quorum {} for tracked process {} ({} process(es))", c.up() ? "gained" : "lost", c.name(), c.processes());
            sink.accept(c.name(), c.up());
        }
    }

    /** Every process (not zombies) by pid. */
    Map<Integer, ProcessTrackSettings.Proc> readProcs() {
        Map<Integer, ProcessTrackSettings.Proc> out = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path d : dirs) {
                int pid = Integer.parseInt(d.getFileName().toString());
                ProcessTrackSettings.Proc p = readProc(pid);
                if (p != null) out.put(pid, p);
            }
        } catch (IOException e) {
            log.warn("track_process: cannot list {}: {}", proc, e.getMessage());
        }
        return out;
    }

    /** comm and state from /proc/PID/stat, the command line if needed; null when gone or a zombie. */
    ProcessTrackSettings.Proc readProc(int pid) {
        Path dir = proc.resolve(Integer.toString(pid));
        try {
            String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
            int open = stat.indexOf('('), close = stat.lastIndexOf(')');
            if (open < 0 || close < open || close + 2 >= stat.length()) return null;
            if (stat.charAt(close + 2) == 'Z') return null;
            String comm = stat.substring(open + 1, close);
            List<String> argv = List.of();
            if (needCmdline) {
                byte[] raw = Files.readAllBytes(dir.resolve("cmdline"));
                List<String> words = new ArrayList<>();
                int start = 0;
                for (int i = 0; i < raw.length; i++) {
                    if (raw[i] == 0) {
                        words.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                        start = i + 1;
                    }
                }
                if (start < raw.length) words.add(new String(raw, start, raw.length - start, StandardCharsets.UTF_8));
                argv = words;
            }
            return new ProcessTrackSettings.Proc(comm, argv);
        } catch (IOException | RuntimeException e) {
            return null; // gone meanwhile
        }
    }

    @Override
    public void close() {
        running = false;
        ProcEvents e = events;
        if (e != null) e.close();
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
