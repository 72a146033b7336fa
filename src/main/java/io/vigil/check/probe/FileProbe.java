package io.vigil.check.probe;

import io.vigil.check.CheckerSettings;
import io.vigil.check.ProbeResult;

import java.io.IOException;
import java.nio.file.Files;

/**
 * FILE_CHECK (track_file): reads an integer from the file. Weight 0: a non-zero value is a failure. Otherwise
 * the server's weight becomes weight + value x file weight (negated with reverse), a negative result a failure.
 */
public final class FileProbe implements Probe {
    private static final int MAX_WEIGHT = 65535;
    private final CheckerSettings.File settings;
    private final int baseWeight;

    FileProbe(CheckerSettings.File settings, int baseWeight) {
        this.settings = settings;
        this.baseWeight = baseWeight;
    }

    @Override
    public ProbeResult check() {
        String where = "FILE_CHECK " + settings.path();
        long value;
        try {
            String text = Files.readString(settings.path()).trim();
            value = text.isEmpty() ? 0 : Long.parseLong(text.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return new ProbeResult.Down(where + ": cannot read a number: " + e.getMessage());
        }
        if (settings.weight() == 0)
            return value == 0 ? new ProbeResult.Up(where + ": 0") : new ProbeResult.Down(where + ": value " + value);
        long w = baseWeight + value * settings.weight() * (settings.reverse() ? -1 : 1);
        if (w < 0) return new ProbeResult.Down(where + ": value " + value + " gives weight " + w + " < 0");
        return new ProbeResult.Weight((int) Math.min(w, MAX_WEIGHT), where + ": value " + value);
    }
}
