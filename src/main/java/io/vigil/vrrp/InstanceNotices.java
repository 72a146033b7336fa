package io.vigil.vrrp;

import java.util.ArrayList;
import java.util.List;

/**
 * What one instance tells the outside world about its state: notify scripts, the notify FIFO's lines and alert
 * e-mail, in keepalived's words and order. Pure: it only appends actions; the one piece of state it keeps is the
 * last state mailed (keepalived's last_email_state), so the same state is never mailed twice in a row.
 */
final class InstanceNotices {
    private final String name;
    private String lastMailed;

    InstanceNotices(String name) {
        this.name = name;
    }

    /** After a transition to {@code to}: the state's own script, the generic one, the FIFO line, the mail. */
    void entered(NotifySettings n, VrrpState to, int priority, List<Action> out) {
        List<String> specific = n.forState(to);
        if (specific != null) out.add(new Action.RunNotify(specific, n.timeoutMillis()));
        generic(n, to.keepalivedName(), priority, out);
        mail(n, to.keepalivedName(), out);
    }

    /**
     * The notifies of an instance a reload removes, as keepalived: those of FAULT, or with {@code notify_deleted} the
     * state word DELETED (and the notify_deleted script when one is given). They replace the STOP notifies.
     */
    List<Action> removedByReload(NotifySettings n, int priority) {
        List<Action> out = new ArrayList<>();
        String word = n.notifyDeleted() ? "DELETED" : VrrpState.FAULT.keepalivedName();
        List<String> specific = n.notifyDeleted() ? n.deleted() : n.fault();
        if (specific != null) out.add(new Action.RunNotify(specific, n.timeoutMillis()));
        generic(n, word, priority, out);
        mail(n, word, out);
        return out;
    }

    /** keepalived's send_event_notify for a MASTER that heard a lower priority: the script as written, then the FIFO line. */
    void masterRxLowerPri(NotifySettings n, int priority, List<Action> out) {
        List<String> script = n.masterRxLowerPri();
        if (script != null) out.add(new Action.RunNotify(script, n.timeoutMillis()));
        if (n.fifo() != null) out.add(new Action.WriteNotifyFifo(n.fifo(), "INSTANCE \"" + name + "\" MASTER_RX_LOWER_PRI " + priority));
    }

    /** notify_priority_changes: the FIFO line of a new effective priority. */
    void priorityChanged(NotifySettings n, boolean master, int priority, List<Action> out) {
        if (n.priorityChanges() && n.fifo() != null)
            out.add(new Action.WriteNotifyFifo(n.fifo(), "INSTANCE \"" + name + "\" " + (master ? "MASTER_PRIORITY " : "BACKUP_PRIORITY ") + priority));
    }

    /** fifo_write_vrrp_states_on_reload: the FIFO line of the current state (null without a FIFO, or in INIT). */
    Action.WriteNotifyFifo stateLine(NotifySettings n, VrrpState state, int priority) {
        if (n == null || n.fifo() == null || state == VrrpState.INIT) return null;
        return new Action.WriteNotifyFifo(n.fifo(), "INSTANCE \"" + name + "\" " + state.keepalivedName() + " " + priority);
    }

    private void generic(NotifySettings n, String word, int priority, List<Action> out) {
        if (n.generic() != null) {
            List<String> argv = new ArrayList<>(n.generic());
            argv.addAll(List.of("INSTANCE", name, word, Integer.toString(priority)));
            out.add(new Action.RunNotify(argv, n.timeoutMillis()));
        }
        if (n.fifo() != null) out.add(new Action.WriteNotifyFifo(n.fifo(), "INSTANCE \"" + name + "\" " + word + " " + priority));
    }

    private void mail(NotifySettings n, String state, List<Action> out) {
        if (!VrrpAlerts.wanted(n, state, lastMailed)) return;
        Action.MailAlert m = VrrpAlerts.instance(name, state);
        if (m == null) return;
        out.add(m);
        lastMailed = state;
    }
}
