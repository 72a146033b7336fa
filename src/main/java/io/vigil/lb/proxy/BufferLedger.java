package io.vigil.lb.proxy;

import java.util.Arrays;

/**
 * Who holds each buffer of a provided-buffer ring. With incremental consumption one buffer holds pieces of several
 * receives (several connections): a buffer goes back to the kernel once the kernel has finished filling it (a
 * completion without BUF_MORE) and every piece of it has been sent on or dropped. Without incremental consumption
 * each buffer is one piece. A piece returned twice, or bytes in a buffer the kernel was not given, is a bug: it
 * would let two receives share memory, so it throws rather than corrupting a stream.
 */
final class BufferLedger {
    private final int[] pieces;       // pieces of the buffer held by connections (received, not yet sent on)
    private final int[] filled;       // bytes the kernel has put into the buffer: where its next piece starts
    private final boolean[] kernel;   // the kernel has the buffer (may receive into it)
    private int out;                  // buffers the kernel has finished and not had back

    BufferLedger(int count) {
        pieces = new int[count];
        filled = new int[count];
        kernel = new boolean[count];
        Arrays.fill(kernel, true);
    }

    /**
     * The kernel put {@code length} bytes into {@code bid} for a connection; {@code more}: it goes on filling the
     * same buffer. Returns the offset of those bytes in the buffer.
     */
    int received(int bid, int length, boolean more) {
        if (!kernel[bid]) throw new IllegalStateException("buffer " + bid + " filled while not given to the kernel");
        int at = filled[bid];
        filled[bid] += length;
        pieces[bid]++;
        if (!more) {
            kernel[bid] = false;
            out++;
        }
        return at;
    }

    /** One piece of {@code bid} is sent on (or dropped at close); true when the buffer is to go back to the kernel now. */
    boolean pieceDone(int bid) {
        if (pieces[bid] == 0) throw new IllegalStateException("buffer " + bid + " returned twice");
        pieces[bid]--;
        if (pieces[bid] > 0 || kernel[bid]) return false;
        kernel[bid] = true;
        filled[bid] = 0;
        out--;
        return true;
    }

    /** Buffers the kernel can receive into (some perhaps partly filled). */
    int withKernel() {
        return kernel.length - out;
    }

    /** Buffers not back with the kernel plus buffers with pieces still held: 0 once every connection is gone. */
    int held() {
        int n = out;
        for (int i = 0; i < pieces.length; i++) if (kernel[i] && pieces[i] > 0) n++;
        return n;
    }
}
