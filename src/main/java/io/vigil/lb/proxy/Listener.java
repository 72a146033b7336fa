package io.vigil.lb.proxy;

/** A running proxy for one virtual service (TCP or UDP); closing it stops accepting and closes its sockets. */
interface Listener extends AutoCloseable {
    /** True once the listening socket is bound (false while waiting for a VIP to become local). */
    boolean bound();

    @Override
    void close();
}
