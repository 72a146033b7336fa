package io.vigil.check;

import java.util.List;

/**
 * A real server as configured.
 *
 * @param weight           configured weight (keepalived default 1)
 * @param inhibitOnFailure keep a failed server in the pool with weight 0 instead of removing it
 * @param notifyUp         argv run when the server comes up (empty: none)
 * @param notifyDown       argv run when the server goes down (empty: none)
 * @param smtpAlert        log smtp_alert events for this server
 * @param checkers         its health checkers; none means always alive
 */
public record RealServerSettings(RealServerKey key, int weight, boolean inhibitOnFailure, List<String> notifyUp,
                                 List<String> notifyDown, boolean smtpAlert, List<CheckerSettings> checkers) {
    public RealServerSettings {
        if (weight < 0) throw new IllegalArgumentException("weight must be >= 0");
        notifyUp = notifyUp == null ? List.of() : List.copyOf(notifyUp);
        notifyDown = notifyDown == null ? List.of() : List.copyOf(notifyDown);
        checkers = checkers == null ? List.of() : List.copyOf(checkers);
    }

    public static RealServerSettings of(RealServerKey key, CheckerSettings... checkers) {
        return new RealServerSettings(key, 1, false, List.of(), List.of(), false, List.of(checkers));
    }

    public RealServerSettings withWeight(int w) {
        return new RealServerSettings(key, w, inhibitOnFailure, notifyUp, notifyDown, smtpAlert, checkers);
    }

    public RealServerSettings withInhibitOnFailure(boolean inhibit) {
        return new RealServerSettings(key, weight, inhibit, notifyUp, notifyDown, smtpAlert, checkers);
    }

    public RealServerSettings withNotify(List<String> up, List<String> down) {
        return new RealServerSettings(key, weight, inhibitOnFailure, up, down, smtpAlert, checkers);
    }

    public RealServerSettings withSmtpAlert(boolean alert) {
        return new RealServerSettings(key, weight, inhibitOnFailure, notifyUp, notifyDown, alert, checkers);
    }
}
