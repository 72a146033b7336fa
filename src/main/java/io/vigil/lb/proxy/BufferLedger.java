package io.vigil.lb.proxy;

import java.util.Arrays;

/**
 * Who holds each buffer of a provided-buffer ring: the kernel (free to receive into) or a connection slot (bytes
 * received and not yet sent on). A buffer handed back twice, or one the kernel never gave, is a bug: it would let
 * two receives share memory, so it throws rather than corrupting a stream.
 */
final class BufferLedger {
    static final int KERNEL = -1;
    private final int[] owner;
    private int out;

    BufferLedger(int count) {
        owner = new int[count];
        Arrays.fill(owner, KERNEL);
    }

    /** The kernel filled {@code bid} for connection {@code slot}. */
    void taken(int bid, int slot) {
        if (owner[bid] != KERNEL) throw new IllegalStateException("buffer " + bid + " filled while held by slot " + owner[bid]);
        owner[bid] = slot;
        out++;
    }

    /** {@code bid} goes back to the kernel. */
    void returned(int bid) {
        if (owner[bid] == KERNEL) throw new IllegalStateException("buffer " + bid + " returned twice");
        owner[bid] = KERNEL;
        out--;
    }

    int withKernel() {
        return owner.length - out;
    }

    int held() {
        return out;
    }

    int heldBy(int slot) {
        int n = 0;
        for (int o : owner) if (o == slot) n++;
        return n;
    }
}
