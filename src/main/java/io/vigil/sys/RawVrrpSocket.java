package io.vigil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.concurrent.locks.ReentrantLock;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A raw IP socket for VRRP (protocol 112) on one interface, IPv4 or IPv6, set up as keepalived sets its own:
 * bound to the device (SO_BINDTODEVICE), multicast TTL/hop limit 255, no loopback of our own adverts, no
 * multicast from other interfaces (IP_MULTICAST_ALL 0), and optionally joined to 224.0.0.18 / ff02::12.
 *
 * <p>IPv4 sends use IP_HDRINCL: the caller supplies the whole IPv4 header (keepalived's TOS 0xc0, TTL 255,
 * its IP id counter), so adverts are byte-identical to keepalived's. IPv6 sends give the VRRP message only;
 * the kernel adds the header with hop limit 255 (multicast and unicast) and the source this socket is bound
 * to (the interface's link-local address by default).
 *
 * <p>{@link #receive} waits with a timeout, so one loop thread can also serve timers, and returns null once
 * {@link #close} has been called from another thread. Each received packet comes with its source,
 * destination, TTL/hop limit (from IP_RECVTTL / IPV6_RECVHOPLIMIT) and arrival interface (IP_PKTINFO /
 * IPV6_RECVPKTINFO).
 */
public final class RawVrrpSocket implements AutoCloseable {
    public static final int IPPROTO_VRRP = 112, IPPROTO_AH = 51;
    public static final InetAddress GROUP_V4 = Sockaddrs.address(new byte[] {(byte) 224, 0, 0, 18});
    public static final InetAddress GROUP_V6 = Sockaddrs.address(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12});

    // <netinet/in.h>, <linux/in6.h>
    static final int IP_TTL = 2, IP_HDRINCL = 3, IP_PKTINFO = 8, IP_RECVTTL = 12, IP_MULTICAST_IF = 32,
            IP_MULTICAST_TTL = 33, IP_MULTICAST_LOOP = 34, IP_ADD_MEMBERSHIP = 35, IP_DROP_MEMBERSHIP = 36,
            IP_MULTICAST_ALL = 49;
    static final int IPV6_UNICAST_HOPS = 16, IPV6_MULTICAST_IF = 17, IPV6_MULTICAST_HOPS = 18, IPV6_MULTICAST_LOOP = 19,
            IPV6_ADD_MEMBERSHIP = 20, IPV6_DROP_MEMBERSHIP = 21, IPV6_MULTICAST_ALL = 29, IPV6_RECVPKTINFO = 49,
            IPV6_PKTINFO = 50, IPV6_RECVHOPLIMIT = 51, IPV6_HOPLIMIT = 52;
    // struct msghdr (64-bit): name, namelen, iov, iovlen, control, controllen, flags
    static final int MSGHDR_SIZE = 56, MSG_OFF_NAME = 0, MSG_OFF_NAMELEN = 8, MSG_OFF_IOV = 16, MSG_OFF_IOVLEN = 24,
            MSG_OFF_CONTROL = 32, MSG_OFF_CONTROLLEN = 40, MSG_OFF_FLAGS = 48;
    // struct cmsghdr: len (size_t), level, type, data
    static final int CMSG_OFF_LEN = 0, CMSG_OFF_LEVEL = 8, CMSG_OFF_TYPE = 12, CMSG_DATA = 16;
    private static final int RECEIVE_BYTES = 65536, CONTROL_BYTES = 256;

    /**
     * What was received.
     *
     * @param packet        the bytes read: for IPv4 the whole IP packet, for IPv6 the VRRP message only
     * @param payloadOffset where the VRRP message starts in {@code packet} (the IPv4 header length; 0 for IPv6)
     * @param source        the sender's address
     * @param destination   the destination address of the packet (the group, or ours for unicast)
     * @param ttl           IPv4 TTL or IPv6 hop limit as received
     * @param ifIndex       the interface it arrived on
     */
    public record Received(byte[] packet, int payloadOffset, InetAddress source, InetAddress destination, int ttl, int ifIndex) {
        public byte[] payload() {
            return java.util.Arrays.copyOfRange(packet, payloadOffset, packet.length);
        }
    }

    private final boolean ipv6;
    private final int fd;
    private final int ifIndex;
    private final String interfaceName;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment rxBuf = arena.allocate(RECEIVE_BYTES, 8);
    private final MemorySegment rxName = arena.allocate(Sockaddrs.SOCKADDR_IN6_SIZE, 8);
    private final MemorySegment rxControl = arena.allocate(CONTROL_BYTES, 8);
    private final MemorySegment rxIov = arena.allocate(16, 8);
    private final MemorySegment rxMsg = arena.allocate(MSGHDR_SIZE, 8);
    private final MemorySegment txBuf = arena.allocate(RECEIVE_BYTES, 8);
    private final ReentrantLock rxLock = new ReentrantLock(), txLock = new ReentrantLock();
    /** The IPV6_UNICAST_HOPS now set (255 at open); guarded by txLock. */
    private int unicastHops = 255;
    private final Waker waker = new Waker();
    private final java.util.Set<InetAddress> joined = new java.util.LinkedHashSet<>();

    private RawVrrpSocket(boolean ipv6, int fd, int ifIndex, String interfaceName) {
        this.ipv6 = ipv6;
        this.fd = fd;
        this.ifIndex = ifIndex;
        this.interfaceName = interfaceName;
    }

    /**
     * Opens an IPv4 VRRP socket on {@code interfaceName} (IP_HDRINCL; the source address is the one the caller
     * writes into each header). {@code joinGroup}: join 224.0.0.18 to receive multicast adverts.
     */
    public static RawVrrpSocket openIpv4(String interfaceName, boolean joinGroup) {
        return openIpv4(interfaceName, IPPROTO_VRRP, joinGroup);
    }

    /**
     * As {@link #openIpv4(String, boolean)} for another IP protocol: {@link #IPPROTO_AH} (51) receives and
     * sends VRRPv2 adverts with keepalived's {@code auth_type AH}, which travel as AH packets.
     */
    public static RawVrrpSocket openIpv4(String interfaceName, int protocol, boolean joinGroup) {
        int ifIndex = requireInterface(interfaceName);
        int fd = Libc.socket(Libc.AF_INET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, protocol);
        RawVrrpSocket s = new RawVrrpSocket(false, fd, ifIndex, interfaceName);
        try (Arena a = Arena.ofConfined()) {
            s.bindToDevice();
            Libc.setsockoptInt(fd, Libc.SOL_IP, IP_HDRINCL, 1);
            Libc.setsockoptInt(fd, Libc.SOL_IP, IP_MULTICAST_TTL, 255);
            Libc.setsockoptInt(fd, Libc.SOL_IP, IP_MULTICAST_LOOP, 0);
            Libc.setsockoptInt(fd, Libc.SOL_IP, IP_MULTICAST_ALL, 0);
            Libc.setsockopt(fd, Libc.SOL_IP, IP_MULTICAST_IF, mreqn(a, null, ifIndex));
            Libc.setsockoptInt(fd, Libc.SOL_IP, IP_PKTINFO, 1);
            Libc.setsockoptInt(fd, Libc.SOL_IP, IP_RECVTTL, 1);
            if (joinGroup) s.join();
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Opens an IPv6 VRRP socket on {@code interfaceName}, bound to {@code source} (null: the interface's
     * link-local address must then be chosen by the kernel; pass it explicitly for keepalived parity, and a
     * global address for {@code unicast_src_ip}). {@code joinGroup}: join ff02::12.
     */
    public static RawVrrpSocket openIpv6(String interfaceName, InetAddress source, boolean joinGroup) {
        if (source != null && !(source instanceof Inet6Address)) throw new IllegalArgumentException("not an IPv6 source: " + source);
        int ifIndex = requireInterface(interfaceName);
        int fd = Libc.socket(Libc.AF_INET6, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, IPPROTO_VRRP);
        RawVrrpSocket s = new RawVrrpSocket(true, fd, ifIndex, interfaceName);
        try (Arena a = Arena.ofConfined()) {
            s.bindToDevice();
            Libc.setsockoptInt(fd, Libc.SOL_IPV6, IPV6_MULTICAST_HOPS, 255);
            Libc.setsockoptInt(fd, Libc.SOL_IPV6, IPV6_UNICAST_HOPS, 255);
            Libc.setsockoptInt(fd, Libc.SOL_IPV6, IPV6_MULTICAST_LOOP, 0);
            Libc.setsockoptInt(fd, Libc.SOL_IPV6, IPV6_MULTICAST_ALL, 0);
            Libc.setsockoptInt(fd, Libc.SOL_IPV6, IPV6_MULTICAST_IF, ifIndex);
            Libc.setsockoptInt(fd, Libc.SOL_IPV6, IPV6_RECVPKTINFO, 1);
            Libc.setsockoptInt(fd, Libc.SOL_IPV6, IPV6_RECVHOPLIMIT, 1);
            if (source != null) Libc.bind(fd, Sockaddrs.inet(a, source, source.isLinkLocalAddress() ? ifIndex : 0));
            if (joinGroup) s.join();
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static int requireInterface(String name) {
        int index = Libc.ifNameToIndex(name);
        if (index == 0) throw new NativeException("if_nametoindex " + name, Libc.ENODEV);
        return index;
    }

    private void bindToDevice() {
        try (Arena a = Arena.ofConfined()) {
            Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_BINDTODEVICE, a.allocateFrom(interfaceName));
        }
    }

    /** struct ip_mreqn { in_addr multiaddr; in_addr address; int ifindex; } */
    private static MemorySegment mreqn(Arena a, InetAddress group, int ifIndex) {
        MemorySegment m = a.allocate(12, 4);
        if (group != null) MemorySegment.copy(group.getAddress(), 0, m, JAVA_BYTE, 0, 4);
        m.set(JAVA_INT, 8, ifIndex);
        return m;
    }

    /** struct ipv6_mreq { in6_addr multiaddr; int ifindex; } */
    private static MemorySegment mreq6(Arena a, InetAddress group, int ifIndex) {
        MemorySegment m = a.allocate(20, 4);
        MemorySegment.copy(group.getAddress(), 0, m, JAVA_BYTE, 0, 16);
        m.set(JAVA_INT, 16, ifIndex);
        return m;
    }

    /** Joins the VRRP group (224.0.0.18 / ff02::12) on the interface (idempotent). */
    public void join() {
        join(ipv6 ? GROUP_V6 : GROUP_V4);
    }

    /** Joins {@code group} (vrrp_mcast_group4/6, mcast_dst_ip) on the interface (idempotent). */
    public synchronized void join(InetAddress group) {
        if (!group.isMulticastAddress() || (group instanceof Inet6Address) != ipv6)
            throw new IllegalArgumentException("not an " + (ipv6 ? "IPv6" : "IPv4") + " multicast group: " + group.getHostAddress());
        if (joined.contains(group)) return;
        membership(group, true);
        joined.add(group);
    }

    /** Leaves {@code group} if joined (a reload dropped the last instance that used it). */
    public synchronized void leave(InetAddress group) {
        if (joined.remove(group)) membership(group, false);
    }

    /** The groups this socket is joined to. */
    public synchronized java.util.Set<InetAddress> joined() {
        return java.util.Set.copyOf(joined);
    }

    /** Leaves every group joined (e.g. a unicast-only instance, or before close). */
    public synchronized void leave() {
        for (InetAddress g : joined) membership(g, false);
        joined.clear();
    }

    private void membership(InetAddress group, boolean add) {
        try (Arena a = Arena.ofConfined()) {
            if (ipv6) Libc.setsockopt(fd, Libc.SOL_IPV6, add ? IPV6_ADD_MEMBERSHIP : IPV6_DROP_MEMBERSHIP, mreq6(a, group, ifIndex));
            else Libc.setsockopt(fd, Libc.SOL_IP, add ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP, mreqn(a, group, ifIndex));
        }
    }

    public boolean ipv6() {
        return ipv6;
    }

    public int ifIndex() {
        return ifIndex;
    }

    public String interfaceName() {
        return interfaceName;
    }

    /** Sends a whole IPv4 packet (header + VRRP message) to {@code destination} (the group or a unicast peer). */
    public void sendIpv4(byte[] ipPacket, InetAddress destination) {
        if (ipv6) throw new IllegalStateException("IPv6 socket");
        if (!(destination instanceof Inet4Address)) throw new IllegalArgumentException("not an IPv4 destination: " + destination);
        send(ipPacket, destination, -1);
    }

    /** Sends a VRRP message over IPv6 to {@code destination}; the kernel writes the IPv6 header (hop limit 255). */
    public void sendIpv6(byte[] vrrpMessage, InetAddress destination) {
        sendIpv6(vrrpMessage, destination, 255);
    }

    /**
     * As {@link #sendIpv6(byte[], InetAddress)} with the hop limit of a unicast destination ({@code unicast_ttl});
     * multicast always leaves with 255. The socket option is changed only when it differs from the last one set.
     */
    public void sendIpv6(byte[] vrrpMessage, InetAddress destination, int unicastHopLimit) {
        if (!ipv6) throw new IllegalStateException("IPv4 socket");
        if (!(destination instanceof Inet6Address)) throw new IllegalArgumentException("not an IPv6 destination: " + destination);
        send(vrrpMessage, destination, destination.isMulticastAddress() ? -1 : unicastHopLimit);
    }

    /** @param unicastHopLimit IPv6 unicast: the hop limit to leave with; -1 for none to set */
    private void send(byte[] bytes, InetAddress destination, int unicastHopLimit) {
        if (bytes.length > RECEIVE_BYTES) throw new IllegalArgumentException("packet too large: " + bytes.length);
        if (!waker.enter()) throw new IllegalStateException("socket closed");
        txLock.lock();
        try (Arena a = Arena.ofConfined()) {
            if (unicastHopLimit >= 0 && unicastHopLimit != unicastHops) {
                Libc.setsockoptInt(fd, Libc.SOL_IPV6, IPV6_UNICAST_HOPS, unicastHopLimit);
                unicastHops = unicastHopLimit;
            }
            MemorySegment.copy(bytes, 0, txBuf, JAVA_BYTE, 0, bytes.length);
            int scope = destination.isLinkLocalAddress() || destination.isMulticastAddress() ? ifIndex : 0;
            Libc.sendto(fd, txBuf, bytes.length, 0, Sockaddrs.inet(a, destination, ipv6 ? scope : 0));
        } finally {
            txLock.unlock();
            waker.leave();
        }
    }

    /** Waits up to {@code timeoutMillis} for a packet; null on timeout, and at once (always) after close. */
    public Received receive(int timeoutMillis) {
        if (!waker.enter()) return null;
        rxLock.lock();
        try {
            Waker.Ready ready = waker.awaitReadable(fd, timeoutMillis);
            if (ready != Waker.Ready.READABLE) return null;
            rxIov.set(ADDRESS, 0, rxBuf);
            rxIov.set(JAVA_LONG, 8, RECEIVE_BYTES);
            rxMsg.fill((byte) 0);
            rxMsg.set(ADDRESS, MSG_OFF_NAME, rxName);
            rxMsg.set(JAVA_INT, MSG_OFF_NAMELEN, (int) rxName.byteSize());
            rxMsg.set(ADDRESS, MSG_OFF_IOV, rxIov);
            rxMsg.set(JAVA_LONG, MSG_OFF_IOVLEN, 1);
            rxMsg.set(ADDRESS, MSG_OFF_CONTROL, rxControl);
            rxMsg.set(JAVA_LONG, MSG_OFF_CONTROLLEN, CONTROL_BYTES);
            long n = Libc.recvmsg(fd, rxMsg, Libc.MSG_DONTWAIT);
            if (n < 0) return null;
            byte[] packet = new byte[(int) n];
            MemorySegment.copy(rxBuf, JAVA_BYTE, 0, packet, 0, (int) n);
            return decode(packet);
        } finally {
            rxLock.unlock();
            waker.leave();
        }
    }

    private Received decode(byte[] packet) {
        InetAddress source = Sockaddrs.readInet(rxName);
        InetAddress destination = null;
        int ttl = -1, arrivedOn = 0;
        long controlLen = rxMsg.get(JAVA_LONG, MSG_OFF_CONTROLLEN);
        long off = 0;
        while (off + CMSG_DATA <= controlLen) {
            long len = rxControl.get(JAVA_LONG, off + CMSG_OFF_LEN);
            if (len < CMSG_DATA || off + len > controlLen) break;
            int level = rxControl.get(JAVA_INT, off + CMSG_OFF_LEVEL);
            int type = rxControl.get(JAVA_INT, off + CMSG_OFF_TYPE);
            long data = off + CMSG_DATA;
            if (level == Libc.SOL_IP && type == IP_TTL) {
                ttl = rxControl.get(JAVA_INT, data);
            } else if (level == Libc.SOL_IP && type == IP_PKTINFO) {
                // struct in_pktinfo { int ipi_ifindex; in_addr ipi_spec_dst; in_addr ipi_addr; }
                arrivedOn = rxControl.get(JAVA_INT, data);
                destination = Sockaddrs.address(copy(data + 8, 4));
            } else if (level == Libc.SOL_IPV6 && type == IPV6_HOPLIMIT) {
                ttl = rxControl.get(JAVA_INT, data);
            } else if (level == Libc.SOL_IPV6 && type == IPV6_PKTINFO) {
                // struct in6_pktinfo { in6_addr ipi6_addr; int ipi6_ifindex; }
                destination = Sockaddrs.address(copy(data, 16));
                arrivedOn = rxControl.get(JAVA_INT, data + 16);
            }
            off += (len + 7) & ~7L;
        }
        int payloadOffset = 0;
        if (!ipv6 && packet.length >= 20) {
            payloadOffset = (packet[0] & 0x0f) * 4;
            if (ttl < 0) ttl = Byte.toUnsignedInt(packet[8]);
            if (destination == null) destination = Sockaddrs.address(java.util.Arrays.copyOfRange(packet, 16, 20));
            if (payloadOffset > packet.length) payloadOffset = packet.length;
        }
        return new Received(packet, payloadOffset, source, destination, ttl, arrivedOn);
    }

    private byte[] copy(long off, int n) {
        byte[] b = new byte[n];
        MemorySegment.copy(rxControl, JAVA_BYTE, off, b, 0, n);
        return b;
    }

    public boolean isClosed() {
        return waker.isClosed();
    }

    /** Closes the socket; a thread blocked in {@link #receive} returns null at once. Idempotent. */
    @Override
    public void close() {
        waker.close(() -> {
            Libc.close(fd);
            arena.close();
        });
    }
}
