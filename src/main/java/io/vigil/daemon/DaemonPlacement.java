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
    static final Path DEFAULT_DATA_DUMP = Path.of("/tmp/keepalived.data");
    static final Path DEFAULT_STATS_DUMP = Path.of("/tmp/keepalived.stats");

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

    /**
     * keepalived's open_dump_file: with data_use_instance and a namespace or instance, the default dump file
     * {@code /tmp/keepalived.data} becomes {@code /tmp/keepalived.NAMESPACE_INSTANCE.data}; a file given on the
     * command line stays.
     */
    Path dumpFile(Path given, Path byDefault) {
        if (!given.equals(byDefault) || !placement.dataUseInstance()) return given;
        if (placement.netNamespace().isEmpty() && placement.instance().isEmpty()) return given;
        String name = byDefault.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String tag = placement.netNamespace().orElse("") + (placement.netNamespace().isPresent() && placement.instance().isPresent() ? "_" : "")
                + placement.instance().orElse("");
        return byDefault.resolveSibling(name.substring(0, dot) + "." + tag + name.substring(dot));
    }

    static Path netnsPath(String name) {
        return Path.of("/run/netns", name);
    }
}
