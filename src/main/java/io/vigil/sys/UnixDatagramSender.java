package io.vigil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Sends datagrams to a Unix datagram socket by path (the JDK has Unix stream sockets only): syslog's
 * {@code /dev/log}. Abstract-namespace paths start with {@code @}. Thread-safe; one socket, sends are atomic.
 */
public final class UnixDatagramSender implements AutoCloseable {
    /** struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; } */
    private static final int SUN_PATH_OFFSET = 2, SUN_PATH_MAX = 108, SOCKADDR_UN_SIZE = SUN_PATH_OFFSET + SUN_PATH_MAX;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment address;
    private final int fd;

    public UnixDatagramSender(String path) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        if (p.length >= SUN_PATH_MAX) throw new IllegalArgumentException("socket path too long: " + path);
        boolean abstractName = path.startsWith("@");
        address = arena.allocate(abstractName ? SUN_PATH_OFFSET + p.length : SOCKADDR_UN_SIZE);
        address.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_UNIX);
        MemorySegment.copy(p, 0, address, ValueLayout.JAVA_BYTE, SUN_PATH_OFFSET, p.length);
        if (abstractName) address.set(ValueLayout.JAVA_BYTE, SUN_PATH_OFFSET, (byte) 0);
        fd = Libc.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
    }

    /** Sends one datagram; throws {@link NativeException} when the receiver is gone or its queue is full. */
    public void send(byte[] datagram) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(1, datagram.length));
            MemorySegment.copy(datagram, 0, buf, ValueLayout.JAVA_BYTE, 0, datagram.length);
            Libc.sendto(fd, buf, datagram.length, 0, address);
        }
    }

    @Override
    public void close() {
        Libc.close(fd);
        arena.close();
    }
}
