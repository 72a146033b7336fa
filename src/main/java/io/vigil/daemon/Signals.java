package io.vigil.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

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
            Signal.handle(new Signal(name), sig -> Thread.ofVirtual().name("signal-" + name).start(() -> {
                LOG.info("Received SIG{}", name);
                action.run();
            }));
        } catch (IllegalArgumentException e) {
            LOG.warn("SIG{} is not available in this JVM ({}); use the control socket instead", name, e.getMessage());
        }
    }
}
