package io.vigil.daemon;

import io.vigil.config.Script;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The notify FIFOs as keepalived sets them up, for the VRRP and the checker process alike: the FIFO is created
 * (mode 0600) when missing, and its reader script, if one is configured, started with the FIFO's path as its argument.
 */
final class NotifyFifoFiles {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyFifoFiles.class);

    private NotifyFifoFiles() {}

    static void create(String path) {
        Path p = Path.of(path);
        if (Files.exists(p)) return;
        try {
            io.vigil.sys.Libc.mkfifo(path, 0600);
            LOG.info("notify FIFO {} created", p);
        } catch (io.vigil.sys.NativeException e) {
            LOG.warn("cannot create notify FIFO {}: {}", p, e.getMessage());
        }
    }

    /** Starts the reader script; null when it cannot be started (logged). */
    static Process startReader(Script script, String path) {
        List<String> argv = new ArrayList<>(CommandWords.split(script.command()));
        argv.add(path);
        try {
            Process p = new ProcessBuilder(new io.vigil.sys.ScriptRunner().commandLine(argv, ScriptPolicySetting.userOf(script).orElse(null))).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            LOG.info("notify FIFO reader {} started (pid {})", argv, p.pid());
            return p;
        } catch (java.io.IOException | IllegalStateException e) {
            LOG.warn("cannot start notify FIFO reader {}: {}", argv, e.getMessage());
            return null;
        }
    }
}
