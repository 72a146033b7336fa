package io.vigil.vrrp;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Port: runs notify and track scripts off the VRRP thread. */
public interface ScriptRunner extends AutoCloseable {
    /** Exit status of one run, or {@code timedOut} when it was killed at its timeout (exit -1 if it could not start). */
    record Result(int exitStatus, boolean timedOut, String error) {
        public boolean success() {
            return exitStatus == 0 && !timedOut && error == null;
        }
    }

    CompletableFuture<Result> run(List<String> argv, long timeoutMillis);

    /** Appends one line to a FIFO (or file); never blocks the caller. */
    CompletableFuture<Void> writeFifo(String path, String line);

    @Override
    void close();
}
