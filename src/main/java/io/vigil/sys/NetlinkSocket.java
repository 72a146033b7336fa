package io.vigil.sys;

import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.NetlinkMessage;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A netlink socket for any protocol (NETLINK_ROUTE, NETLINK_GENERIC, ...): requests with sequence numbers,
 * ACK/error handling with errno and the kernel's extended-ack text, multipart dumps, and multicast
 * subscriptions. Messages are encoded and decoded by the pure codecs in {@code io.vigil.netlink}.
 *
 * <p>Requests are serialised (one in flight per socket) and thread-safe. {@link #receive} serves multicast
 * listeners; it blocks at most its timeout and returns at once when {@link #close} is called from another
 * thread. Keep requests and subscriptions on separate sockets: a request skips messages that are not its replies.
 */
public final class NetlinkSocket implements AutoCloseable {
    private static final int NETLINK_ADD_MEMBERSHIP = 1, NETLINK_DROP_MEMBERSHIP = 2, NETLINK_CAP_ACK = 10,
            NETLINK_EXT_ACK = 11;
    private static final int RECEIVE_BUFFER_BYTES = 256 * 1024;
    /** A request whose reply does not arrive within this time fails rather than hanging the caller. */
    private static final int REQUEST_TIMEOUT_MILLIS = 5000;
    private static final int DUMP_ATTEMPTS = 3;

    private final int fd;
    private final int protocol;
    private final int portId;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment rx = arena.allocate(RECEIVE_BUFFER_BYTES, 8);
    private final MemorySegment kernel = Sockaddrs.netlink(arena, 0, 0);
    private final ReentrantLock requestLock = new ReentrantLock();
    private final ReentrantLock receiveLock = new ReentrantLock();
    private final Waker waker = new Waker();
    private int seq = (int) (System.nanoTime() & 0x3fffffff);

    private NetlinkSocket(int fd, int protocol, int portId) {
        this.fd = fd;
        this.protocol = protocol;
        this.portId = portId;
    }

    /** Opens and binds a socket of {@code protocol} (e.g. 0 = NETLINK_ROUTE, 16 = NETLINK_GENERIC). */
    public static NetlinkSocket open(int protocol) {
        int fd = Libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, protocol);
        try (Arena a = Arena.ofConfined()) {
            Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, 1 << 20);
            trySetInt(fd, NETLINK_EXT_ACK, 1);
            trySetInt(fd, NETLINK_CAP_ACK, 1);
            Libc.bind(fd, Sockaddrs.netlink(a, 0, 0));
            MemorySegment me = a.allocate(Sockaddrs.SOCKADDR_NL_SIZE, 4);
            Libc.getsockname(fd, me);
            return new NetlinkSocket(fd, protocol, me.get(JAVA_INT, 4));
        } catch (RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    private static void trySetInt(int fd, int opt, int v) {
        try {
            Libc.setsockoptInt(fd, Libc.SOL_NETLINK, opt, v);
        } catch (NativeException e) {
            // Older kernels lack the option; errors are just less descriptive.
        }
    }

    public int protocol() {
        return protocol;
    }

    /** The port id the kernel assigned at bind. */
    public int portId() {
        return portId;
    }

    /** Joins a multicast group (a group number such as RTNLGRP_LINK, not a bit mask). */
    public void subscribe(int group) {
        Libc.setsockoptInt(fd, Libc.SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group);
    }

    public void unsubscribe(int group) {
        Libc.setsockoptInt(fd, Libc.SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, group);
    }

    /**
     * Sends one encoded request and returns its replies. A request flagged NLM_F_DUMP collects every part up
     * to NLMSG_DONE (and is retried when the kernel flags it interrupted); any other request gets NLM_F_ACK
     * added and returns the replies that came before the ACK (empty for NEW/DEL).
     *
     * @throws NetlinkException with the errno when the kernel answers with an error, or on timeout
     */
    public List<NetlinkMessage> request(byte[] encoded) {
        byte[] msg = encoded.clone();
        boolean dump = (NetlinkMessage.flagsOf(msg) & NetlinkMessage.NLM_F_DUMP) == NetlinkMessage.NLM_F_DUMP;
        if (!dump) {
            java.nio.ByteBuffer.wrap(msg).order(NetlinkMessage.ORDER).putShort(NetlinkMessage.OFF_FLAGS,
                    (short) (NetlinkMessage.flagsOf(msg) | NetlinkMessage.NLM_F_ACK | NetlinkMessage.NLM_F_REQUEST));
        }
        requestLock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                int mySeq = ++seq;
                NetlinkMessage.stamp(msg, mySeq, portId);
                send(msg);
                Result r = collect(mySeq, dump);
                if (!r.interrupted || attempt == DUMP_ATTEMPTS) return r.messages;
            }
        } finally {
            requestLock.unlock();
        }
    }

    /** Sends a request that expects only an ACK. */
    public void ack(byte[] encoded) {
        request(encoded);
    }

    private record Result(List<NetlinkMessage> messages, boolean interrupted) {}

    private Result collect(int mySeq, boolean dump) {
        List<NetlinkMessage> out = new ArrayList<>();
        boolean interrupted = false;
        while (true) {
            List<NetlinkMessage> batch = receive(REQUEST_TIMEOUT_MILLIS);
            if (batch == null) throw new NetlinkException("netlink socket closed", 0);
            if (batch.isEmpty()) throw new NetlinkException("no netlink reply within " + REQUEST_TIMEOUT_MILLIS + " ms", Libc.ETIMEDOUT);
            for (NetlinkMessage m : batch) {
                if (m.seq() != mySeq || m.pid() != portId && m.pid() != 0) continue;
                if ((m.flags() & NetlinkMessage.NLM_F_DUMP_INTR) != 0) interrupted = true;
                if (m.isError()) {
                    int errno = m.errno();
                    if (errno == 0) return new Result(out, interrupted);
                    String ext = m.extendedAckMessage();
                    throw new NetlinkException("netlink request refused: " + Libc.strerror(errno) + " (errno " + errno + ")"
                            + (ext != null ? ": " + ext : ""), errno);
                }
                if (m.isDone()) {
                    byte[] p = m.payload();
                    int err = p.length >= 4 ? -m.payloadBuffer().getInt(0) : 0;
                    if (err > 0) throw new NetlinkException("netlink dump failed: " + Libc.strerror(err) + " (errno " + err + ")", err);
                    return new Result(out, interrupted);
                }
                out.add(m);
                if (!dump && (m.flags() & NetlinkMessage.NLM_F_MULTI) == 0) {
                    // A single reply; the ACK follows and is consumed by the loop.
                    continue;
                }
            }
        }
    }

    private void send(byte[] msg) {
        if (!waker.enter()) throw new NetlinkException("netlink socket closed", 0);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(msg.length, 8);
            MemorySegment.copy(msg, 0, buf, JAVA_BYTE, 0, msg.length);
            Libc.sendto(fd, buf, msg.length, 0, kernel);
        } finally {
            waker.leave();
        }
    }

    /** Sends a message without waiting for anything (e.g. to a generic netlink family that does not ACK). */
    public void sendRaw(byte[] encoded) {
        send(encoded);
    }

    /**
     * Waits up to {@code timeoutMillis} for one datagram and returns its messages: empty on timeout, null once
     * the socket is closed.
     *
     * @throws NetlinkException with errno ENOBUFS when the kernel dropped multicast messages (resynchronise)
     */
    public List<NetlinkMessage> receive(int timeoutMillis) {
        if (!waker.enter()) return null;
        receiveLock.lock();
        try {
            Waker.Ready r = waker.awaitReadable(fd, timeoutMillis);
            if (r == Waker.Ready.CLOSED) return null;
            if (r == Waker.Ready.TIMEOUT) return List.of();
            long n;
            try {
                n = Libc.recvfrom(fd, rx, RECEIVE_BUFFER_BYTES, Libc.MSG_DONTWAIT | Libc.MSG_TRUNC, null, null);
            } catch (NativeException e) {
                throw new NetlinkException("netlink receive: " + e.getMessage(), e.errno());
            }
            if (n < 0) return List.of();
            if (n > RECEIVE_BUFFER_BYTES) throw new NetlinkException("netlink datagram of " + n + " bytes truncated", 0);
            byte[] b = new byte[(int) n];
            MemorySegment.copy(rx, JAVA_BYTE, 0, b, 0, (int) n);
            return NetlinkMessage.decodeAll(b);
        } finally {
            receiveLock.unlock();
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
