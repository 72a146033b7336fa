package io.vigil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * A TCP connect with {@code SO_MARK} set (keepalived's checker {@code fwmark}, for policy routing of checks), which
 * the JDK's sockets cannot do. Non-blocking connect, then poll for POLLOUT and read SO_ERROR. Setting a mark needs
 * CAP_NET_ADMIN. The poll blocks its carrier thread when called from a virtual thread: meant for the few checkers
 * that use fwmark.
 */
public final class MarkedTcpConnect {
    private MarkedTcpConnect() {}

    public static final int SO_MARK = 36, SO_ERROR = 4, ECONNREFUSED = 111;
    private static final int OFF_PORT = 2;

    /**
     * Connects to {@code target} from {@code bind} (null: any) with mark {@code mark}, then closes.
     *
     * @return true when connected, false when {@code timeoutMillis} passed first
     * @throws NativeException on any other failure (errno {@link #ECONNREFUSED}: refused)
     */
    public static boolean connect(InetSocketAddress target, InetSocketAddress bind, int mark, int timeoutMillis) {
        return connect(target, bind, mark, null, timeoutMillis);
    }

    /** As above; {@code mark} 0: no SO_MARK; {@code device} not null: SO_BINDTODEVICE (keepalived's bind_if). */
    public static boolean connect(InetSocketAddress target, InetSocketAddress bind, int mark, String device, int timeoutMillis) {
        boolean v6 = target.getAddress() instanceof Inet6Address;
        int fd = Libc.socket(v6 ? Libc.AF_INET6 : Libc.AF_INET, Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        try (Arena a = Arena.ofConfined()) {
            if (mark != 0) Libc.setsockoptInt(fd, Libc.SOL_SOCKET, SO_MARK, mark);
            if (device != null) Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_BINDTODEVICE, a.allocateFrom(device));
            if (bind != null) {
                Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, 1);
                Libc.bind(fd, sockaddr(a, bind));
            }
            try {
                Libc.connect(fd, sockaddr(a, target));
                return true;
            } catch (NativeException e) {
                if (e.errno() != Libc.EINPROGRESS) throw e;
            }
            MemorySegment p = a.allocate(Libc.POLLFD);
            p.set(ValueLayout.JAVA_INT, 0, fd);
            p.set(ValueLayout.JAVA_SHORT, 4, Libc.POLLOUT);
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) return false;
                if (Libc.poll(p, 1, (int) left) > 0) break;
            }
            int err = Libc.getsockoptInt(fd, Libc.SOL_SOCKET, SO_ERROR);
            if (err != 0) throw new NativeException("connect", err);
            return true;
        } finally {
            Libc.close(fd);
        }
    }

    private static MemorySegment sockaddr(Arena a, InetSocketAddress s) {
        int scope = s.getAddress() instanceof Inet6Address v6 ? v6.getScopeId() : 0;
        MemorySegment m = Sockaddrs.inet(a, s.getAddress(), scope);
        m.set(Libc.NET_SHORT, OFF_PORT, (short) s.getPort());
        return m;
    }
}
