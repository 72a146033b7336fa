package io.vigil.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * keepalived's {@code config_save_dir}, a debugging aid for repeated reloads: the parent saves each configuration it
 * reads, expanded (includes, definitions), as {@code keepalived.conf.PID.N}; each child saves its data dump before and
 * after each reload as {@code keepalived_PROCESS.PID.N.pre} and {@code .post} (PROCESS: vrrp, check; Vigil's proxy
 * child: proxy). The directory is made (rwx------) when missing; a file that cannot be written is logged, nothing else.
 */
final class ConfigSave {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigSave.class);
    private static final AtomicInteger CONFIGS = new AtomicInteger();
    private static final AtomicInteger RELOADS = new AtomicInteger();
    /** The configuration in force's config_save_dir, in this process (null: none). */
    private static volatile Path dir;
    /** This process's name in the dump files' names. */
    static volatile String process = "parent";

    private ConfigSave() {}

    static void configure(Optional<String> saveDir) {
        dir = saveDir.map(Path::of).orElse(null);
    }

    /** The parent: a configuration it has read, expanded. */
    static void config(Optional<String> saveDir, Supplier<String> expanded) {
        configure(saveDir);
        write("keepalived.conf." + ProcessHandle.current().pid() + "." + CONFIGS.getAndIncrement(), expanded);
    }

    /** A child around one reload: its data dump before ({@code post} false) and after. */
    static void reload(boolean post, Supplier<String> dump) {
        int n = post ? RELOADS.get() : RELOADS.incrementAndGet();
        write("keepalived_" + process + "." + ProcessHandle.current().pid() + "." + n + (post ? ".post" : ".pre"), dump);
    }

    private static void write(String name, Supplier<String> text) {
        Path d = dir;
        if (d == null) return;
        try {
            if (!Files.isDirectory(d)) Files.createDirectory(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.writeString(d.resolve(name), text.get());
        } catch (IOException | RuntimeException e) {
            LOG.warn("config_save_dir: cannot write {}: {}", d.resolve(name), e.getMessage());
        }
    }
}
