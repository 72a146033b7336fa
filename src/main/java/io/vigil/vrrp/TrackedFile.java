package io.vigil.vrrp;

import java.nio.file.Path;

/**
 * A {@code track_file} entry: the file holds an integer. Weight 0: non-zero means FAULT. Otherwise value × weight is
 * added to the priority, and a result of -254 or less means FAULT (keepalived's rule).
 */
public record TrackedFile(String name, Path path, int weight) {
}
