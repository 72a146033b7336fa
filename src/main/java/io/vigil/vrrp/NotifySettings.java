package io.vigil.vrrp;

import java.util.List;

/**
 * Notify scripts of an instance or sync group, each an argv (null when unset). The generic {@code notify} gets
 * keepalived's arguments appended: {@code "INSTANCE"|"GROUP" NAME STATE PRIORITY}. {@code fifo}: keepalived's
 * {@code notify_fifo} path (null when unset), written one line per transition: {@code INSTANCE "VI_1" MASTER 100}.
 * {@code priorityChanges} ({@code notify_priority_changes}): the FIFO also gets a line per change of the effective
 * priority, {@code INSTANCE "VI_1" MASTER_PRIORITY 70} (BACKUP_PRIORITY unless MASTER), as keepalived writes it.
 * {@code smtpAlert}: an alert e-mail per state change ({@link VrrpAlerts}), none for FAULT with {@code noEmailFaults}.
 * {@code masterRxLowerPri} ({@code notify_master_rx_lower_pri}): run, as written, each time a MASTER receives a
 * lower-priority advert.
 */
public record NotifySettings(List<String> master, List<String> backup, List<String> fault, List<String> stop, List<String> generic,
                             String fifo, long timeoutMillis, boolean notifyDeleted, List<String> deleted, boolean smtpAlert,
                             boolean noEmailFaults, boolean priorityChanges, List<String> masterRxLowerPri) {
    public NotifySettings(List<String> master, List<String> backup, List<String> fault, List<String> stop, List<String> generic,
                          String fifo, long timeoutMillis, boolean notifyDeleted, List<String> deleted, boolean smtpAlert,
                          boolean noEmailFaults, boolean priorityChanges) {
        this(master, backup, fault, stop, generic, fifo, timeoutMillis, notifyDeleted, deleted, smtpAlert, noEmailFaults, priorityChanges, null);
    }

    /** With keepalived's {@code notify_master_rx_lower_pri} script (null: none). */
    public NotifySettings withMasterRxLowerPri(List<String> argv) {
        return new NotifySettings(master, backup, fault, stop, generic, fifo, timeoutMillis, notifyDeleted, deleted, smtpAlert, noEmailFaults,
                priorityChanges, argv);
    }

    public static final NotifySettings NONE = new NotifySettings(null, null, null, null, null, null, 30_000);

    /** Without alert e-mail. */
    public NotifySettings(List<String> master, List<String> backup, List<String> fault, List<String> stop, List<String> generic,
                          String fifo, long timeoutMillis, boolean notifyDeleted, List<String> deleted, boolean priorityChanges) {
        this(master, backup, fault, stop, generic, fifo, timeoutMillis, notifyDeleted, deleted, false, false, priorityChanges);
    }

    /** Without alert e-mail and without FIFO lines for priority changes. */
    public NotifySettings(List<String> master, List<String> backup, List<String> fault, List<String> stop, List<String> generic,
                          String fifo, long timeoutMillis, boolean notifyDeleted, List<String> deleted) {
        this(master, backup, fault, stop, generic, fifo, timeoutMillis, notifyDeleted, deleted, false);
    }

    /** With keepalived's {@code smtp_alert} (mail on each state change) and global {@code no_email_faults}. */
    public NotifySettings withSmtpAlert(boolean alert, boolean noFaults) {
        return new NotifySettings(master, backup, fault, stop, generic, fifo, timeoutMillis, notifyDeleted, deleted, alert, noFaults,
                priorityChanges, masterRxLowerPri);
    }

    /** Without keepalived's {@code notify_deleted}: an instance removed by a reload notifies FAULT. */
    public NotifySettings(List<String> master, List<String> backup, List<String> fault, List<String> stop, List<String> generic,
                          String fifo, long timeoutMillis) {
        this(master, backup, fault, stop, generic, fifo, timeoutMillis, false, null);
    }

    public List<String> forState(VrrpState state) {
        return switch (state) {
            case MASTER -> master;
            case BACKUP -> backup;
            case FAULT -> fault;
            case STOP -> stop;
            case INIT -> null;
        };
    }
}
