package io.vigil.daemon;

import io.vigil.config.KeepalivedConfig;
import io.vigil.config.TrackFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;

/**
 * keepalived's {@code init_file} of a track_file, applied by each process that reads the configuration before it
 * tracks anything: a missing file gets the value (at start and on reload); with {@code overwrite} an existing regular
 * file gets it too, at start only (keepalived never overwrites on reload).
 */
final class TrackFileInit {
    private static final Logger LOG = LoggerFactory.getLogger(TrackFileInit.class);

    private TrackFileInit() {}

    static void apply(KeepalivedConfig config, boolean reload) {
        for (TrackFile f : config.trackFiles().values()) f.initFile().ifPresent(init -> write(f, init, reload));
    }

    private static void write(TrackFile f, TrackFile.Init init, boolean reload) {
        if (Files.exists(f.file())) {
            if (!init.overwrite() || reload) return;
            if (!Files.isRegularFile(f.file(), LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(f.file())) {
                LOG.warn("Cannot initialise track file {} - it is not a regular file", f.name());
                return;
            }
        }
        try {
            Files.writeString(f.file(), init.value() + "\n");
            LOG.info("track file {}: {} initialised to {}", f.name(), f.file(), init.value());
        } catch (IOException e) {
            LOG.warn("Unable to initialise track file {} ({}): {}", f.name(), f.file(), e.getMessage());
        }
    }
}
