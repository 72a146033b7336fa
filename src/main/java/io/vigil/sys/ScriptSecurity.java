package io.vigil.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * keepalived's script security rules (lib/notify.c, check_script_secure), pure over a {@link FileView}: a script that
 * runs as root (its user or group is root, or the file is set-user/group-ID root) must not be replaceable by anyone
 * but root. Every component of its path, from {@code /} to the file, must be owned by root, and no directory
 * without the sticky bit nor the file may be writable by a non-root group or by everyone. The checked path is the
 * script's directory resolved (symbolic links followed) plus its own name; when that name is itself a symbolic link,
 * the file it resolves to is checked the same way.
 */
public final class ScriptSecurity {
    private ScriptSecurity() {}

    static final int S_IFMT = 0170000, S_IFDIR = 0040000, S_IFREG = 0100000, S_IFLNK = 0120000;
    static final int S_ISUID = 04000, S_ISGID = 02000, S_ISVTX = 01000, S_IXUSR = 0100, S_IXGRP = 010, S_IWGRP = 020, S_IWOTH = 02;

    /** One {@code lstat}: owner, group and {@code st_mode} (type bits included). */
    public record Stat(int uid, int gid, int mode) {
        boolean isDirectory() {
            return (mode & S_IFMT) == S_IFDIR;
        }

        boolean isRegular() {
            return (mode & S_IFMT) == S_IFREG;
        }

        boolean isSymlink() {
            return (mode & S_IFMT) == S_IFLNK;
        }
    }

    /** The file system as the rules see it. */
    public interface FileView {
        /** {@code lstat} (links not followed), null when the path does not exist or cannot be reached. */
        Stat lstat(String absolutePath);

        /** The path with every symbolic link, {@code .} and {@code ..} resolved; null when it does not resolve. */
        String realPath(String path);
    }

    /** What the rules say of one script. */
    public sealed interface Verdict {
        record Safe() implements Verdict {}

        /** {@code path} (the script or one of its directories) can be changed by a non-root user. */
        record Unsafe(String path, String why) implements Verdict {}

        record NotFound(String path) implements Verdict {}

        /** A directory of the path that is not one, or a script that is neither a file nor a link. */
        record WrongType(String path) implements Verdict {}
    }

    /** keepalived's need_script_protection: the script would run with root's rights. */
    public static boolean runsAsRoot(int uid, int gid, Stat file) {
        return uid == 0 || gid == 0
                || file != null && file.uid() == 0 && (file.mode() & S_IXUSR) != 0 && (file.mode() & S_ISUID) != 0
                || file != null && file.gid() == 0 && (file.mode() & S_IXGRP) != 0 && (file.mode() & S_ISGID) != 0;
    }

    /** Checks the script at {@code absolutePath} (see the class comment). */
    public static Verdict check(String absolutePath, FileView fs) {
        Path p = Path.of(absolutePath);
        Path parent = p.getParent();
        String dir = parent == null ? "/" : fs.realPath(parent.toString());
        if (dir == null) return new Verdict.NotFound(absolutePath);
        String named = (dir.endsWith("/") ? dir : dir + "/") + p.getFileName();
        Verdict v = checkComponents(named, fs);
        if (!(v instanceof Verdict.Safe)) return v;
        Stat s = fs.lstat(named);
        if (s != null && s.isSymlink()) {
            String real = fs.realPath(named);
            if (real == null) return new Verdict.NotFound(absolutePath);
            return checkComponents(real, fs);
        }
        return v;
    }

    /** keepalived's check_security over one absolute path, each component {@code lstat}ed from the root down. */
    static Verdict checkComponents(String absolutePath, FileView fs) {
        List<String> prefixes = prefixes(absolutePath);
        for (int i = 0; i < prefixes.size(); i++) {
            String c = prefixes.get(i);
            boolean last = i == prefixes.size() - 1;
            Stat s = fs.lstat(c);
            if (s == null) return new Verdict.NotFound(c);
            if (!last && !s.isDirectory() || last && !s.isRegular() && !s.isSymlink()) return new Verdict.WrongType(c);
            if (s.uid() != 0) return new Verdict.Unsafe(c, "owned by uid " + s.uid());
            boolean guarded = s.isDirectory() && (s.mode() & S_ISVTX) == 0 || s.isRegular();
            if (guarded && (s.mode() & S_IWOTH) != 0) return new Verdict.Unsafe(c, "writable by everyone");
            if (guarded && s.gid() != 0 && (s.mode() & S_IWGRP) != 0) return new Verdict.Unsafe(c, "writable by group gid " + s.gid());
        }
        return new Verdict.Safe();
    }

    /** "/", "/a", "/a/b", ... the path itself. */
    static List<String> prefixes(String absolutePath) {
        List<String> out = new ArrayList<>();
        out.add("/");
        StringBuilder sb = new StringBuilder();
        for (String part : absolutePath.split("/")) {
            if (part.isEmpty()) continue;
            sb.append('/').append(part);
            out.add(sb.toString());
        }
        return out;
    }

    /** The real file system, through the JDK's unix attribute view (no native call needed). */
    public static final FileView REAL = new FileView() {
        @Override
        public Stat lstat(String absolutePath) {
            try {
                Map<String, Object> a = Files.readAttributes(Path.of(absolutePath), "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
                return new Stat((Integer) a.get("uid"), (Integer) a.get("gid"), (Integer) a.get("mode"));
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        @Override
        public String realPath(String path) {
            try {
                return Path.of(path).toRealPath().toString();
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    };
}
