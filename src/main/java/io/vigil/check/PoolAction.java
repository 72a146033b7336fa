package io.vigil.check;

import java.util.List;

/** Side effects decided by the pure {@link PoolState}, carried out by the {@link CheckCoordinator}. */
public sealed interface PoolAction {
    /** Run a notify script (notify_up/down, quorum_up/down); it is not awaited. */
    record RunScript(List<String> argv, String why) implements PoolAction {}

    /** A line for notify_fifo / lvs_notify_fifo, in keepalived's form ({@code RS ... UP}, {@code VS ... DOWN}), without the newline. */
    record FifoLine(String line) implements PoolAction {}

    /** A line for the log, worded as keepalived words it. */
    record Log(String message) implements PoolAction {}

    /**
     * An alert e-mail ({@code smtp_alert}), worded as keepalived: {@code subjectTail} follows {@code [router_id] }.
     * {@code serverChanged}: the real server itself went up or down (false: only one of its checkers changed, which
     * global {@code no_checker_emails} silences).
     */
    record SmtpAlert(String subjectTail, String body, boolean serverChanged) implements PoolAction {
        public boolean wanted(boolean noCheckerEmails) {
            return serverChanged || !noCheckerEmails;
        }
    }
}
