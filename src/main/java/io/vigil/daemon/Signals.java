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

    static void install(Supervisor supervisor, Runnable onStop) {
        on("HUP", supervisor::reload);
        on("USR1", () -> supervisor.dump(false));
        on("USR2", () -> supervisor.dump(true));
        on("TERM", onStop);
        on("INT", onStop);
    }

    private static void on(String name, Runnable action) {
        try {
            Signal signal = new Signal(name);
            SignalHandler handler = sig -> Thread.ofVirtual().name("signal-" + name).start(() -> {
                LOG.info("Received SIG{}", name);
                action.run();
            });
            if (Signal.handle(signal, handler) == SignalHandler.SIG_IGN) {
                // Inherited as ignored (nohup, a script's background job): the JVM then keeps it ignored and the
                // handler never runs. keepalived answers its signals however it was started, so Vigil does too.
                Libc.defaultSignalDisposition(signal.getNumber());
                Signal.handle(signal, handler);
                LOG.debug("SIG{} was inherited as ignored; handled now", name);
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("SIG{} is not available in this JVM ({}); use the control socket instead", name, e.getMessage());
        }
    }
}
