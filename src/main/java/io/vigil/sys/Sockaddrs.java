package io.vigil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Builders and readers for the socket address structs (x86-64/aarch64 Linux layouts). Family and integer
 * fields are host order; ports, addresses and {@code sll_protocol} are network order.
 */
public final class Sockaddrs {
    private Sockaddrs() {}

    /** sockaddr_in: family u16, port u16 (BE), addr[4], zero[8]. */
    public static final int SOCKADDR_IN_SIZE = 16;
    /** sockaddr_in6: family u16, port u16 (BE), flowinfo u32, addr[16], scope_id u32. */
    public static final int SOCKADDR_IN6_SIZE = 28, IN6_OFF_ADDR = 8, IN6_OFF_SCOPE = 24;
    /** sockaddr_nl: family u16, pad u16, pid u32, groups u32. */
    public static final int SOCKADDR_NL_SIZE = 12;
    /** sockaddr_ll: family u16, protocol u16 (BE), ifindex s32, hatype u16, pkttype u8, halen u8, addr[8]. */
    public static final int SOCKADDR_LL_SIZE = 20;
    /** sockaddr_un: family u16, path[108]. */
    public static final int SOCKADDR_UN_SIZE = 110;

    public static MemorySegment inet(Arena arena, InetAddress address, int scopeId) {
        if (address instanceof Inet6Address) {
            MemorySegment s = arena.allocate(SOCKADDR_IN6_SIZE, 4);
            s.set(JAVA_SHORT, 0, (short) Libc.AF_INET6);
            MemorySegment.copy(address.getAddress(), 0, s, JAVA_BYTE, IN6_OFF_ADDR, 16);
            s.set(JAVA_INT, IN6_OFF_SCOPE, scopeId);
            return s;
        }
        MemorySegment s = arena.allocate(SOCKADDR_IN_SIZE, 4);
        s.set(JAVA_SHORT, 0, (short) Libc.AF_INET);
        MemorySegment.copy(address.getAddress(), 0, s, JAVA_BYTE, 4, 4);
        return s;
    }

    /** Reads a sockaddr_in / sockaddr_in6, or null for another family. */
    public static InetAddress readInet(MemorySegment s) {
        int family = s.get(JAVA_SHORT, 0);
        byte[] b;
        if (family == Libc.AF_INET) {
            b = new byte[4];
            MemorySegment.copy(s, JAVA_BYTE, 4, b, 0, 4);
        } else if (family == Libc.AF_INET6) {
            b = new byte[16];
            MemorySegment.copy(s, JAVA_BYTE, IN6_OFF_ADDR, b, 0, 16);
        } else {
            return null;
        }
        return address(b);
    }

    public static InetAddress address(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static MemorySegment netlink(Arena arena, int pid, int groups) {
        MemorySegment s = arena.allocate(SOCKADDR_NL_SIZE, 4);
        s.set(JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
        s.set(JAVA_INT, 4, pid);
        s.set(JAVA_INT, 8, groups);
        return s;
    }

    public static MemorySegment packet(Arena arena, int ifIndex, int ethertype, byte[] destMac) {
        MemorySegment s = arena.allocate(SOCKADDR_LL_SIZE, 4);
        s.set(JAVA_SHORT, 0, (short) Libc.AF_PACKET);
        s.set(Libc.NET_SHORT, 2, (short) ethertype);
        s.set(JAVA_INT, 4, ifIndex);
        if (destMac != null) {
            s.set(JAVA_BYTE, 11, (byte) destMac.length);
            MemorySegment.copy(destMac, 0, s, JAVA_BYTE, 12, destMac.length);
        }
        return s;
    }

    /** sockaddr_un for a path; a leading '@' means the abstract namespace (NUL first byte, length without NUL). */
    public static MemorySegment unix(Arena arena, String path) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        if (p.length >= 108) throw new IllegalArgumentException("unix socket path too long: " + path);
        boolean abstractNs = path.startsWith("@");
        long len = 2 + p.length + (abstractNs ? 0 : 1);
        MemorySegment s = arena.allocate(len, 2);
        s.set(JAVA_SHORT, 0, (short) Libc.AF_UNIX);
        MemorySegment.copy(p, 0, s, JAVA_BYTE, 2, p.length);
        if (abstractNs) s.set(JAVA_BYTE, 2, (byte) 0);
        return s;
    }

    public static boolean isIpv4(InetAddress a) {
        return a instanceof Inet4Address;
    }
}
