package io.vigil.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * User and group names to ids, through {@code getent} (so NSS sources count, as keepalived's getpwnam does), cached
 * for the life of the process; and the ids this process runs as.
 */
public final class ScriptUsers {
    /** A user's uid and its primary gid. */
    public record Ids(int uid, int gid) {}

    /** Name lookups, faked in tests. */
    public interface Directory {
        Optional<Ids> user(String name);

        Optional<Integer> group(String name);

        /** The ids this process runs as. */
        Ids self();
    }

    private ScriptUsers() {}

    public static final Directory SYSTEM = new Directory() {
        private final Map<String, Optional<Ids>> users = new ConcurrentHashMap<>();
        private final Map<String, Optional<Integer>> groups = new ConcurrentHashMap<>();

        @Override
        public Optional<Ids> user(String name) {
            return users.computeIfAbsent(name, n -> getent("passwd", n).map(f -> new Ids(Integer.parseInt(f[2]), Integer.parseInt(f[3]))));
        }

        @Override
        public Optional<Integer> group(String name) {
            return groups.computeIfAbsent(name, n -> getent("group", n).map(f -> Integer.parseInt(f[2])));
        }

        @Override
        public Ids self() {
            return SELF;
        }
    };

    private static final Ids SELF = readSelf();

    /** The effective uid and gid, from /proc/self/status (Uid: real effective saved fs). */
    private static Ids readSelf() {
        try {
            int uid = -1, gid = -1;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) uid = Integer.parseInt(line.split("\\s+")[2]);
                if (line.startsWith("Gid:")) gid = Integer.parseInt(line.split("\\s+")[2]);
            }
            return new Ids(uid, gid);
        } catch (IOException | RuntimeException e) {
            return new Ids(-1, -1);
        }
    }

    private static Optional<String[]> getent(String database, String name) {
        if (name.isEmpty() || name.startsWith("-")) return Optional.empty();
        try {
            Process p = new ProcessBuilder("getent", database, name).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            if (p.exitValue() != 0 || out.isEmpty()) return Optional.empty();
            String[] f = out.lines().findFirst().orElse("").split(":", -1);
            return f.length >= 3 && f[0].equals(name) ? Optional.of(f) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
