package io.vigil.vrrp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Runs the track scripts at their intervals (one run at a time each) and polls the track files, feeding the results
 * to every instance. Timers on the VRRP thread's {@link TimerQueue}; script runs off it, their results posted back.
 */
final class TrackSchedule {
    private final TimerQueue timers;
    private final ScriptRunner scripts;
    private final LongSupplier clock;
    private final long trackFilePollMillis;
    private final Consumer<Runnable> post;
    private final Consumer<VrrpEvent> toAllInstances;
    private final Set<String> scriptsRunning = ConcurrentHashMap.newKeySet();
    /** What is scheduled now (VRRP thread). */
    private Map<String, TrackedScript> scheduledScripts = Map.of();
    private List<TrackedFile> scheduledFiles = List.of();

    TrackSchedule(TimerQueue timers, ScriptRunner scripts, LongSupplier clock, long trackFilePollMillis, Consumer<Runnable> post,
                  Consumer<VrrpEvent> toAllInstances) {
        this.timers = timers;
        this.scripts = scripts;
        this.clock = clock;
        this.trackFilePollMillis = trackFilePollMillis;
        this.post = post;
        this.toAllInstances = toAllInstances;
    }

    /**
     * Schedules what {@code settings} track (VRRP thread). Called again after a reload, it reschedules only what
     * changed: a script whose definition is the same keeps its rhythm.
     */
    void update(List<VrrpInstanceSettings> settings) {
        Map<String, TrackedScript> wanted = new LinkedHashMap<>();
        Map<String, TrackedFile> files = new LinkedHashMap<>();
        for (VrrpInstanceSettings s : settings) {
            for (TrackedScript t : s.trackScripts()) wanted.putIfAbsent(t.name(), t);
            for (TrackedFile t : s.trackFiles()) files.putIfAbsent(t.name(), t);
        }
        long now = clock.getAsLong();
        for (TrackedScript old : scheduledScripts.values()) if (!old.equals(wanted.get(old.name()))) timers.cancel("script/" + old.name());
        for (TrackedScript t : wanted.values()) if (!t.equals(scheduledScripts.get(t.name()))) scheduleScript(t, now);
        List<TrackedFile> fileList = List.copyOf(files.values());
        if (!fileList.equals(scheduledFiles)) {
            timers.cancel("track-files");
            if (!fileList.isEmpty()) scheduleFiles(fileList, now);
        }
        scheduledScripts = wanted;
        scheduledFiles = fileList;
    }

    private void scheduleScript(TrackedScript t, long at) {
        timers.schedule("script/" + t.name(), at, () -> {
            if (scriptsRunning.add(t.name())) {
                scripts.run(t.command(), t.timeoutMillis()).thenAccept(r -> post.accept(() -> {
                    scriptsRunning.remove(t.name());
                    toAllInstances.accept(new VrrpEvent.TrackScriptResult(t.name(), r.success()));
                }));
            }
            scheduleScript(t, clock.getAsLong() + t.intervalMillis() * 1_000_000L);
        });
    }

    private void scheduleFiles(List<TrackedFile> files, long at) {
        timers.schedule("track-files", at, () -> {
            for (TrackedFile f : files) toAllInstances.accept(new VrrpEvent.TrackFileValue(f.name(), readTrackFile(f)));
            scheduleFiles(files, clock.getAsLong() + trackFilePollMillis * 1_000_000L);
        });
    }

    /** keepalived reads the leading integer; a missing or unreadable file counts as 0. */
    static long readTrackFile(TrackedFile f) {
        try {
            String s = Files.readString(f.path(), StandardCharsets.UTF_8).strip();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^[-+]?\\d+").matcher(s);
            return m.find() ? Long.parseLong(m.group()) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}
