package io.vigil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A provided-buffer ring (IORING_REGISTER_PBUF_RING): {@code count} buffers of {@code size} bytes the kernel picks
 * from for receives with buffer select; a completion names the buffer id it filled, and the owner hands the buffer
 * back with {@link #recycle} once its bytes are sent. Registered for incremental consumption where the kernel has it
 * (a completion with {@link IoUring#CQE_F_BUF_MORE} leaves the rest of its buffer to the next receive). Which
 * buffers are out is the caller's bookkeeping; this class only moves the ring's tail (a release store the kernel
 * reads with acquire).
 */
public final class IoUringBuffers implements AutoCloseable {
    /** struct io_uring_buf (16 bytes); the ring's tail is the {@code resv} half-word of entry 0. */
    static final StructLayout BUF = MemoryLayout.structLayout(
            JAVA_LONG.withName("addr"), JAVA_INT.withName("len"), JAVA_SHORT.withName("bid"), JAVA_SHORT.withName("resv"));
    /** struct io_uring_buf_reg (40 bytes). */
    static final StructLayout BUF_REG = MemoryLayout.structLayout(
            JAVA_LONG.withName("ring_addr"), JAVA_INT.withName("ring_entries"), JAVA_SHORT.withName("bgid"),
            JAVA_SHORT.withName("flags"), MemoryLayout.sequenceLayout(3, JAVA_LONG).withName("resv"));
    private static final long ADDR = BUF.byteOffset(groupElement("addr")), LEN = BUF.byteOffset(groupElement("len")),
            BID = BUF.byteOffset(groupElement("bid")), TAIL = BUF.byteOffset(groupElement("resv"));
    private static final VarHandle SHORT = JAVA_SHORT.varHandle();

    private final IoUring uring;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment ring, data;
    private final int group, count, size, mask;
    private int tail;
    private boolean incremental;
    private static final int PBUF_RING_INC = 2;

    /** Registers {@code count} (a power of two) buffers of {@code size} bytes as group {@code group}, consumed incrementally where the kernel can. */
    public IoUringBuffers(IoUring uring, int group, int count, int size) {
        this(uring, group, count, size, true);
    }

    /** As above; {@code incremental} false asks for one buffer per receive even where the kernel could share them. */
    public IoUringBuffers(IoUring uring, int group, int count, int size, boolean incremental) {
        if (Integer.bitCount(count) != 1 || count > 32768) throw new IllegalArgumentException("buffer count must be a power of two up to 32768");
        this.uring = uring;
        this.group = group;
        this.count = count;
        this.size = size;
        this.mask = count - 1;
        ring = arena.allocate(BUF.byteSize() * count, 4096);
        data = arena.allocate((long) count * size, 4096);
        MemorySegment reg = arena.allocate(BUF_REG);
        reg.set(JAVA_LONG, BUF_REG.byteOffset(groupElement("ring_addr")), ring.address());
        reg.set(JAVA_INT, BUF_REG.byteOffset(groupElement("ring_entries")), count);
        reg.set(JAVA_SHORT, BUF_REG.byteOffset(groupElement("bgid")), (short) group);
        // Incremental consumption (6.12): a receive takes only the bytes it needs from a buffer, and the next one
        // goes on in the same buffer (completions say IORING_CQE_F_BUF_MORE). Older kernels: a buffer per receive.
        reg.set(JAVA_SHORT, BUF_REG.byteOffset(groupElement("flags")), (short) (incremental ? PBUF_RING_INC : 0));
        long rc = uring.register(IoUring.REGISTER_PBUF_RING, reg, 1);
        if (rc == -22 /* EINVAL */) {
            reg.set(JAVA_SHORT, BUF_REG.byteOffset(groupElement("flags")), (short) 0);
            rc = uring.register(IoUring.REGISTER_PBUF_RING, reg, 1);
        } else if (rc >= 0) {
            this.incremental = incremental;
        }
        if (rc < 0) {
            arena.close();
            throw new NativeException("io_uring_register PBUF_RING", (int) -rc);
        }
        for (int bid = 0; bid < count; bid++) recycle(bid);
    }

    /** Whether receives share a buffer (incremental consumption) or take one each. */
    public boolean incremental() {
        return incremental;
    }

    public int group() {
        return group;
    }

    public int count() {
        return count;
    }

    public int bufferBytes() {
        return size;
    }

    long address(int bid) {
        return data.address() + (long) bid * size;
    }

    /** Hands buffer {@code bid} back to the kernel (visible to it at once). */
    public void recycle(int bid) {
        long at = BUF.byteSize() * (tail & mask);
        ring.set(JAVA_LONG, at + ADDR, address(bid));
        ring.set(JAVA_INT, at + LEN, size);
        ring.set(JAVA_SHORT, at + BID, (short) bid);
        tail++;
        SHORT.setRelease(ring, TAIL, (short) tail);
    }

    /** A copy of {@code len} bytes of buffer {@code bid} from {@code offset} (tests and diagnostics). */
    public byte[] copy(int bid, int offset, int len) {
        byte[] b = new byte[len];
        MemorySegment.copy(data, JAVA_BYTE, (long) bid * size + offset, b, 0, len);
        return b;
    }

    /** Unregisters the group; the kernel must no longer be receiving into it. */
    @Override
    public void close() {
        MemorySegment reg = arena.allocate(BUF_REG);
        reg.set(JAVA_SHORT, BUF_REG.byteOffset(groupElement("bgid")), (short) group);
        uring.register(IoUring.UNREGISTER_PBUF_RING, reg, 1);
        arena.close();
    }
}
