package io.vigil.vrrp.kernel;

import io.vigil.vrrp.ScriptRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The VRRP child's script port over {@link io.vigil.sys.ScriptRunner} (the one runner, shared with the checkers):
 * scripts run on virtual threads, output discarded, killed at the timeout with everything they started (SIGTERM,
 * SIGKILL 2 s later). FIFO lines are written in order by one virtual thread, never the VRRP thread, to the FIFO
 * opened read-write (so a FIFO without a reader neither blocks the open nor loses lines until its buffer is full).
 */
public final class ProcessScriptRunner implements ScriptRunner {
    private static final Logger log = LoggerFactory.getLogger(ProcessScriptRunner.class);
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("vrrp-script-", 0).factory());
    private final io.vigil.sys.ScriptRunner scripts = new io.vigil.sys.ScriptRunner();

    @Override
    public CompletableFuture<Result> run(List<String> argv, long timeoutMillis) {
        return CompletableFuture.supplyAsync(() -> runNow(argv, timeoutMillis), executor);
    }

    private Result runNow(List<String> argv, long timeoutMillis) {
        return switch (scripts.run(argv, null, timeoutMillis)) {
            case io.vigil.sys.ScriptRunner.Outcome.Exited e -> new Result(e.code(), false, null);
            case io.vigil.sys.ScriptRunner.Outcome.TimedOut t -> {
                log.warn("{} timed out after {} ms: killed ({} process(es))", argv, timeoutMillis, t.processesKilled());
                yield new Result(-1, true, null);
            }
            case io.vigil.sys.ScriptRunner.Outcome.FailedToStart f -> {
                log.warn("cannot run {}: {}", argv, f.reason());
                yield new Result(-1, false, f.reason());
            }
        };
    }

    /** Open notify FIFOs by path, read-write so opening never waits for a reader (as keepalived opens them). */
    private final java.util.Map<String, java.io.RandomAccessFile> fifos = new java.util.HashMap<>();
    /** One writer thread: lines reach the FIFO in transition order. */
    private final ExecutorService fifoWriter = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("vrrp-fifo").factory());

    @Override
    public CompletableFuture<Void> writeFifo(String path, String line) {
        return CompletableFuture.runAsync(() -> {
            try {
                java.io.RandomAccessFile fifo = fifos.get(path);
                if (fifo == null) {
                    fifo = new java.io.RandomAccessFile(path, "rw");
                    fifos.put(path, fifo);
                }
                // One write per line: under PIPE_BUF bytes it reaches the reader whole, never interleaved.
                fifo.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                log.warn("cannot write notify fifo {}: {}", path, e.getMessage());
            }
        }, fifoWriter);
    }

    /** Lets running scripts (e.g. the STOP notify) finish for up to 5 s, then kills what is left. */
    @Override
    public void close() {
        executor.shutdown();
        fifoWriter.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) executor.shutdownNow();
            if (!fifoWriter.awaitTermination(1, TimeUnit.SECONDS)) fifoWriter.shutdownNow();
        } catch (InterruptedException e) {
            executor.shutdownNow();
            fifoWriter.shutdownNow();
            Thread.currentThread().interrupt();
        }
        for (java.io.RandomAccessFile f : fifos.values()) {
            try {
                f.close();
            } catch (IOException ignored) {
                // closing on the way out
            }
        }
    }
}
