package io.vigil.lb.proxy;

/**
 * The io_uring engine's user_data: which operation a completion answers, for which connection slot and which
 * incarnation of it (the generation: a late completion for a slot since reused is recognised and dropped), and
 * which direction. Layout: bits 0-23 slot, 24-39 generation, 40-47 operation, 48 direction.
 */
final class UringTag {
    private UringTag() {}

    static final int ACCEPT = 1, RECV = 2, SEND = 3, CONNECT = 4, CONNECT_TIMEOUT = 5, CANCEL = 6, CLOSE = 7;
    /** Directions: bytes from the client to the server, and back. */
    static final int UP = 0, DOWN = 1;
    static final int MAX_SLOTS = 1 << 24, GENERATIONS = 1 << 16;

    static long of(int op, int direction, int slot, int generation) {
        if (slot < 0 || slot >= MAX_SLOTS) throw new IllegalArgumentException("slot out of range: " + slot);
        return (slot & 0xFFFFFFL) | ((long) (generation & 0xFFFF) << 24) | ((long) (op & 0xFF) << 40) | ((long) (direction & 1) << 48);
    }

    static int slot(long tag) {
        return (int) (tag & 0xFFFFFF);
    }

    static int generation(long tag) {
        return (int) ((tag >>> 24) & 0xFFFF);
    }

    static int op(long tag) {
        return (int) ((tag >>> 40) & 0xFF);
    }

    static int direction(long tag) {
        return (int) ((tag >>> 48) & 1);
    }
}
