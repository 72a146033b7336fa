package io.vigil.daemon;

import io.vigil.sys.Libc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * keepalived's signals: HUP reload, USR1 data dump, USR2 stats dump, TERM/INT stop. The JVM reserves SIGQUIT
 * (thread dump); every signal keepalived uses is available, and each also exists as a control-socket command.
 * Handlers hand off to a virtual thread so the JVM's signal dispatcher is never blocked.
 */
final class Signals {
    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {}

    /**
     * TERM and INT first tell the VRRP child to stop, on the signal's own thread and before anything else (logging,
     * systemd, the other children): its priority-0 adverts are what lets the backup take over.
     */
    static void install(Supervisor supervisor, Runnable onStop) {
        preloadDispatch();
        on("HUP", NOTHING, supervisor::reload);
        on("USR1", NOTHING, () -> supervisor.dump(false));
        on("USR2", NOTHING, () -> supervisor.dump(true));
        on("TERM", supervisor::stopVrrpFirst, onStop);
        on("INT", supervisor::stopVrrpFirst, onStop);
    }

    /**
     * A child's TERM and INT: {@code first} (the VRRP child's priority-0 adverts), then exit with the JVM's usual status
     * for the signal, through the shutdown hooks, which stop the rest.
     */
    static void installChildStop(Runnable first) {
        preloadDispatch();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal signal = new Signal(name);
                // The JVM runs each handler on a fresh thread: exiting from it is what its own handler does.
                handle(signal, sig -> {
                    first.run();
                    System.exit(128 + sig.getNumber());
                });
            } catch (IllegalArgumentException e) {
                LOG.warn("SIG{} is not available in this JVM ({})", name, e.getMessage());
            }
        }
    }

    /**
     * SIGXCPU, sent when a realtime thread passes the soft RLIMIT_RTTIME: logged with keepalived's sentence (its default
     * action would end the process; the hard limit still does, with SIGKILL, as in keepalived).
     */
    static void logCpuLimit(String process, String keywordPrefix) {
        try {
            Signal.handle(new Signal("XCPU"), sig -> LOG.info("{} process has used too much CPU time, {}_rlimit_rttime may need to be increased",
                    process, keywordPrefix));
        } catch (IllegalArgumentException e) {
            LOG.warn("SIGXCPU is not available in this JVM ({}): the soft RLIMIT_RTTIME ends the process", e.getMessage());
        }
    }

    private static final Runnable NOTHING = () -> { };

    /**
     * The JVM runs every Java signal handler from an anonymous class of its own, loaded at the first signal, on the
     * signal dispatcher's thread: loaded now, it is not on the stop path (without an AOT cache, a class load from the
     * runtime image there). Absent in another JDK: nothing lost.
     */
    private static void preloadDispatch() {
        try {
            Class.forName("jdk.internal.misc.Signal$1", false, null);
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.debug("signal dispatch class not preloaded: {}", e.toString());
        }
    }

    private static void on(String name, Runnable first, Runnable action) {
        try {
            Signal signal = new Signal(name);
            SignalHandler handler = sig -> {
                first.run();
                Thread.ofVirtual().name("signal-" + name).start(() -> {
                    LOG.info("Received SIG{}", name);
                    action.run();
                });
            };
            if (!handle(signal, handler)) LOG.debug("SIG{} was inherited as ignored; handled now", name);
        } catch (IllegalArgumentException e) {
            LOG.warn("SIG{} is not available in this JVM ({}); use the control socket instead", name, e.getMessage());
        }
    }

    /** Installs the handler; false when the signal was inherited as ignored (handled now all the same). */
    private static boolean handle(Signal signal, SignalHandler handler) {
        if (Signal.handle(signal, handler) != SignalHandler.SIG_IGN) return true;
        // Inherited as ignored (nohup, a script's background job): the JVM then keeps it ignored and the handler
        // never runs. keepalived answers its signals however it was started, so Vigil does too.
        Libc.defaultSignalDisposition(signal.getNumber());
        Signal.handle(signal, handler);
        return false;
    }
}
