package io.vigil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.ReentrantLock;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * An AF_PACKET raw socket on one interface: sends whole Ethernet frames (gratuitous ARP, unsolicited NA) and,
 * when opened with a protocol, receives the frames of that ethertype arriving on the interface.
 */
public final class PacketSocket implements AutoCloseable {
    public static final int ETH_P_ALL = 0x0003;
    private static final long SIOCGIFHWADDR = 0x8927;
    private static final int IFREQ_SIZE = 40, IFR_OFF_HWADDR_DATA = 18;
    private static final int FRAME_BYTES = 65536;

    private final int fd;
    private final int ifIndex;
    private final String interfaceName;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment tx = arena.allocate(FRAME_BYTES, 8);
    private final MemorySegment rx = arena.allocate(FRAME_BYTES, 8);
    private final ReentrantLock txLock = new ReentrantLock(), rxLock = new ReentrantLock();
    private final Waker waker = new Waker();

    private PacketSocket(int fd, int ifIndex, String interfaceName) {
        this.fd = fd;
        this.ifIndex = ifIndex;
        this.interfaceName = interfaceName;
    }

    /** A send-only socket on {@code interfaceName} (protocol 0: the kernel delivers it nothing). */
    public static PacketSocket openForSending(String interfaceName) {
        return open(interfaceName, 0);
    }

    /** A socket bound to {@code interfaceName} receiving frames of {@code ethertype} (or {@link #ETH_P_ALL}). */
    public static PacketSocket open(String interfaceName, int ethertype) {
        int ifIndex = Libc.ifNameToIndex(interfaceName);
        if (ifIndex == 0) throw new NativeException("if_nametoindex " + interfaceName, Libc.ENODEV);
        int fd = Libc.socket(Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Short.toUnsignedInt(Short.reverseBytes((short) ethertype)));
        try (Arena a = Arena.ofConfined()) {
            Libc.bind(fd, Sockaddrs.packet(a, ifIndex, ethertype, null));
            return new PacketSocket(fd, ifIndex, interfaceName);
        } catch (RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    public int ifIndex() {
        return ifIndex;
    }

    public String interfaceName() {
        return interfaceName;
    }

    /** The interface's current MAC address (SIOCGIFHWADDR), read at each call since use_vmac may change it. */
    public byte[] hardwareAddress() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ifr = a.allocate(IFREQ_SIZE, 8);
            byte[] name = interfaceName.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            MemorySegment.copy(name, 0, ifr, JAVA_BYTE, 0, Math.min(name.length, 15));
            Libc.ioctl(fd, SIOCGIFHWADDR, ifr);
            byte[] mac = new byte[6];
            MemorySegment.copy(ifr, JAVA_BYTE, IFR_OFF_HWADDR_DATA, mac, 0, 6);
            return mac;
        }
    }

    /** Sends one complete Ethernet frame (destination MAC and ethertype are read from its header). */
    public void send(byte[] frame) {
        if (frame.length < 14 || frame.length > FRAME_BYTES) throw new IllegalArgumentException("bad frame length " + frame.length);
        if (!waker.enter()) throw new IllegalStateException("socket closed");
        txLock.lock();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment.copy(frame, 0, tx, JAVA_BYTE, 0, frame.length);
            int ethertype = Short.toUnsignedInt(tx.get(Libc.NET_SHORT, 12));
            byte[] dst = java.util.Arrays.copyOfRange(frame, 0, 6);
            Libc.sendto(fd, tx, frame.length, 0, Sockaddrs.packet(a, ifIndex, ethertype, dst));
        } finally {
            txLock.unlock();
            waker.leave();
        }
    }

    /** The next frame within {@code timeoutMillis}; null on timeout or after close. */
    public byte[] receive(int timeoutMillis) {
        if (!waker.enter()) return null;
        rxLock.lock();
        try {
            if (waker.awaitReadable(fd, timeoutMillis) != Waker.Ready.READABLE) return null;
            long n = Libc.recvfrom(fd, rx, FRAME_BYTES, Libc.MSG_DONTWAIT, null, null);
            if (n < 0) return null;
            byte[] b = new byte[(int) n];
            MemorySegment.copy(rx, JAVA_BYTE, 0, b, 0, (int) n);
            return b;
        } finally {
            rxLock.unlock();
            waker.leave();
        }
    }

    @Override
    public void close() {
        waker.close(() -> {
            Libc.close(fd);
            arena.close();
        });
    }

}
