package io.vigil.check;

import java.util.List;

/** Side effects decided by the pure {@link PoolState}, carried out by the {@link CheckCoordinator}. */
public sealed interface PoolAction {
    /** Run a notify script (notify_up/down, quorum_up/down); it is not awaited. */
    record RunScript(List<String> argv, String why) implements PoolAction {}

    /** A line for the log, worded as keepalived words it. */
    record Log(String message) implements PoolAction {}

    /** An smtp_alert event (logged; mail delivery belongs to the global notification settings). */
    record SmtpAlert(String subject, String body) implements PoolAction {}
}
