package io.vigil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ICMP echo (ping) for PING_CHECK, IPv4 and IPv6. Prefers the unprivileged ICMP datagram socket
 * ({@code socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP)}, allowed by {@code net.ipv4.ping_group_range}; the kernel
 * sets the identifier and filters replies), and falls back to a raw socket (root or CAP_NET_RAW).
 *
 * <pre>
 * ICMP echo (RFC 792 / RFC 4443), offsets from the start of the ICMP header:
 *  0      1      2             4             6             8
 * +------+------+-------------+-------------+-------------+----------------
 * | type | code |  checksum   | identifier  |  sequence   | payload...
 * +------+------+-------------+-------------+-------------+----------------
 * type: 8 request / 0 reply (IPv4); 128 request / 129 reply (IPv6)
 * </pre>
 * A raw IPv4 socket receives the IP header in front (IHL x 4 bytes); IPv6 raw and datagram sockets do not.
 */
public final class IcmpSocket implements AutoCloseable {
    private static final int IPPROTO_ICMP = 1, IPPROTO_ICMPV6 = 58;
    private static final int OFF_TYPE = 0, OFF_CHECKSUM = 2, OFF_ID = 4, OFF_SEQ = 6, HEADER_BYTES = 8;
    private static final int ECHO_REQUEST_V4 = 8, ECHO_REPLY_V4 = 0, ECHO_REQUEST_V6 = 128, ECHO_REPLY_V6 = 129;
    private static final int SOCKADDR_IN_BYTES = 16, SOCKADDR_IN6_BYTES = 28;
    private static final int PAYLOAD_BYTES = 16;

    private final int fd;
    private final boolean ipv6;
    private final boolean datagram;
    private final int identifier;

    private IcmpSocket(int fd, boolean ipv6, boolean datagram) {
        this.fd = fd;
        this.ipv6 = ipv6;
        this.datagram = datagram;
        this.identifier = ThreadLocalRandom.current().nextInt(1 << 16);
    }

    /** Opens an ICMP socket for the address family of {@code forTarget}; throws {@link NativeException} if neither kind is allowed. */
    public static IcmpSocket open(InetAddress forTarget) {
        return open(forTarget, true);
    }

    /** As {@link #open(InetAddress)}; {@code preferDatagram} false goes straight to a raw socket. */
    public static IcmpSocket open(InetAddress forTarget, boolean preferDatagram) {
        boolean v6 = forTarget instanceof Inet6Address;
        int family = v6 ? Libc.AF_INET6 : Libc.AF_INET;
        int proto = v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
        try {
            if (!preferDatagram) throw new NativeException("socket", Libc.EACCES);
            return new IcmpSocket(Libc.socket(family, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, proto), v6, true);
        } catch (NativeException e) {
            // ping_group_range excludes us: a raw socket needs CAP_NET_RAW
            return new IcmpSocket(Libc.socket(family, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, proto), v6, false);
        }
    }

    /** True when this socket is an unprivileged ICMP datagram socket, false for a raw one. */
    public boolean isDatagram() {
        return datagram;
    }

