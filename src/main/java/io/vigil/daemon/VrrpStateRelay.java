package io.vigil.daemon;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The parent's relay of the VRRP child's news to the checker child: VRRP states (for {@code lvs_sync_daemon} and
 * {@code vigil_announce}), sent on as {@code VRRP_STATE inst state}, and BFD session states (for {@code BFD_CHECK}),
 * sent on as {@code BFD_STATE name up|down}. Each is remembered; a (re)started checker child gets what is known at its
 * start as arguments and every later one as a line, none lost or reordered in between (the start and the forwarding
 * share one lock). keepalived's BFD process writes the same events down a pipe to its checker process.
 */
final class VrrpStateRelay {
    /** Starts the follower's process with the states known now. */
    interface Starter<T> {
        T start(Map<String, String> knownStates, Map<String, Boolean> knownBfdStates) throws IOException;
    }

    private final Map<String, String> last = new LinkedHashMap<>();
    private final Map<String, Boolean> lastBfd = new LinkedHashMap<>();
    private Consumer<String> follower;

    /** A state reported by the VRRP child. */
    synchronized void report(String instance, String state) {
        last.put(instance, state);
        if (follower != null) follower.accept(line(instance, state));
    }

    /** A BFD session's state reported by the VRRP child. */
    synchronized void reportBfd(String session, boolean up) {
        lastBfd.put(session, up);
        if (follower != null) follower.accept(bfdLine(session, up));
    }

    /** Starts (or restarts) the follower with the states known now; later states go to {@code lines}. */
    synchronized <T> T startFollower(Starter<T> starter, Consumer<String> lines) throws IOException {
        follower = lines;
        return starter.start(new LinkedHashMap<>(last), new LinkedHashMap<>(lastBfd));
    }

    synchronized Map<String, String> states() {
        return new LinkedHashMap<>(last);
    }

    synchronized Map<String, Boolean> bfdStates() {
        return new LinkedHashMap<>(lastBfd);
    }

    static String line(String instance, String state) {
        return ChildProtocol.VRRP_STATE + " " + instance + " " + state;
    }

    static String bfdLine(String session, boolean up) {
        return ChildProtocol.BFD_STATE + " " + session + " " + ChildProtocol.bfdWord(up);
    }
}
