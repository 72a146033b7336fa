package io.vigil.check;

import java.util.List;

/**
 * A virtual server as the checkers see it.
 *
 * @param alpha              every checker starts failed: a server takes no traffic before its first good check
 * @param rsInitNotifies     keepalived's rs_init_notifies: each server that starts alive runs notify_up (and writes its FIFO line)
 * @param omega              on shutdown run notify_down of the live servers and quorum_down
 * @param quorum             minimum sum of live weights for the pool to be "up" (keepalived default 1)
 * @param hysteresis         quorum is lost below quorum-hysteresis and gained at quorum+hysteresis
 * @param quorumUp           argv run once when quorum is gained (empty: none)
 * @param quorumDown         argv run once when quorum is lost (empty: none)
 * @param sorryServer        takes all traffic while quorum is lost (null: none)
 * @param sorryServerInhibit keep the sorry server in the pool at weight 0 while it is not needed
 */
public record VirtualServerSettings(VirtualServerKey key, boolean alpha, boolean omega, long quorum, long hysteresis,
                                    List<String> quorumUp, List<String> quorumDown, RealServerSettings sorryServer,
                                    boolean sorryServerInhibit, boolean smtpAlert, List<RealServerSettings> realServers, boolean rsInitNotifies) {
    /** Without keepalived's rs_init_notifies. */
    public VirtualServerSettings(VirtualServerKey key, boolean alpha, boolean omega, long quorum, long hysteresis, List<String> quorumUp,
                                 List<String> quorumDown, RealServerSettings sorryServer, boolean sorryServerInhibit, boolean smtpAlert,
                                 List<RealServerSettings> realServers) {
        this(key, alpha, omega, quorum, hysteresis, quorumUp, quorumDown, sorryServer, sorryServerInhibit, smtpAlert, realServers, false);
    }

    /** With keepalived's global rs_init_notifies: notify_up for each server that starts alive. */
    public VirtualServerSettings withRsInitNotifies(boolean on) {
        return new VirtualServerSettings(key, alpha, omega, quorum, hysteresis, quorumUp, quorumDown, sorryServer, sorryServerInhibit, smtpAlert,
                realServers, on);
    }

    public VirtualServerSettings {
        if (quorum < 0 || hysteresis < 0) throw new IllegalArgumentException("quorum and hysteresis must be >= 0");
        quorumUp = quorumUp == null ? List.of() : List.copyOf(quorumUp);
        quorumDown = quorumDown == null ? List.of() : List.copyOf(quorumDown);
        realServers = List.copyOf(realServers);
    }

    public static VirtualServerSettings of(VirtualServerKey key, RealServerSettings... servers) {
        return new VirtualServerSettings(key, false, false, 1, 0, List.of(), List.of(), null, false, false, List.of(servers));
    }

    public VirtualServerSettings withAlpha(boolean a) {
        return new VirtualServerSettings(key, a, omega, quorum, hysteresis, quorumUp, quorumDown, sorryServer, sorryServerInhibit, smtpAlert, realServers);
    }

    public VirtualServerSettings withOmega(boolean o) {
        return new VirtualServerSettings(key, alpha, o, quorum, hysteresis, quorumUp, quorumDown, sorryServer, sorryServerInhibit, smtpAlert, realServers);
    }

    public VirtualServerSettings withQuorum(long q, long h, List<String> up, List<String> down) {
        return new VirtualServerSettings(key, alpha, omega, q, h, up, down, sorryServer, sorryServerInhibit, smtpAlert, realServers);
    }

    public VirtualServerSettings withSorryServer(RealServerSettings sorry, boolean inhibit) {
        return new VirtualServerSettings(key, alpha, omega, quorum, hysteresis, quorumUp, quorumDown, sorry, inhibit, smtpAlert, realServers);
    }

    public VirtualServerSettings withSmtpAlert(boolean alert) {
        return new VirtualServerSettings(key, alpha, omega, quorum, hysteresis, quorumUp, quorumDown, sorryServer, sorryServerInhibit, alert, realServers);
    }
}
