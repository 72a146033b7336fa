package io.vigil.sys;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs code inside a named network namespace ({@code /run/netns/NAME}, as {@code ip netns add} creates).
 *
 * <p>A network namespace is a per-thread attribute on Linux: the code runs on a fresh platform thread that
 * calls setns(2) and then dies, so no pooled or carrier thread is ever left in a foreign namespace. Sockets
 * (raw, netlink, packet) opened inside keep that namespace for their whole life, whichever thread uses them
 * later — this is how one JVM drives several namespaces in lab tests, and how keepalived's
 * {@code net_namespace} can be honoured.
 */
public final class NetNs {
    private NetNs() {}

    public static String path(String name) {
        return name.startsWith("/") ? name : "/run/netns/" + name;
    }

    public static <T> T call(String namespace, Callable<T> body) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("netns-" + namespace).unstarted(() -> {
            try {
                int nsFd = Libc.open(path(namespace), Libc.O_RDONLY | Libc.O_CLOEXEC);
                try {
                    Libc.setns(nsFd, Libc.CLONE_NEWNET);
                } finally {
                    Libc.close(nsFd);
                }
                result.set(body.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running in namespace " + namespace, e);
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) throw re;
        if (f instanceof Error err) throw err;
        if (f != null) throw new IllegalStateException(new ExecutionException(f));
        return result.get();
    }

    public static void run(String namespace, Runnable body) {
        call(namespace, () -> {
            body.run();
            return null;
        });
    }
}