    /**
     * Sends one echo request and waits for its reply.
     *
     * @return round-trip time in nanoseconds, or -1 when no reply came within {@code timeoutMillis}
     * @throws NativeException when sending fails (e.g. network unreachable)
     */
    public long echo(InetAddress target, int sequence, int timeoutMillis) {
        if ((target instanceof Inet6Address) != ipv6) throw new IllegalArgumentException("address family mismatch: " + target);
        try (Arena a = Arena.ofConfined()) {
            byte[] payload = new byte[PAYLOAD_BYTES];
            ThreadLocalRandom.current().nextBytes(payload);
            MemorySegment packet = a.allocate(HEADER_BYTES + PAYLOAD_BYTES);
            packet.set(ValueLayout.JAVA_BYTE, OFF_TYPE, (byte) (ipv6 ? ECHO_REQUEST_V6 : ECHO_REQUEST_V4));
            packet.set(Libc.NET_SHORT, OFF_ID, (short) identifier);
            packet.set(Libc.NET_SHORT, OFF_SEQ, (short) sequence);
            MemorySegment.copy(payload, 0, packet, ValueLayout.JAVA_BYTE, HEADER_BYTES, PAYLOAD_BYTES);
            // IPv4: we checksum; IPv6: the kernel does (it needs the pseudo-header)
            if (!ipv6) packet.set(Libc.NET_SHORT, OFF_CHECKSUM, (short) checksum(packet.toArray(ValueLayout.JAVA_BYTE)));
            long start = System.nanoTime();
            Libc.sendto(fd, packet, packet.byteSize(), 0, sockaddr(a, target));
            long deadline = start + timeoutMillis * 1_000_000L;
            MemorySegment buf = a.allocate(2048);
            MemorySegment from = a.allocate(SOCKADDR_IN6_BYTES);
            MemorySegment fromLen = a.allocate(ValueLayout.JAVA_INT);
            byte[] want = target.getAddress();
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return -1;
                if (!Libc.pollIn(fd, (int) Math.max(1, left / 1_000_000L))) continue;
                fromLen.set(ValueLayout.JAVA_INT, 0, SOCKADDR_IN6_BYTES);
                long n = Libc.recvfrom(fd, buf, buf.byteSize(), Libc.MSG_DONTWAIT, from, fromLen);
                if (n <= 0) continue;
                if (!Arrays.equals(sourceAddress(from), want)) continue;
                int off = (!ipv6 && !datagram) ? (buf.get(ValueLayout.JAVA_BYTE, 0) & 0x0f) * 4 : 0;
                if (n < off + HEADER_BYTES + PAYLOAD_BYTES) continue;
                int type = buf.get(ValueLayout.JAVA_BYTE, off + OFF_TYPE) & 0xff;
                if (type != (ipv6 ? ECHO_REPLY_V6 : ECHO_REPLY_V4)) continue;
                // datagram sockets: the kernel rewrote the identifier and filters by it for us
                if (!datagram && (buf.get(Libc.NET_SHORT, off + OFF_ID) & 0xffff) != identifier) continue;
                if ((buf.get(Libc.NET_SHORT, off + OFF_SEQ) & 0xffff) != (sequence & 0xffff)) continue;
                byte[] got = buf.asSlice(off + HEADER_BYTES, PAYLOAD_BYTES).toArray(ValueLayout.JAVA_BYTE);
                if (!Arrays.equals(got, payload)) continue;
                return System.nanoTime() - start;
            }
        }
    }

    private MemorySegment sockaddr(Arena a, InetAddress target) {
        byte[] addr = target.getAddress();
        if (target instanceof Inet4Address) {
            MemorySegment s = a.allocate(SOCKADDR_IN_BYTES);
            s.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_INET);
            MemorySegment.copy(addr, 0, s, ValueLayout.JAVA_BYTE, 4, 4);
            return s;
        }
        MemorySegment s = a.allocate(SOCKADDR_IN6_BYTES);
        s.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_INET6);
        MemorySegment.copy(addr, 0, s, ValueLayout.JAVA_BYTE, 8, 16);
        if (target instanceof Inet6Address v6) s.set(ValueLayout.JAVA_INT, 24, v6.getScopeId());
        return s;
    }

    private byte[] sourceAddress(MemorySegment from) {
        return ipv6 ? from.asSlice(8, 16).toArray(ValueLayout.JAVA_BYTE) : from.asSlice(4, 4).toArray(ValueLayout.JAVA_BYTE);
    }

    /** The Internet checksum (RFC 1071) of {@code b}. */
    static int checksum(byte[] b) {
        long sum = 0;
        for (int i = 0; i + 1 < b.length; i += 2) sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        if ((b.length & 1) == 1) sum += (b[b.length - 1] & 0xff) << 8;
        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
        return (int) (~sum & 0xffff);
    }

    @Override
    public void close() {
        Libc.close(fd);
    }
}
