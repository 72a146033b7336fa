package io.vigil.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The parent's view of one supervised child: its process, the protocol pipe, the last heartbeat answer, and the
 * VRRP states it reported (kept across restarts so a new VRRP child resumes its role).
 */
final class ChildHandle {
    private static final Logger LOG = LoggerFactory.getLogger(ChildHandle.class);

    final Subsystem.Kind kind;
    private final List<String> baseCommand;
    private final Path pidFile;
    private final Map<String, String> lastStates = new ConcurrentHashMap<>();
    /** The VRRP child's latest advert per instance (epoch ms), kept across restarts like the states. */
    private final Map<String, Long> lastAdverts = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final AtomicLong requestIds = new AtomicLong();

    private volatile Process process;
    private volatile Thread reader;
    private volatile Writer toChild;
    /** The pipe under {@link #toChild}, for {@link #sendStop}. */
    private volatile java.io.OutputStream rawToChild;
    private volatile long lastPongNanos;
    private volatile long startedNanos;
    private volatile CompletableFuture<Void> ready = new CompletableFuture<>();
    int restarts;
    /** When the previous incarnation died (epoch ms), 0 before any death. */
    volatile long diedAtMillis;

    /** Receives the child's EVENT observations (for the cluster picture); set before the child starts. */
    volatile java.util.function.Consumer<io.vigil.observe.ObsEvent> onEvent = e -> { };
    /** EVENT lines that could not be read (a child of another version). */
    final AtomicLong badEvents = new AtomicLong();

    /** Receives the VRRP child's BFD lines (session, up); set before the child starts. */
    volatile java.util.function.BiConsumer<String, Boolean> onBfd = (session, up) -> { };

    /** Receives the proxy child's PROXY_STATS lines (base64 text); set before the child starts. */
    volatile java.util.function.Consumer<String> onProxyStats = b64 -> { };

    /** Receives the child's DESIRED lines (base64 text). */
    private final java.util.function.Consumer<String> onDesired;
    /** Receives the child's STATE lines (instance, state) after they are remembered. */
    private final java.util.function.BiConsumer<String, String> onState;

    ChildHandle(Subsystem.Kind kind, List<String> baseCommand, Path pidFile, java.util.function.Consumer<String> onDesired) {
        this(kind, baseCommand, pidFile, onDesired, (instance, state) -> { });
    }

    ChildHandle(Subsystem.Kind kind, List<String> baseCommand, Path pidFile, java.util.function.Consumer<String> onDesired,
                java.util.function.BiConsumer<String, String> onState) {
        this.kind = kind;
        this.onDesired = onDesired;
        this.onState = onState;
        this.baseCommand = List.copyOf(baseCommand);
        this.pidFile = pidFile;
    }

    /** Set once the startup script has ended: a child started from then on does not wait for it. */
    volatile boolean startupDone;

    /** A process started early with this child's base command ({@link Daemon#startVrrpEarly}), taken by the first start. */
    private Process adopted;

    synchronized void adopt(Process early) {
        adopted = early;
    }

