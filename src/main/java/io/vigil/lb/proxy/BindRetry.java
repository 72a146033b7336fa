package io.vigil.lb.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;

/**
 * Binds a listener now, or keeps retrying in the background while its address is not local yet (a VIP that
 * arrives when this node becomes VRRP master). Other bind errors are logged and retried too, at the same pace.
 */
final class BindRetry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BindRetry.class);

    interface Attempt {
        boolean bind() throws IOException;
    }

    private final InetSocketAddress address;
    private final int retryMillis;
    private final Attempt attempt;
    private volatile Thread thread;
    private volatile boolean closed;

    BindRetry(InetSocketAddress address, int retryMillis, Attempt attempt) {
        this.address = address;
        this.retryMillis = retryMillis;
        this.attempt = attempt;
    }

    /** Tries once synchronously; on failure starts a virtual thread that retries until bound or closed. */
    void start() {
        if (tryOnce(true)) return;
        thread = Thread.ofVirtual().name("vigil-bind-" + address).start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(retryMillis);
                } catch (InterruptedException e) {
                    return;
                }
                if (closed || tryOnce(false)) return;
            }
        });
    }

    private boolean tryOnce(boolean first) {
        try {
            boolean ok = attempt.bind();
            if (ok && !first) log.info("listening on {} now", address);
            return ok;
        } catch (BindException e) {
            if (first) log.warn("cannot listen on {} yet ({}); retrying every {} ms", address, e.getMessage(), retryMillis);
            return false;
        } catch (IOException e) {
            if (first) log.error("cannot listen on {}: {}; retrying every {} ms", address, e, retryMillis);
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t = thread;
        if (t != null) t.interrupt();
    }
}
