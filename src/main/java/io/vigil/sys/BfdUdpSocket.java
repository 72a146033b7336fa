package io.vigil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.random.RandomGenerator;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A UDP socket for BFD control packets (RFC 5881/5883), as keepalived opens its own: a listener bound to
 * {@code [::]} or {@code 0.0.0.0} on 3784 (or 4784) that reports each datagram's TTL / hop limit (IP_RECVTTL,
 * IPV6_RECVHOPLIMIT) and destination (IP_PKTINFO, IPV6_RECVPKTINFO); and per-session senders bound to the source
 * address on a port from 49152-65535, sending with a fixed TTL / unicast hop limit. Non-blocking: the BFD thread
 * waits for all its sockets at once with {@link FdWaiter}. Used by one thread; {@link #close} from that thread.
 */
public final class BfdUdpSocket implements AutoCloseable {
    static final int IPV6_V6ONLY = 26;
    public static final int EADDRINUSE = 98;
    private static final int RECEIVE_BYTES = 2048, CONTROL_BYTES = 256;

    /** A received datagram: {@code ttl} 0 when the kernel gave none (keepalived then skips the TTL check). */
    public record Received(byte[] data, int length, InetAddress source, InetAddress destination, int ttl) { }

    private final boolean ipv6;
    private final int fd;
    private final int localPort;
    private final Arena arena = Arena.ofShared(); // opened by one thread, used by the BFD thread
    private final MemorySegment rxBuf = arena.allocate(RECEIVE_BYTES, 8);
    private final MemorySegment rxName = arena.allocate(Sockaddrs.SOCKADDR_IN6_SIZE, 8);
    private final MemorySegment rxControl = arena.allocate(CONTROL_BYTES, 8);
    private final MemorySegment rxIov = arena.allocate(16, 8);
    private final MemorySegment rxMsg = arena.allocate(RawVrrpSocket.MSGHDR_SIZE, 8);
    private final MemorySegment txBuf = arena.allocate(RECEIVE_BYTES, 8);
    private boolean closed;

    private BfdUdpSocket(boolean ipv6, int fd, int localPort) {
        this.ipv6 = ipv6;
        this.fd = fd;
        this.localPort = localPort;
    }

    /** The receiving socket on {@code port} for one family (IPv6 only for IPv6: IPv4 gets its own). */
    public static BfdUdpSocket listen(boolean ipv6, int port) {
        int fd = Libc.socket(ipv6 ? Libc.AF_INET6 : Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        BfdUdpSocket s = new BfdUdpSocket(ipv6, fd, port);
        try (Arena a = Arena.ofConfined()) {
            if (ipv6) {
                Libc.setsockoptInt(fd, Libc.SOL_IPV6, IPV6_V6ONLY, 1);
                Libc.setsockoptInt(fd, Libc.SOL_IPV6, RawVrrpSocket.IPV6_RECVHOPLIMIT, 1);
                Libc.setsockoptInt(fd, Libc.SOL_IPV6, RawVrrpSocket.IPV6_RECVPKTINFO, 1);
            } else {
                Libc.setsockoptInt(fd, Libc.SOL_IP, RawVrrpSocket.IP_RECVTTL, 1);
                Libc.setsockoptInt(fd, Libc.SOL_IP, RawVrrpSocket.IP_PKTINFO, 1);
            }
            Libc.bind(fd, withPort(Sockaddrs.inet(a, any(ipv6), 0), port));
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * A sending socket: TTL (IPv4) or unicast hop limit (IPv6) {@code ttl}; bound to {@code source} on a free port
     * in [{@code minPort}, {@code maxPort}] from a random start, or unbound (the kernel's port) without a source, as
     * keepalived does.
     */
    public static BfdUdpSocket sender(boolean ipv6, InetAddress source, int ttl, int minPort, int maxPort, RandomGenerator random) {
        int fd = Libc.socket(ipv6 ? Libc.AF_INET6 : Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        int bound = 0;
        try (Arena a = Arena.ofConfined()) {
            if (ipv6) Libc.setsockoptInt(fd, Libc.SOL_IPV6, RawVrrpSocket.IPV6_UNICAST_HOPS, ttl);
            else Libc.setsockoptInt(fd, Libc.SOL_IP, RawVrrpSocket.IP_TTL, ttl);
            if (source != null) {
                int span = maxPort - minPort + 1;
                int start = minPort + random.nextInt(span);
                for (int i = 0; i < span && bound == 0; i++) {
                    int port = minPort + (start - minPort + i) % span;
                    try {
                        Libc.bind(fd, withPort(Sockaddrs.inet(a, source, 0), port));
                        bound = port;
                    } catch (NativeException e) {
                        if (e.errno() != EADDRINUSE) throw e;
                    }
                }
                if (bound == 0) throw new NativeException("bind", EADDRINUSE);
            }
        } catch (RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
        return new BfdUdpSocket(ipv6, fd, bound);
    }

    public int fd() {
        return fd;
    }

    /** The bound port (0 for an unbound sender). */
    public int localPort() {
        return localPort;
    }

    public void send(byte[] data, int length, InetAddress destination, int port) {
        MemorySegment.copy(data, 0, txBuf, JAVA_BYTE, 0, length);
        try (Arena a = Arena.ofConfined()) {
            Libc.sendto(fd, txBuf, length, 0, withPort(Sockaddrs.inet(a, destination, 0), port));
        }
    }

    /** The next queued datagram, or null when there is none. */
    public Received receiveNow() {
        rxIov.set(ADDRESS, 0, rxBuf);
        rxIov.set(JAVA_LONG, 8, RECEIVE_BYTES);
        rxMsg.fill((byte) 0);
        rxMsg.set(ADDRESS, RawVrrpSocket.MSG_OFF_NAME, rxName);
        rxMsg.set(JAVA_INT, RawVrrpSocket.MSG_OFF_NAMELEN, (int) rxName.byteSize());
        rxMsg.set(ADDRESS, RawVrrpSocket.MSG_OFF_IOV, rxIov);
        rxMsg.set(JAVA_LONG, RawVrrpSocket.MSG_OFF_IOVLEN, 1);
        rxMsg.set(ADDRESS, RawVrrpSocket.MSG_OFF_CONTROL, rxControl);
        rxMsg.set(JAVA_LONG, RawVrrpSocket.MSG_OFF_CONTROLLEN, CONTROL_BYTES);
        long n = Libc.recvmsg(fd, rxMsg, Libc.MSG_DONTWAIT);
        if (n < 0) return null;
        byte[] data = new byte[(int) n];
        MemorySegment.copy(rxBuf, JAVA_BYTE, 0, data, 0, (int) n);
        InetAddress destination = null;
        int ttl = 0;
        long controlLen = rxMsg.get(JAVA_LONG, RawVrrpSocket.MSG_OFF_CONTROLLEN);
        long off = 0;
        while (off + RawVrrpSocket.CMSG_DATA <= controlLen) {
            long len = rxControl.get(JAVA_LONG, off + RawVrrpSocket.CMSG_OFF_LEN);
            if (len < RawVrrpSocket.CMSG_DATA || off + len > controlLen) break;
            int level = rxControl.get(JAVA_INT, off + RawVrrpSocket.CMSG_OFF_LEVEL);
            int type = rxControl.get(JAVA_INT, off + RawVrrpSocket.CMSG_OFF_TYPE);
            long d = off + RawVrrpSocket.CMSG_DATA;
            if ((level == Libc.SOL_IP && type == RawVrrpSocket.IP_TTL) || (level == Libc.SOL_IPV6 && type == RawVrrpSocket.IPV6_HOPLIMIT)) {
                ttl = rxControl.get(JAVA_INT, d);
            } else if (level == Libc.SOL_IP && type == RawVrrpSocket.IP_PKTINFO) {
                destination = Sockaddrs.address(copy(d + 8, 4)); // in_pktinfo: ifindex, spec_dst, addr
            } else if (level == Libc.SOL_IPV6 && type == RawVrrpSocket.IPV6_PKTINFO) {
                destination = Sockaddrs.address(copy(d, 16)); // in6_pktinfo: addr, ifindex
            }
            off += (len + 7) & ~7L;
        }
        return new Received(data, (int) n, Sockaddrs.readInet(rxName), destination, ttl);
    }

    private byte[] copy(long off, int n) {
        byte[] b = new byte[n];
        MemorySegment.copy(rxControl, JAVA_BYTE, off, b, 0, n);
        return b;
    }

    static MemorySegment withPort(MemorySegment sockaddr, int port) {
        sockaddr.set(Libc.NET_SHORT, 2, (short) port);
        return sockaddr;
    }

    private static InetAddress any(boolean ipv6) {
        return Sockaddrs.address(new byte[ipv6 ? 16 : 4]);
    }

    public boolean ipv6() {
        return ipv6;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Libc.close(fd);
        arena.close();
    }
}
