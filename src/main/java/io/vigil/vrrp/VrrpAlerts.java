package io.vigil.vrrp;

/**
 * keepalived's alert e-mails of VRRP instances and sync groups (vrrp_notify.c): one per state change into MASTER,
 * BACKUP, FAULT (unless {@code no_email_faults}), STOP, and DELETED (an instance a reload removed with
 * {@code notify_deleted}); never twice in a row for the same state. The subjects and bodies are keepalived's words,
 * which operators' mail filters match.
 */
final class VrrpAlerts {
    private VrrpAlerts() {
    }

    /** The alert for an instance entering {@code state} (a keepalived state word), or null when none is sent. */
    static Action.MailAlert instance(String name, String state) {
        return switch (state) {
            case "MASTER" -> mail("VRRP Instance " + name + " - Entering MASTER state", "=> VRRP Instance is now owning VRRP VIPs <=");
            case "BACKUP" -> mail("VRRP Instance " + name + " - Entering BACKUP state", "=> VRRP Instance is no longer owning VRRP VIPs <=");
            case "FAULT" -> mail("VRRP Instance " + name + " - Entering FAULT state", "=> VRRP Instance is no longer owning VRRP VIPs <=");
            case "STOP" -> mail("VRRP Instance " + name + " - Stopping", "=> VRRP Instance stopping <=");
            case "DELETED" -> mail("VRRP Instance " + name + " - Deleted", "=> VRRP Deleted at reload <=");
            default -> null;
        };
    }

    /** The alert for a sync group whose members all entered {@code state}, or null. */
    static Action.MailAlert group(String name, String state) {
        return switch (state) {
            case "MASTER", "BACKUP", "FAULT" -> mail("VRRP Group " + name + " - Entering " + state + " state",
                    "=> All VRRP group instances are now in " + state + " state <=");
            case "STOP" -> mail("VRRP Group " + name + " - Stopping", "=> All VRRP group instances are now stopping <=");
            default -> null;
        };
    }

    /** Whether to mail for a change into {@code state}, given the state last mailed (keepalived's last_email_state). */
    static boolean wanted(NotifySettings n, String state, String lastMailed) {
        return n != null && n.smtpAlert() && !(n.noEmailFaults() && state.equals("FAULT")) && !state.equals(lastMailed);
    }

    private static Action.MailAlert mail(String subjectTail, String body) {
        return new Action.MailAlert(subjectTail, body);
    }
}
