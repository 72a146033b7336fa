package io.vigil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * keepalived's linkbeat probe of an interface, asked of the driver with ioctls instead of trusting netlink's link
 * events: the link bit of the driver (ETHTOOL_GLINK through SIOCETHTOOL), then IFF_UP and IFF_RUNNING (SIOCGIFFLAGS,
 * which some drivers only refresh when asked). One AF_INET datagram socket, used for nothing else.
 */
public final class LinkBeat implements AutoCloseable {
    static final long SIOCGIFFLAGS = 0x8913, SIOCETHTOOL = 0x8946;
    static final int ETHTOOL_GLINK = 0x0000000a;
    static final int IFF_UP = 0x1, IFF_RUNNING = 0x40;
    private static final int IFREQ_SIZE = 40, IFR_DATA = 16;
    private static final int EOPNOTSUPP = 95, ENODEV = 19;

    private final int fd;

    private LinkBeat(int fd) {
        this.fd = fd;
    }

    public static LinkBeat open() {
        return new LinkBeat(Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0));
    }

    /**
     * Whether {@code ifname} is up as keepalived's polling sees it: the driver's link (when it answers ETHTOOL_GLINK)
     * and the flags UP and RUNNING. A missing interface is down.
     */
    public synchronized boolean up(String ifname) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ifr = ifreq(a, ifname);
            MemorySegment cmd = a.allocate(8, 4); // struct ethtool_value { u32 cmd; u32 data; }
            cmd.set(JAVA_INT, 0, ETHTOOL_GLINK);
            ifr.set(java.lang.foreign.ValueLayout.ADDRESS, IFR_DATA, cmd);
            try {
                Libc.ioctl(fd, SIOCETHTOOL, ifr);
                if (cmd.get(JAVA_INT, 4) == 0) return false;
            } catch (NativeException e) {
                if (e.errno() == ENODEV) return false;
                if (e.errno() != EOPNOTSUPP) throw e;
                // the driver has no link bit: the flags alone decide
            }
            MemorySegment flags = ifreq(a, ifname);
            try {
                Libc.ioctl(fd, SIOCGIFFLAGS, flags);
            } catch (NativeException e) {
                if (e.errno() == ENODEV) return false;
                throw e;
            }
            int f = flags.get(JAVA_SHORT, IFR_DATA) & 0xffff;
            return (f & IFF_UP) != 0 && (f & IFF_RUNNING) != 0;
        }
    }

    private static MemorySegment ifreq(Arena a, String ifname) {
        MemorySegment ifr = a.allocate(IFREQ_SIZE, 8);
        byte[] name = ifname.getBytes(StandardCharsets.UTF_8);
        if (name.length > 15) throw new IllegalArgumentException("interface name too long: " + ifname);
        MemorySegment.copy(name, 0, ifr, JAVA_BYTE, 0, name.length);
        return ifr;
    }

    @Override
    public synchronized void close() {
        Libc.close(fd);
    }
}
