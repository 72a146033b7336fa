package io.vigil.config;

import java.nio.file.Path;
import java.util.Optional;

/** {@code track_file NAME { file PATH  weight N [reverse] }} (legacy: vrrp_track_file). */
public record TrackFile(String name, Path file, Vrrp.Weight weight, Optional<String> initFile, SourcePos pos) { }
