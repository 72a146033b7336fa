package io.vigil.sys;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * sd_notify(3) without libsystemd: datagrams to the unix socket named by {@code NOTIFY_SOCKET} (a path, or
 * an abstract name starting with '@'). When the variable is unset (not run by systemd with Type=notify)
 * every call is a no-op returning false. A failed send is logged and never thrown: the daemon must not die
 * because its supervisor went away.
 */
public final class SdNotify implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SdNotify.class);

    private final String socketPath;
    private final long watchdogMicros;
    private int fd = -1;

    private SdNotify(String socketPath, long watchdogMicros) {
        this.socketPath = socketPath;
        this.watchdogMicros = watchdogMicros;
    }

    /** From the process environment (NOTIFY_SOCKET, WATCHDOG_USEC, WATCHDOG_PID). */
    public static SdNotify fromEnvironment() {
        return fromEnvironment(System.getenv(), Libc.getpid());
    }

    static SdNotify fromEnvironment(Map<String, String> env, int pid) {
        String path = env.get("NOTIFY_SOCKET");
        long usec = 0;
        String wd = env.get("WATCHDOG_USEC");
        String wdPid = env.get("WATCHDOG_PID");
        if (wd != null && (wdPid == null || wdPid.equals(Integer.toString(pid)))) {
            try {
                usec = Long.parseLong(wd.trim());
            } catch (NumberFormatException e) {
                log.warn("ignoring malformed WATCHDOG_USEC={}", wd);
            }
        }
        return new SdNotify(path == null || path.isEmpty() ? null : path, usec);
    }

    /** Notifies the given socket (tests, or an explicit path). */
    public static SdNotify to(String socketPath) {
        return new SdNotify(socketPath, 0);
    }

    public boolean enabled() {
        return socketPath != null;
    }

    /** The watchdog timeout systemd asked for, in microseconds (0 = none); send {@link #watchdog()} at half of it. */
    public long watchdogMicros() {
        return watchdogMicros;
    }

    public boolean ready() {
        return send("READY=1");
    }

    public boolean watchdog() {
        return send("WATCHDOG=1");
    }

    public boolean stopping() {
        return send("STOPPING=1");
    }

    /** RELOADING=1 with MONOTONIC_USEC (required by Type=notify-reload); send {@link #ready()} when done. */
    public boolean reloading() {
        return send("RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1000);
    }

    public boolean status(String text) {
        return send("STATUS=" + text.replace('\n', ' '));
    }

    /** Sends newline-separated assignments as one datagram; true when sent. */
    public synchronized boolean send(String state) {
        if (socketPath == null) return false;
        try (Arena a = Arena.ofConfined()) {
            if (fd < 0) fd = Libc.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
            byte[] b = state.getBytes(StandardCharsets.UTF_8);
            MemorySegment buf = a.allocate(Math.max(1, b.length));
            MemorySegment.copy(b, 0, buf, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, b.length);
            Libc.sendto(fd, buf, b.length, 0, Sockaddrs.unix(a, socketPath));
            return true;
        } catch (NativeException | IllegalArgumentException e) {
            log.warn("sd_notify to {} failed: {}", socketPath, e.getMessage());
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            Libc.close(fd);
            fd = -1;
        }
    }
}
