package io.vigil.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A stand-in subsystem for supervisor tests: records its life in a journal file next to the "config" file, and
 * reports one VRRP instance as MASTER so the parent has a state to remember (and as BACKUP on each reload). What the
 * parent sends beyond the common commands (VRRP_STATE, APPLY) goes to a second file, {@code received-KIND}.
 */
public final class StandInSubsystem implements Subsystem {
    private Path journal;
    private Context context;

    private void note(String line) {
        note(journal, line);
    }

    private static void note(Path file, String line) {
        try {
            Files.writeString(file, ProcessHandle.current().pid() + " " + line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As a real subsystem, it reads the configuration at start and reload (what config_save_dir needs); some tests give none. */
    private void readConfiguration() {
        if (!Files.isRegularFile(context.configFile())) return;
        try {
            CheckerSubsystem.load(context.configFile(), context.configId(), context.compat());
        } catch (IllegalStateException e) {
            note("configuration refused: " + e.getMessage());
        }
    }

    @Override
    public void start(Context context) {
        this.context = context;
        journal = context.configFile().resolveSibling("journal-" + System.getProperty("vigil.test.kind", "x"));
        readConfiguration();
        note("start resumed=" + new java.util.TreeMap<>(context.resumedStates()));
        note(journal.resolveSibling("adverts-" + System.getProperty("vigil.test.kind", "x")),
                "start last-adverts=" + new java.util.TreeMap<>(context.lastAdvertEpochMillis()));
        context.sink().instanceState("VI_1", "MASTER");
        // Adverts stamped 1, 2, 3 ms after the previous incarnation's last one (or from 1000): the parent keeps the last.
        long base = context.lastAdvertEpochMillis().getOrDefault("VI_1", 1000L);
        for (int i = 1; i <= 3; i++) context.sink().advertSent("VI_1", base + i);
    }

    @Override
    public String reload() {
        readConfiguration();
        note("reload");
        // reload_file tests: the file must be there while a child reads the configuration
        for (String name : new String[] {"reloading", "vigil.reload"}) {
            if (Files.exists(journal.resolveSibling(name))) note(journal.resolveSibling("reload-file-seen"), name);
        }
        context.sink().instanceState("VI_1", "BACKUP");
        return "reloaded";
    }

    @Override
    public void receive(String verb, String payload) {
        note(journal.resolveSibling("received-" + System.getProperty("vigil.test.kind", "x")), verb + " " + payload);
    }

    @Override
    public String status() {
        return "VI_1 MASTER\n";
    }

    @Override
    public String dump(boolean stats) {
        return stats ? "stats of " + ProcessHandle.current().pid() + "\n" : "data of " + ProcessHandle.current().pid() + "\n";
    }

    @Override
    public void close() {
        long closeMillis = Long.getLong("vigil.test.closeMillis", 0);
        if (closeMillis > 0) {
            note("closing");
            try {
                Thread.sleep(closeMillis); // a child slow to stop (child_wait_time tests)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        note("close");
    }
}
