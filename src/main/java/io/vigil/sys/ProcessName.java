package io.vigil.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Names a Vigil process in ps/pgrep ({@code vigil}, {@code vigil-vrrp}, ...). {@code prctl(PR_SET_NAME)} names only
 * the calling thread, and a JVM runs {@code main} on a thread of its own, not on the process's first thread whose name
 * ps and pgrep show; so that first thread is named through {@code /proc/self/task/PID/comm}, which Linux lets any
 * thread of the process write.
 */
public final class ProcessName {
    /** The kernel keeps 15 bytes of a name. */
    public static final int MAX_BYTES = 15;

    private ProcessName() {
    }

    /** Names the process and the calling thread; a failure is returned as a sentence (null when named). */
    public static String set(String name) {
        String n = name.length() > MAX_BYTES ? name.substring(0, MAX_BYTES) : name;
        try {
            Libc.setThreadName(n);
            long pid = ProcessHandle.current().pid();
            Files.writeString(Path.of("/proc/self/task/" + pid + "/comm"), n);
            return null;
        } catch (NativeException | IOException | UnsupportedOperationException e) {
            return "cannot name the process '" + n + "': " + e.getMessage();
        }
    }

    /** The process's name as ps shows it. */
    public static String current() throws IOException {
        return Files.readString(Path.of("/proc/self/comm")).strip();
    }
}
