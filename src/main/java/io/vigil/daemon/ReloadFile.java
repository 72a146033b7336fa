package io.vigil.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * keepalived's {@code reload_file}: present (created, or truncated when it exists) while a reload reads the
 * configuration files, removed once every process has read them, so the tool that updates the files waits for it to go.
 */
final class ReloadFile {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadFile.class);

    private ReloadFile() {}

    /** The default path: beside the parent's pid file, named as it with .reload (keepalived: keepalived.reload in its pid directory). */
    static Path defaultFor(Path pidFile) {
        String name = pidFile.getFileName().toString();
        String base = name.endsWith(".pid") ? name.substring(0, name.length() - 4) : name;
        return pidFile.resolveSibling(base + ".reload");
    }

    static void create(Path file) {
        if (file == null) return;
        try {
            boolean fresh = !Files.exists(file);
            Files.write(file, new byte[0], StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            if (fresh) Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--")); // whatever the umask, as keepalived
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("cannot create reload file {}: {}", file, e.getMessage());
        }
    }

    static void remove(Path file) {
        if (file == null) return;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot remove reload file {}: {}", file, e.getMessage());
        }
    }
}
