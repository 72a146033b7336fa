package io.vigil.config;

import java.nio.file.Path;
import java.util.Optional;

/** {@code track_file NAME { file PATH  weight N [reverse]  init_file [VALUE] [overwrite] }} (legacy: vrrp_track_file). */
public record TrackFile(String name, Path file, Vrrp.Weight weight, Optional<Init> initFile, SourcePos pos) {
    /** {@code init_file}: write {@code value} to the file at start if it is missing, or always with {@code overwrite}. */
    public record Init(int value, boolean overwrite) { }
}
