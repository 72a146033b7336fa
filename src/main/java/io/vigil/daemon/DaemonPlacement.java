package io.vigil.daemon;

import io.vigil.config.ConfigLoader;
import io.vigil.config.GlobalDefs;
import io.vigil.config.LoadOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * keepalived's {@code net_namespace} and {@code instance}, which must be known before the parent writes its pid file
 * and spawns its children. Reading the whole configuration there would delay every start (~140 ms of a cold JVM), so
 * the main file is scanned first, and read in full only when it could set one of them: a line starting with either
 * keyword (after an optional {@code @id}), an {@code include}, or a {@code $} definition.
 */
record DaemonPlacement(GlobalDefs.Placement placement) {
    private static final Pattern MAYBE = Pattern.compile("(?m)^\\s*(@\\S+\\s+)?(net_namespace|instance|include)\\b|^\\s*\\$");

    static DaemonPlacement find(Path configFile, String configId, boolean compat) {
        try {
            if (!MAYBE.matcher(Files.readString(configFile)).find()) return new DaemonPlacement(GlobalDefs.Placement.NONE);
        } catch (IOException | RuntimeException e) {
            return new DaemonPlacement(GlobalDefs.Placement.NONE); // the check after start reports the file
        }
        return new DaemonPlacement(ConfigLoader.load(configFile, new LoadOptions(configId, compat)).config()
                .map(c -> c.globalDefs().placement()).orElse(GlobalDefs.Placement.NONE));
    }

    /** Where the pid files and control socket go: /run/vigil, or /run/vigil/NAMESPACE (keepalived: /run/keepalived/NAMESPACE). */
    Path directory() {
        return pidFile("vigil").getParent();
    }

    /** keepalived's make_pidfile_name: {@code base_INSTANCE.pid}, in {@link #directory()}. */
    Path pidFile(String base) {
        return ControlClient.placedPidFile(placement.netNamespace(), placement.instance(), base);
    }

    static Path netnsPath(String name) {
        return Path.of("/run/netns", name);
    }
}
