package io.vigil.lb.proxy;

/**
 * One direction of a proxied connection in the io_uring engine, pure: the received pieces of buffers waiting to be
 * sent on (in order; the head may be partly sent), which of them are being sent, whether a multishot receive is in
 * flight, end of stream and the half-close. One chain of linked sends at a time per direction keeps the byte order;
 * back-pressure cancels the receive when {@link #MAX_QUEUED} pieces wait (a slow reader on the other side) and re-arms it once they are sent.
 */
final class UringFlow {
    static final int MAX_QUEUED = 8;
    /** Sends linked in one chain (the kernel runs them in order, with no trip back here in between). */
    static final int MAX_CHAIN = 16;

    private int[] bids = new int[MAX_QUEUED * 2], offsets = new int[MAX_QUEUED * 2], lengths = new int[MAX_QUEUED * 2];
    private int head, size, headSent;
    int inFlight;             // pieces from the head whose (linked) sends are in flight
    boolean receiving;        // a multishot receive is armed (until a completion without F_MORE)
    boolean receiveCancelled; // back-pressure asked the kernel to stop that receive
    boolean starved;          // the receive ended for want of buffers (-ENOBUFS): re-arm when some come back
    boolean eof;              // the source sent FIN
    boolean shutOut;          // FIN passed on to the destination (or the relay closed)

    /** The kernel put {@code length} bytes from the source into {@code bid} at {@code offset}. */
    void received(int bid, int offset, int length) {
        if (size == bids.length) grow();
        int at = (head + size) % bids.length;
        bids[at] = bid;
        offsets[at] = offset;
        lengths[at] = length;
        size++;
    }

    /** More than the usual queue: completions that raced the back-pressure cancel. */
    private void grow() {
        int[] b = new int[bids.length * 2], o = new int[bids.length * 2], l = new int[bids.length * 2];
        for (int i = 0; i < size; i++) {
            b[i] = bids[(head + i) % bids.length];
            o[i] = offsets[(head + i) % bids.length];
            l[i] = lengths[(head + i) % bids.length];
        }
        bids = b;
        offsets = o;
        lengths = l;
        head = 0;
    }

    int queued() {
        return size;
    }

    /** A chain of sends can start: pieces wait and no send is in flight (a new chain would race the old one). */
    boolean canSend() {
        return size > 0 && inFlight == 0;
    }

    /** How many pieces the next chain sends. */
    int chainLength() {
        return Math.min(size, MAX_CHAIN);
    }

    private int at(int i) {
        return (head + i) % bids.length;
    }

    /** Buffer, offset and length of the {@code i}-th piece of the chain (the head's unsent rest for 0). */
    int sendBid(int i) {
        return bids[at(i)];
    }

    int sendOffset(int i) {
        return offsets[at(i)] + (i == 0 ? headSent : 0);
    }

    int sendLength(int i) {
        return lengths[at(i)] - (i == 0 ? headSent : 0);
    }

    void chainStarted(int pieces) {
        inFlight = pieces;
    }

    /** A send of the chain failed or was cancelled. */
    void sendFailed() {
        inFlight--;
    }

    /**
     * The send in flight wrote {@code n} bytes. Returns the buffer whose piece is done when the head is fully
     * sent, else -1 (a short send: the rest goes next).
     */
    int sent(int n) {
        inFlight--;
        headSent += n;
        if (headSent < lengths[head]) return -1;
        int bid = bids[head];
        head = (head + 1) % bids.length;
        size--;
        headSent = 0;
        return bid;
    }

    /** Everything received has been sent on. */
    boolean drained() {
        return size == 0 && inFlight == 0;
    }

    /** FIN received and every byte before it sent on: the destination may be half-closed. */
    boolean finished() {
        return eof && drained();
    }

    /** A receive should be armed: none is, the source is open, and the destination keeps up. */
    boolean wantsReceive() {
        return !receiving && !eof && !starved && size < MAX_QUEUED;
    }

    /** The destination is not keeping up: stop receiving (once). */
    boolean wantsPause() {
        return receiving && !receiveCancelled && size >= MAX_QUEUED;
    }

    /** The buffers of the pieces still held at close (one entry per piece), to hand back; the flow is empty afterwards. */
    int[] release() {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) out[i] = bids[(head + i) % bids.length];
        head = size = headSent = 0;
        inFlight = 0;
        return out;
    }
}
