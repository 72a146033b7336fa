package io.vigil.daemon;

import java.nio.file.Path;
import java.util.Map;

/**
 * One supervised child's work: the VRRP stack or the checkers with their data plane. The child process
 * ({@link ChildMain}) owns exactly one subsystem and drives it through this interface; the parent never sees it.
 */
public interface Subsystem extends AutoCloseable {

    /** Which child runs this subsystem; the name is also keepalived's process role. */
    enum Kind {
        VRRP("Keepalived_vrrp", "vigil-vrrp"),
        CHECKERS("Keepalived_healthcheckers", "vigil-check"),
        /** Vigil's userspace data plane, apart from the checkers so that their restart never cuts traffic. */
        PROXY("Keepalived_proxy", "vigil-proxy");

        private final String keepalivedIdent;
        private final String vigilIdent;

        Kind(String keepalivedIdent, String vigilIdent) {
            this.keepalivedIdent = keepalivedIdent;
            this.vigilIdent = vigilIdent;
        }

        /** The syslog identity keepalived uses for this process (operators grep for it). */
        public String keepalivedIdent() {
            return keepalivedIdent;
        }

        public String vigilIdent() {
            return vigilIdent;
        }

        public String flag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * What a child is started with. {@code resumedStates} holds the state each VRRP instance had when the previous
     * incarnation of this child died (empty on a cold start), and {@code lastAdvertEpochMillis} when that incarnation
     * last sent an advert for it, so a restarted VRRP child keeps its role if no backup can have taken it yet.
     * {@code bfdStates}: the BFD sessions' states the parent knew when it started this checker child (BFD_CHECK).
     * {@code runsBfd}: no VRRP child runs ({@code -C}), so this checker child runs the BFD sessions its checks follow.
     */
    record Context(Path configFile, String configId, boolean compat, Map<String, String> resumedStates, long previousDeathEpochMillis,
                   Map<String, Long> lastAdvertEpochMillis, Map<String, Boolean> bfdStates, boolean runsBfd, StateSink sink) {
        public Context {
            resumedStates = Map.copyOf(resumedStates);
            lastAdvertEpochMillis = Map.copyOf(lastAdvertEpochMillis);
            bfdStates = Map.copyOf(bfdStates);
        }

        /** A cold start: no previous incarnation. */
        public Context(Path configFile, String configId, boolean compat, StateSink sink) {
            this(configFile, configId, compat, Map.of(), 0, Map.of(), Map.of(), false, sink);
        }
    }

    /** Starts from a configuration the parent has validated. */
    void start(Context context) throws Exception;

    /**
     * Applies the configuration file anew (the parent has validated it): only the difference. Returns a one-line
     * summary of what changed.
     */
    String reload() throws Exception;

    /** Human-readable status (ipvsadm-like for the checkers, instance table for VRRP). */
    String status();

    /** Writes keepalived-style data (SIGUSR1) or stats (SIGUSR2) dump text. */
    String dump(boolean stats);

    /**
     * The part of a stop that is on the failover path (VRRP: the priority-0 adverts), started at once on the calling
     * thread without waiting for it; {@link #close()} follows and does the rest. May be called more than once.
     */
    default void beginStop() {
    }

    /** Graceful stop: priority-0 adverts and VIP removal for VRRP, rules removal for the data plane. */
    @Override
    void close();

    /** A message from the parent beyond the common commands (the proxy child's APPLY). */
    default void receive(String verb, String payload) {
    }

    /** Where the subsystem reports state the parent must remember across restarts. */
    interface StateSink {
        void instanceState(String instance, String state);

        /** The checker child's desired data-plane state, for the proxy child. */
        default void desiredState(String text) {
        }

        /** The VRRP child sent an advert (priority above 0) for an instance; must not block (the VRRP thread calls it). */
        default void advertSent(String instance, long epochMillis) {
        }

        /** A notable observation (transition, health change) for the parent's picture: never blocks. */
        default void event(io.vigil.observe.ObsEvent event) {
        }

        /** Counters for the parent's picture: only the latest per {@code key} is sent. Never blocks. */
        default void counters(String key, io.vigil.observe.ObsEvent counters) {
        }

        /**
         * A BFD session whose events go to the checkers (BFD_CHECK) is up or not; the parent relays it to the checker
         * child. Called on the BFD thread: must not block.
         */
        default void bfdState(String session, boolean up) {
        }

        /** The proxy child's traffic counters ({@link DesiredStateText#encodeStats}), for the checker child. */
        default void proxyStats(String text) {
        }
    }
}
