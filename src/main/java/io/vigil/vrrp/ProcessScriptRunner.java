package io.vigil.vrrp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs scripts as child processes on virtual threads: stdout/stderr discarded, killed (SIGTERM, then SIGKILL 1 s
 * later, descendants included) at the timeout. FIFO lines are written by one virtual thread per line so a FIFO
 * without a reader never blocks the VRRP thread.
 */
public final class ProcessScriptRunner implements ScriptRunner {
    private static final Logger log = LoggerFactory.getLogger(ProcessScriptRunner.class);
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("vrrp-script-", 0).factory());

    @Override
    public CompletableFuture<Result> run(List<String> argv, long timeoutMillis) {
        return CompletableFuture.supplyAsync(() -> runNow(argv, timeoutMillis), executor);
    }

    private static Result runNow(List<String> argv, long timeoutMillis) {
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            log.warn("cannot run {}: {}", argv, e.getMessage());
            return new Result(-1, false, e.getMessage());
        }
        try {
            if (p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) return new Result(p.exitValue(), false, null);
            log.warn("{} timed out after {} ms, killing it", argv, timeoutMillis);
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(1, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            return new Result(-1, true, null);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(-1, true, "interrupted");
        }
    }

    @Override
    public CompletableFuture<Void> writeFifo(String path, String line) {
        return CompletableFuture.runAsync(() -> {
            try (OutputStream out = java.nio.file.Files.newOutputStream(Path.of(path), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                log.warn("cannot write notify fifo {}: {}", path, e.getMessage());
            }
        }, executor);
    }

    /** Lets running scripts (e.g. the STOP notify) finish for up to 5 s, then kills what is left. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) executor.shutdownNow();
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
