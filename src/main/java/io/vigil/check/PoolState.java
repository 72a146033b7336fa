package io.vigil.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pool of one virtual server, with keepalived's semantics (ipwrapper.c): a real server is alive while none of
 * its checkers is down; the quorum compares the sum of live weights with {@code quorum ± hysteresis}, running
 * quorum_up / quorum_down once per change; while quorum is lost the sorry server (if any) replaces the real
 * servers; inhibit_on_failure keeps a dead server at weight 0.
 * <p>Pure: events in, {@link PoolAction}s out, and {@link #desired()} computed from the state. Not thread-safe:
 * owned by the {@link CheckCoordinator}'s single thread.
 */
public final class PoolState {
    private final VirtualServerSettings vs;
    private final Map<RealServerKey, Server> servers = new LinkedHashMap<>();
    private boolean quorumUp;

    private static final class Server {
        final RealServerSettings settings;
        final Set<Integer> failedCheckers = new HashSet<>();
        boolean alive;
        int effectiveWeight;

        Server(RealServerSettings settings) {
            this.settings = settings;
            this.effectiveWeight = settings.weight();
        }
    }

    private final Boolean carriedQuorumUp;

    public PoolState(VirtualServerSettings vs) {
        this(vs, Carried.NONE);
    }

    /**
     * What a reload carries into the new pool: the verdict of each checker that still exists (by
     * {@link CheckerIdentity}), dynamic weights of servers that still exist, and the quorum state.
     */
    public record Carried(java.util.function.Function<CheckerIdentity, Boolean> checkerUp, Map<RealServerKey, Integer> dynamicWeights,
                          Boolean quorumUp, Set<RealServerKey> existingServers) {
        public static final Carried NONE = new Carried(id -> null, Map.of(), null, null);

        /** Without the servers the previous configuration had (null: unknown, no server counts as new). */
        public Carried(java.util.function.Function<CheckerIdentity, Boolean> checkerUp, Map<RealServerKey, Integer> dynamicWeights, Boolean quorumUp) {
            this(checkerUp, dynamicWeights, quorumUp, null);
        }
    }

    /** The servers that existed before a reload (null on a cold start): they get no rs_init_notifies. */
    private final Set<RealServerKey> existingServers;

    public PoolState(VirtualServerSettings vs, Carried carried) {
        this.vs = vs;
        this.carriedQuorumUp = carried.quorumUp();
        this.existingServers = carried.quorumUp() == null ? null : carried.existingServers() == null ? Set.copyOf(servers(vs)) : carried.existingServers();
        for (RealServerSettings rs : vs.realServers()) {
            Server s = new Server(rs);
            List<CheckerIdentity> ids = CheckerIdentity.of(vs.key(), rs);
            for (int i = 0; i < ids.size(); i++) {
                Boolean up = carried.checkerUp().apply(ids.get(i));
                // alpha: a checker without history starts failed, so the server starts out of the pool
                if (up != null ? !up : rs.checkers().get(i).timing().alpha(vs)) s.failedCheckers.add(i);
            }
            Integer w = carried.dynamicWeights().get(rs.key());
            if (w != null) s.effectiveWeight = w;
            s.alive = s.failedCheckers.isEmpty();
            servers.put(rs.key(), s);
        }
    }

    /** Dynamic weights (misc_dynamic, FILE_CHECK) that differ from the configured ones, for a reload. */
    public Map<RealServerKey, Integer> dynamicWeights() {
        Map<RealServerKey, Integer> out = new LinkedHashMap<>();
        for (Server s : servers.values()) if (s.effectiveWeight != s.settings.weight()) out.put(s.settings.key(), s.effectiveWeight);
        return out;
    }

    Set<RealServerKey> realServerKeys() {
        return Set.copyOf(servers.keySet());
    }

    public VirtualServerKey key() {
        return vs.key();
    }

    private static List<RealServerKey> servers(VirtualServerSettings vs) {
        return vs.realServers().stream().map(RealServerSettings::key).toList();
    }

    /**
     * Computes the initial quorum state (keepalived set_quorum_states + init_service_vs); with rs_init_notifies, each
     * server that starts alive (not one a reload kept) gets its notify_up script and FIFO line first, as keepalived's
     * sync_service_vs does.
     */
    public List<PoolAction> start() {
        List<PoolAction> out = new ArrayList<>();
        if (vs.rsInitNotifies()) {
            for (Server s : servers.values()) {
                if (s.alive && (existingServers == null || !existingServers.contains(s.settings.key()))) serverNotifies(s, "rs_init_notifies", out);
            }
        }
        long sum = liveWeight();
        if (carriedQuorumUp != null) {
            // a reload: keep the quorum state, and run the scripts only if the new settings change it
            quorumUp = carriedQuorumUp;
            updateQuorum(out);
            return out;
        }
        quorumUp = sum >= vs.quorum() + vs.hysteresis();
        if (!quorumUp && vs.sorryServer() != null) {
            out.add(new PoolAction.Log("Starting with quorum down " + vs.quorum() + "-" + vs.hysteresis() + "=" + (vs.quorum() + vs.hysteresis())
                    + " > " + sum + " for VS " + vs.key()));
            out.add(new PoolAction.Log("Adding sorry server " + vs.sorryServer().key() + " to VS " + vs.key()));
            quorumNotifies(out, "Starting with quorum down", vs.quorum() + vs.hysteresis(), sum);
        }
        return out;
    }

    public List<PoolAction> apply(CheckEvent event) {
        List<PoolAction> out = new ArrayList<>();
        Server s = servers.get(switch (event) {
            case CheckEvent.CheckerChanged c -> c.rs();
            case CheckEvent.WeightChanged w -> w.rs();
        });
        if (s == null) {
            out.add(new PoolAction.Log("Event for unknown real server ignored: " + event));
            return out;
        }
        switch (event) {
            case CheckEvent.CheckerChanged c -> checkerChanged(s, c, out);
            case CheckEvent.WeightChanged w -> weightChanged(s, w, out);
        }
        return out;
    }

    /** The alpha of a server's checker (its own, its server's, else the virtual server's). */
    private boolean checkerAlpha(Server s, int checkerId) {
        List<CheckerSettings> cs = s.settings.checkers();
        return checkerId >= 0 && checkerId < cs.size() ? cs.get(checkerId).timing().alpha(vs) : vs.alpha();
    }

    private void checkerChanged(Server s, CheckEvent.CheckerChanged c, List<PoolAction> out) {
        boolean checkerWasUp = !s.failedCheckers.contains(c.checkerId());
        if (checkerWasUp == c.up()) {
            // First report confirming the initial state: keepalived notifies for alpha, or for a failure.
            if (c.firstReport() && (checkerAlpha(s, c.checkerId()) || !c.up())) serverNotifies(s, c.reason(), out);
            return;
        }
        boolean wasAlive = s.alive;
        List<PoolAction> after = new ArrayList<>();
        if (c.up()) {
            s.failedCheckers.remove(c.checkerId());
            if (s.failedCheckers.isEmpty()) setAlive(s, true, c.reason(), after);
        } else {
            s.failedCheckers.add(c.checkerId());
            if (s.failedCheckers.size() == 1) setAlive(s, false, c.reason(), after);
        }
        // keepalived: the checker mails after updating the server (and so after any quorum alert)
        if (s.settings.smtpAlert() && c.checkerId() < s.settings.checkers().size()) {
            String body = CheckAlerts.checkerBody(s.settings.checkers().get(c.checkerId()), c.up(), c.reason());
            if (body != null) {
                after.add(new PoolAction.SmtpAlert(CheckAlerts.realServerSubject(vs.key(), s.settings.key(), s.alive), body, wasAlive != s.alive));
            }
        }
        out.addAll(after);
    }

    private void weightChanged(Server s, CheckEvent.WeightChanged w, List<PoolAction> out) {
        if (w.weight() == s.effectiveWeight) return;
        out.add(new PoolAction.Log("Changing weight from " + s.effectiveWeight + " to " + w.weight() + " for " + (s.alive ? "" : "in")
                + "active service " + s.settings.key() + " of VS " + vs.key() + " (" + w.reason() + ")"));
        s.effectiveWeight = w.weight();
        updateQuorum(out);
    }

    private void setAlive(Server s, boolean alive, String reason, List<PoolAction> out) {
        if (s.alive == alive) return;
        boolean inhibit = s.settings.inhibitOnFailure();
        String verb = alive ? (inhibit ? "Enabling" : "Adding") : (inhibit ? "Disabling" : "Removing");
        String prep = inhibit ? "of" : alive ? "to" : "from";
        out.add(new PoolAction.Log(verb + " service " + s.settings.key() + " " + prep + " VS " + vs.key() + ": " + reason));
        s.alive = alive;
        serverNotifies(s, reason, out);
        updateQuorum(out);
    }

    private void serverNotifies(Server s, String reason, List<PoolAction> out) {
        List<String> script = s.alive ? s.settings.notifyUp() : s.settings.notifyDown();
        if (!script.isEmpty()) out.add(new PoolAction.RunScript(script, (s.alive ? "notify_up " : "notify_down ") + s.settings.key()));
        out.add(new PoolAction.FifoLine(CheckAlerts.realServerFifoLine(vs.key(), s.settings.key(), s.alive)));
    }

    private void updateQuorum(List<PoolAction> out) {
        long sum = liveWeight();
        long threshold = vs.quorum() + (quorumUp ? -1 : 1) * vs.hysteresis();
        if (!quorumUp && sum >= threshold) {
            quorumUp = true;
            out.add(new PoolAction.Log("Gained quorum " + vs.quorum() + "+" + vs.hysteresis() + "=" + threshold + " <= " + sum + " for VS " + vs.key()));
            if (vs.sorryServer() != null)
                out.add(new PoolAction.Log((vs.sorryServerInhibit() ? "Disabling" : "Removing") + " sorry server " + vs.sorryServer().key() + " from VS " + vs.key()));
            quorumNotifies(out, "Gained quorum", threshold, sum);
        } else if (quorumUp && (sum == 0 || sum < threshold)) {
            quorumUp = false;
            out.add(new PoolAction.Log("Lost quorum " + vs.quorum() + "-" + vs.hysteresis() + "=" + threshold + " > " + sum + " for VS " + vs.key()));
            if (vs.sorryServer() != null)
                out.add(new PoolAction.Log((vs.sorryServerInhibit() ? "Enabling" : "Adding") + " sorry server " + vs.sorryServer().key() + " to VS " + vs.key()));
            quorumNotifies(out, "Lost quorum", threshold, sum);
        }
    }

    private void quorumNotifies(List<PoolAction> out, String what, long threshold, long sum) {
        List<String> script = quorumUp ? vs.quorumUp() : vs.quorumDown();
        if (!script.isEmpty()) out.add(new PoolAction.RunScript(script, (quorumUp ? "quorum_up " : "quorum_down ") + vs.key()));
        out.add(new PoolAction.FifoLine(CheckAlerts.virtualServerFifoLine(vs.key(), quorumUp)));
        if (vs.smtpAlert())
            out.add(new PoolAction.SmtpAlert(CheckAlerts.virtualServerSubject(vs.key(), quorumUp),
                    "=> " + what + " " + vs.quorum() + "+" + vs.hysteresis() + "=" + threshold + " <= " + sum + " <=", true));
    }

    /**
     * Shutdown: with {@code omega}, the notify_down scripts of live servers and quorum_down run, and their alerts go (keepalived
     * clear_service_rs / do_vs_notifies when stopping); without it nothing runs.
     */
    public List<PoolAction> stop() {
        List<PoolAction> out = new ArrayList<>();
        if (!vs.omega()) return out;
        for (Server s : servers.values()) {
            if (s.alive && !s.settings.notifyDown().isEmpty())
                out.add(new PoolAction.RunScript(s.settings.notifyDown(), "notify_down (omega, shutdown) " + s.settings.key()));
            // keepalived's clear_service_rs when stopping with omega: the live servers are mailed DOWN
            if (s.alive) out.add(new PoolAction.FifoLine(CheckAlerts.realServerFifoLine(vs.key(), s.settings.key(), false)));
            if (s.alive && s.settings.smtpAlert())
                out.add(new PoolAction.SmtpAlert(CheckAlerts.realServerSubject(vs.key(), s.settings.key(), false), "=> Shutting down <=", true));
        }
        if (!vs.quorumDown().isEmpty()) out.add(new PoolAction.RunScript(vs.quorumDown(), "quorum_down (omega, shutdown) " + vs.key()));
        out.add(new PoolAction.FifoLine(CheckAlerts.virtualServerFifoLine(vs.key(), false))); // keepalived: with omega only
        if (vs.smtpAlert()) out.add(new PoolAction.SmtpAlert(CheckAlerts.virtualServerSubject(vs.key(), false), "=> Shutting down <=", true));
        return out;
    }

    private long liveWeight() {
        long sum = 0;
        for (Server s : servers.values()) if (s.alive) sum += s.effectiveWeight;
        return sum;
    }

    /**
     * A reload drops the real servers not in {@code kept}: keepalived's clear_service_rs mails each live one with
     * smtp_alert DOWN ("=> Removing <=").
     */
    public List<PoolAction> removedByReload(java.util.Set<RealServerKey> kept) {
        List<PoolAction> out = new ArrayList<>();
        for (Server s : servers.values()) {
            if (kept.contains(s.settings.key()) || !s.alive || !s.settings.smtpAlert()) continue;
            out.add(new PoolAction.SmtpAlert(CheckAlerts.realServerSubject(vs.key(), s.settings.key(), false), "=> Removing <=", true));
        }
        return out;
    }

    public boolean quorumUp() {
        return quorumUp;
    }

    public boolean isAlive(RealServerKey rs) {
        Server s = servers.get(rs);
        return s != null && s.alive;
    }

    /** The pool as it should be now. */
    public DesiredPool desired() {
        boolean sorryActive = vs.sorryServer() != null && !quorumUp;
        List<DesiredPool.Member> members = new ArrayList<>();
        for (Server s : servers.values()) {
            if (s.alive && !sorryActive) members.add(new DesiredPool.Member(s.settings.key(), s.effectiveWeight, false));
            else if (s.settings.inhibitOnFailure()) members.add(new DesiredPool.Member(s.settings.key(), 0, false));
        }
        if (vs.sorryServer() != null) {
            if (sorryActive) members.add(new DesiredPool.Member(vs.sorryServer().key(), vs.sorryServer().weight(), true));
            else if (vs.sorryServerInhibit()) members.add(new DesiredPool.Member(vs.sorryServer().key(), 0, true));
        }
        return new DesiredPool(vs.key(), members, quorumUp, sorryActive);
    }
}