    /** The process started early if it runs this command line, else a new one. */
    private Process takeAdopted(List<String> cmd) throws IOException {
        Process early = adopted;
        adopted = null;
        if (early != null && cmd.equals(baseCommand)) return early;
        if (early != null) early.destroyForcibly(); // started with another command line: not this start's
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Starts the child with the states it reported itself (a restarted VRRP child resumes its role). */
    Process start() throws IOException {
        return start(new LinkedHashMap<>(lastStates));
    }

    /** Starts the child with these instance states as arguments (the checker child gets the VRRP child's). */
    synchronized Process start(Map<String, String> resumeStates) throws IOException {
        return start(resumeStates, Map.of());
    }

    /** With the BFD sessions' known states too (the checker child: BFD_CHECK). */
    synchronized Process start(Map<String, String> resumeStates, Map<String, Boolean> bfdStates) throws IOException {
        List<String> cmd = new ArrayList<>(baseCommand);
        bfdStates.forEach((session, up) -> cmd.add(ChildProtocol.BFD_STATE_ARGUMENT + session + "=" + ChildProtocol.bfdWord(up)));
        if (diedAtMillis > 0) cmd.add("--previous-death=" + diedAtMillis);
        if (startupDone) cmd.add(ChildProtocol.STARTUP_DONE_ARGUMENT);
        lastAdverts.forEach((inst, ms) -> cmd.add("--last-advert=" + inst + "@" + ms));
        resumeStates.forEach((inst, state) -> cmd.add(inst + "=" + state));
        Process p = takeAdopted(cmd);
        process = p;
        ready = new CompletableFuture<>();
        rawToChild = p.getOutputStream();
        toChild = new OutputStreamWriter(rawToChild, StandardCharsets.UTF_8);
        startedNanos = System.nanoTime();
        lastPongNanos = startedNanos;
        if (pidFile != null) PidFiles.write(pidFile, p.pid());
        reader = Thread.ofPlatform().daemon().name(kind.vigilIdent() + "-reader").start(() -> readReplies(p));
        LOG.info("Starting {} child process, pid={}{}", kind.keepalivedIdent(), p.pid(),
                resumeStates.isEmpty() ? "" : (kind == Subsystem.Kind.VRRP ? " resuming " : " with VRRP states ") + resumeStates);
        return p;
    }

    private void readReplies(Process p) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(" ", 3);
                switch (f[0]) {
                    case ChildProtocol.PONG -> lastPongNanos = System.nanoTime();
                    case ChildProtocol.READY -> {
                        lastPongNanos = System.nanoTime();
                        ready.complete(null);
                    }
                    case ChildProtocol.ADVERT -> {
                        if (f.length == 3) {
                            try {
                                lastAdverts.put(f[1], Long.parseLong(f[2]));
                            } catch (NumberFormatException e) {
                                LOG.debug("{}: bad line {}", kind.vigilIdent(), line);
                            }
                        }
                    }
                    case ChildProtocol.DESIRED -> {
                        if (f.length > 1) onDesired.accept(f[1]);
                    }
                    case ChildProtocol.PROXY_STATS -> {
                        if (f.length > 1) onProxyStats.accept(f[1]);
                    }
                    case ChildProtocol.BFD -> {
                        if (f.length == 3) onBfd.accept(f[1], f[2].equals("up"));
                    }
                    case ChildProtocol.EVENT -> {
                        if (line.length() <= ChildProtocol.EVENT.length() + 1) break;
                        try {
                            onEvent.accept(io.vigil.observe.EventLine.decode(line.substring(ChildProtocol.EVENT.length() + 1)));
                        } catch (IllegalArgumentException e) {
                            if (badEvents.incrementAndGet() == 1) LOG.warn("{}: unreadable event: {}", kind.vigilIdent(), e.getMessage());
                        }
                    }
                    case ChildProtocol.STATE -> {
                        if (f.length == 3) {
                            lastStates.put(f[1], f[2]);
                            onState.accept(f[1], f[2]);
                        }
                    }
                    case ChildProtocol.REPLY, ChildProtocol.ERROR -> {
                        CompletableFuture<String> fut = f.length > 1 ? pending.remove(f[1]) : null;
                        if (fut == null) break;
                        String text = f.length > 2 ? ChildProtocol.decode(f[2]) : "";
                        if (f[0].equals(ChildProtocol.REPLY)) fut.complete(text);
                        else fut.completeExceptionally(new IllegalStateException(text));
                    }
                    default -> LOG.debug("{}: {}", kind.vigilIdent(), line);
                }
            }
        } catch (IOException e) {
            LOG.debug("{} pipe closed: {}", kind.vigilIdent(), e.toString());
        }
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException(kind.vigilIdent() + " exited")));
        pending.clear();
    }

    /** Sends a line; false when the child's pipe is broken (the exit watcher restarts it). */
    synchronized boolean send(String line) {
        Writer w = toChild;
        if (w == null) return false;
        try {
            w.write(line);
            w.write('\n');
            w.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static final byte[] STOP_LINE = (ChildProtocol.STOP + "\n").getBytes(StandardCharsets.US_ASCII);

    /**
     * STOP, the first act of a stop (the VRRP child's priority-0 adverts wait for it): bytes made ahead, straight to
     * the pipe, no character encoder on the signal's thread. {@link #send} always flushes its writer, so under this
     * monitor nothing of another line is pending in it.
     */
    synchronized boolean sendStop() {
        java.io.OutputStream out = rawToChild;
        if (out == null) return false;
        try {
            out.write(STOP_LINE);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends a request (RELOAD, STATUS, DUMP) and returns the child's answer. */
    CompletableFuture<String> request(String command, String... extra) {
        String id = Long.toString(requestIds.incrementAndGet());
        CompletableFuture<String> fut = new CompletableFuture<>();
        pending.put(id, fut);
        StringBuilder line = new StringBuilder(command).append(' ').append(id);
        for (String e : extra) line.append(' ').append(e);
        if (!send(line.toString())) {
            pending.remove(id);
            fut.completeExceptionally(new IllegalStateException(kind.vigilIdent() + " is not running"));
        }
        return fut.orTimeout(10, TimeUnit.SECONDS);
    }

    Process process() {
        return process;
    }

    /** After the child exited: lets its last lines (the STOP states) reach the parent before it goes on. */
    void awaitOutputRead(long millis) {
        Thread t = reader;
        if (t == null) return;
        try {
            t.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long lastPongNanos() {
        return lastPongNanos;
    }

    long startedNanos() {
        return startedNanos;
    }

    CompletableFuture<Void> ready() {
        return ready;
    }

    Map<String, String> lastStates() {
        return new LinkedHashMap<>(lastStates);
    }

    Map<String, Long> lastAdverts() {
        return new LinkedHashMap<>(lastAdverts);
    }

    void removePidFile() {
        if (pidFile != null) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // best effort at exit
            }
        }
    }
}
