package io.vigil.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How to read a configuration.
 *
 * @param configId the id that {@code @id} / {@code @^id} lines are compared with (keepalived's {@code -i});
 *                 keepalived defaults it to the first part of the host name
 * @param compat   keepalived compatibility: unknown keywords become warnings instead of errors
 */
public record LoadOptions(String configId, boolean compat) {

    public LoadOptions {
        configId = configId == null ? defaultConfigId() : configId;
    }

    /** The host's short name as config id, strict mode. */
    public static LoadOptions defaults() {
        return new LoadOptions(null, false);
    }

    public LoadOptions withConfigId(String id) {
        return new LoadOptions(id, compat);
    }

    public LoadOptions withCompat(boolean on) {
        return new LoadOptions(configId, on);
    }

    /** keepalived's default: the node name up to the first dot (read from /proc, no DNS). */
    static String defaultConfigId() {
        for (String f : new String[] {"/proc/sys/kernel/hostname", "/etc/hostname"}) {
            try {
                String name = Files.readString(Path.of(f)).strip();
                if (!name.isEmpty()) {
                    int dot = name.indexOf('.');
                    return dot > 0 ? name.substring(0, dot) : name;
                }
            } catch (IOException | RuntimeException e) {
                // try the next source
            }
        }
        return "localhost";
    }
}
