package io.vigil.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * keepalived's {@code reload_time_file} and {@code reload_repeat}: the parent watches the file (inotify, through
 * Java's WatchService on its directory) and schedules a reload at the time its first line gives ({@link ReloadTime});
 * writing the file again moves the reload, deleting it cancels it. When the reload comes, the file is deleted unless
 * {@code reload_repeat} is set and it holds a time without a date (then it reloads at that time each day). The watch
 * is set up again from the configuration in force after each reload ({@link #configure}); when the file's directory
 * is missing or goes away, no reload is scheduled until the next reload or restart.
 */
final class ReloadTimeFile implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadTimeFile.class);
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private final java.util.function.BooleanSupplier reload;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("vigil-reload-time").factory());
    private Optional<Path> file = Optional.empty();
    private boolean repeat;
    private WatchService watch;
    private ScheduledFuture<?> scheduled;
    private ReloadTime.Parsed.At scheduledAt;

    /** @param reload what a scheduled reload does (keepalived sends itself SIGHUP); false when it was rejected */
    ReloadTimeFile(java.util.function.BooleanSupplier reload) {
        this.reload = reload;
    }

    /** Stops watching, then watches {@code file} (when set) and schedules what it says now. */
    synchronized void configure(Optional<String> timeFile, boolean repeat) {
        stopWatching();
        cancel(false);
        this.file = timeFile.map(f -> Path.of(f).toAbsolutePath());
        this.repeat = repeat;
        if (file.isEmpty()) return;
        Path dir = file.get().getParent();
        try {
            WatchService w = dir.getFileSystem().newWatchService();
            dir.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
            watch = w;
            Thread.ofVirtual().name("reload-time-watch").start(() -> watchLoop(w));
        } catch (IOException e) {
            LOG.warn("reload_time_file: cannot watch directory {} ({}): no scheduled reload until the next reload or restart", dir, e.getMessage());
            return;
        }
        readFile();
    }

    private void watchLoop(WatchService w) {
        Path name = file.map(Path::getFileName).orElseThrow();
        try {
            while (true) {
                WatchKey key = w.take();
                boolean ours = false;
                for (WatchEvent<?> e : key.pollEvents()) {
                    if (e.kind() == StandardWatchEventKinds.OVERFLOW || name.equals(e.context())) ours = true;
                }
                if (!key.reset()) {
                    synchronized (this) {
                        if (watch != w) return;
                        LOG.warn("reload_time_file: directory {} has gone; no scheduled reload until the next reload or restart", file.get().getParent());
                        cancel(true);
                        stopWatching();
                    }
                    return;
                }
                if (ours) {
                    synchronized (this) {
                        if (watch != w) return;
                        readFile();
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // stopped
        }
    }

    /** Under the monitor: the file's first line decides; a missing, empty or invalid file cancels the scheduled reload. */
    private void readFile() {
        String line;
        try (BufferedReader in = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
            line = in.readLine();
        } catch (IOException e) {
            line = null; // no file: nothing scheduled
        }
        if (line == null) {
            cancel(true);
            return;
        }
        ZonedDateTime now = ZonedDateTime.now();
        switch (ReloadTime.parse(line, now)) {
            case ReloadTime.Parsed.Invalid i -> {
                LOG.warn("reload_time_file {}: {}; no reload scheduled", file.get(), i.reason());
                cancel(true);
            }
            case ReloadTime.Parsed.Past p -> {
                LOG.warn("reload_time_file {}: '{}' has passed; no reload scheduled", file.get(), line);
                cancel(true);
            }
            case ReloadTime.Parsed.At at -> schedule(at);
        }
    }

    private void schedule(ReloadTime.Parsed.At at) {
        if (scheduledAt != null && scheduledAt.when().equals(at.when())) {
            scheduledAt = at;
            return;
        }
        if (scheduled != null) {
            scheduled.cancel(false);
            LOG.info("Scheduled reload moved from {} to {}", shown(scheduledAt.when()), shown(at.when()));
        } else {
            LOG.info("Reload scheduled for {}", shown(at.when()));
        }
        scheduledAt = at;
        long delayMillis = Math.max(0, at.when().toEpochMilli() - System.currentTimeMillis());
        scheduled = timer.schedule(this::fire, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void fire() {
        synchronized (this) {
            if (scheduledAt == null) return;
            boolean delete = !repeat || scheduledAt.dateGiven();
            scheduled = null;
            scheduledAt = null;
            stopWatching(); // its deletion below is not a cancellation
            if (delete) {
                try {
                    Files.deleteIfExists(file.get());
                } catch (IOException e) {
                    LOG.warn("reload_time_file: cannot delete {}: {}", file.get(), e.getMessage());
                }
            }
        }
        Optional<Path> timeFile = file;
        boolean again = repeat;
        LOG.info("Scheduled reload (reload_time_file {})", timeFile.orElseThrow());
        // An applied reload sets the watch up again from the new configuration; a rejected one keeps the one in force.
        if (!reload.getAsBoolean()) configure(timeFile.map(Path::toString), again);
    }

    private void cancel(boolean log) {
        if (scheduled == null) return;
        scheduled.cancel(false);
        if (log) LOG.info("Scheduled reload for {} cancelled", shown(scheduledAt.when()));
        scheduled = null;
        scheduledAt = null;
    }

    private void stopWatching() {
        if (watch == null) return;
        try {
            watch.close();
        } catch (IOException e) {
            // closing only
        }
        watch = null;
    }

    private static String shown(Instant t) {
        return SHOWN.format(t.atZone(ZoneId.systemDefault()));
    }

    @Override
    public synchronized void close() {
        stopWatching();
        cancel(false);
        timer.shutdownNow();
    }
}
