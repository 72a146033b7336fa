package io.vigil.snmp;

import java.util.List;

/**
 * SNMP for the daemon: serves the MIBs the settings enable from the view through an AgentX session, and turns each
 * change of the view into the notifications keepalived would send ({@link #refresh}, called by whoever feeds the view).
 */
public final class SnmpAgent implements AutoCloseable {
    private final SnmpSettings settings;
    private final SnmpView view;
    private final AgentXSubagent subagent;
    private SnmpView.Snapshot last;

    public SnmpAgent(SnmpSettings settings, SnmpView view, long reconnectMillis) {
        this.settings = settings;
        this.view = view;
        this.last = view.snapshot();
        this.subagent = new AgentXSubagent(settings.socket(), settings.subtrees(), this::tree, reconnectMillis);
    }

    private record Built(SnmpView.Snapshot from, MibTree tree) {}

    private volatile Built built;

    /** The tree of the current snapshot, built once per snapshot (a walk asks for it at every step). */
    private MibTree tree() {
        SnmpView.Snapshot s = view.snapshot();
        Built b = built;
        if (b == null || b.from() != s) {
            b = new Built(s, settings.tree(s));
            built = b;
        }
        return b.tree();
    }

    public SnmpAgent start() {
        subagent.start();
        return this;
    }

    /** The view changed: send what keepalived sends for the difference. */
    public synchronized void refresh() {
        SnmpView.Snapshot now = view.snapshot();
        List<List<AgentXPdu.VarBind>> traps = SnmpTraps.between(last, now, settings);
        last = now;
        for (List<AgentXPdu.VarBind> trap : traps) subagent.notify(trap);
    }

    public boolean isRegistered() {
        return subagent.isRegistered();
    }

    @Override
    public void close() {
        subagent.close();
    }
}
