package io.vigil.daemon;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The parent's relay of VRRP states to the child that owns the data plane (for {@code lvs_sync_daemon}): every state
 * the VRRP child reports is remembered and sent on as {@code VRRP_STATE inst state}; a (re)started checker child gets
 * the states known at its start as arguments and every later one as a line, none lost or reordered in between
 * (the start and the forwarding share one lock).
 */
final class VrrpStateRelay {
    /** Starts the follower's process with the states known now. */
    interface Starter<T> {
        T start(Map<String, String> knownStates) throws IOException;
    }

    private final Map<String, String> last = new LinkedHashMap<>();
    private Consumer<String> follower;

    /** A state reported by the VRRP child. */
    synchronized void report(String instance, String state) {
        last.put(instance, state);
        if (follower != null) follower.accept(line(instance, state));
    }

    /** Starts (or restarts) the follower with the states known now; later states go to {@code lines}. */
    synchronized <T> T startFollower(Starter<T> starter, Consumer<String> lines) throws IOException {
        follower = lines;
        return starter.start(new LinkedHashMap<>(last));
    }

    synchronized Map<String, String> states() {
        return new LinkedHashMap<>(last);
    }

    static String line(String instance, String state) {
        return ChildProtocol.VRRP_STATE + " " + instance + " " + state;
    }
}
