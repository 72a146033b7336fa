package io.vigil.daemon;

import io.vigil.config.Script;
import io.vigil.sys.ScriptPolicy;
import io.vigil.sys.ScriptUsers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The notify FIFOs as keepalived sets them up, for the VRRP and the checker process alike: the FIFO is created when
 * missing, mode 0644 (less the umask) and owned by its user (the USER [GROUP] after its path, else the default script
 * user), so that a reader script running as that user can open it; and its reader script, if one is configured,
 * started with the FIFO's path as its argument.
 */
final class NotifyFifoFiles {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyFifoFiles.class);

    private NotifyFifoFiles() {}

    static void create(Script fifo) {
        Path p = Path.of(fifo.command());
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return; // as keepalived: an existing FIFO keeps its owner and mode
        try {
            io.vigil.sys.Libc.mkfifo(p.toString(), 0644);
        } catch (io.vigil.sys.NativeException e) {
            LOG.warn("cannot create notify FIFO {}: {}", p, e.getMessage());
            return;
        }
        switch (ScriptPolicy.current().resolve(ScriptPolicySetting.userOf(fifo).orElse(null), List.of(), ScriptUsers.SYSTEM)) {
            case ScriptPolicy.RunAs.Refused r -> LOG.warn("notify FIFO {} created, left owned by Vigil's user: {}", p, r.reason());
            case ScriptPolicy.RunAs.As as -> {
                ScriptUsers.Ids self = ScriptUsers.SYSTEM.self();
                try {
                    if (as.uid() != self.uid()) Files.setAttribute(p, "unix:uid", as.uid(), LinkOption.NOFOLLOW_LINKS);
                    if (as.gid() != self.gid()) Files.setAttribute(p, "unix:gid", as.gid(), LinkOption.NOFOLLOW_LINKS);
                    LOG.info("notify FIFO {} created (owner {}:{})", p, as.uid(), as.gid());
                } catch (java.io.IOException | UnsupportedOperationException e) {
                    LOG.warn("notify FIFO {} created, but giving it to {}:{} failed: {}", p, as.uid(), as.gid(), e.getMessage());
                }
            }
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
