package io.vigil.lb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes the changes that take a data plane from its current state to the desired one (pure).
 *
 * <p>Order: services no longer wanted are removed first; then, per desired service in configuration order, the
 * service is added or edited, new servers are added before changed ones are edited and gone ones removed, so a
 * service never passes through a moment with fewer usable servers than both its old and new sets have.
 * Servers are matched by key: their order is not reconciled (IPVS keeps insertion order).
 */
public final class Reconciler {
    private Reconciler() {}

    public static Plan plan(DesiredState current, DesiredState desired) {
        List<Change> changes = new ArrayList<>();
        Map<ServiceKey, VirtualService> now = new LinkedHashMap<>();
        for (VirtualService s : current.services()) now.put(s.key(), s);

        for (VirtualService s : current.services())
            if (desired.service(s.key()).isEmpty()) changes.add(new Change.RemoveService(s));

        for (VirtualService want : desired.services()) {
            VirtualService have = now.get(want.key());
            if (have == null) {
                changes.add(new Change.AddService(want));
                for (RealServer r : want.servers()) changes.add(new Change.AddServer(want.key(), r));
                continue;
            }
            if (!have.sameSettings(want)) changes.add(new Change.EditService(have, want));
            Map<RealServer.Key, RealServer> had = new LinkedHashMap<>();
            for (RealServer r : have.servers()) had.put(r.key(), r);
            List<Change> edits = new ArrayList<>();
            for (RealServer r : want.servers()) {
                RealServer old = had.remove(r.key());
                if (old == null) changes.add(new Change.AddServer(want.key(), r));
                else if (!old.equals(r)) edits.add(new Change.EditServer(want.key(), old, r));
            }
            changes.addAll(edits);
            for (RealServer gone : had.values()) changes.add(new Change.RemoveServer(want.key(), gone));
        }
        return new Plan(current, desired, changes);
    }

    /** Applies a plan's changes to a state (what a faithful back end ends up holding); used by fakes and tests. */
    public static DesiredState applyTo(DesiredState state, List<Change> changes) {
        Map<ServiceKey, VirtualService> m = new LinkedHashMap<>();
        for (VirtualService s : state.services()) m.put(s.key(), s);
        for (Change c : changes) {
            switch (c) {
                case Change.AddService a -> {
                    if (m.containsKey(a.service())) throw new DataPlaneException("service exists: " + a.service());
                    m.put(a.service(), a.settings().withServers(List.of()));
                }
                case Change.EditService e -> m.put(e.service(), e.settings().withServers(need(m, e.service()).servers()));
                case Change.RemoveService r -> {
                    if (m.remove(r.service()) == null) throw new DataPlaneException("no such service: " + r.service());
                }
                case Change.AddServer a -> {
                    VirtualService s = need(m, a.service());
                    if (s.servers().stream().anyMatch(x -> x.key().equals(a.server().key())))
                        throw new DataPlaneException("server exists: " + a.server().key() + " in " + a.service());
                    List<RealServer> l = new ArrayList<>(s.servers());
                    l.add(a.server());
                    m.put(a.service(), s.withServers(l));
                }
                case Change.EditServer e -> {
                    VirtualService s = need(m, e.service());
                    List<RealServer> l = new ArrayList<>();
                    boolean found = false;
                    for (RealServer x : s.servers()) {
                        if (x.key().equals(e.server().key())) {
                            l.add(e.server());
                            found = true;
                        } else l.add(x);
                    }
                    if (!found) throw new DataPlaneException("no such server: " + e.server().key() + " in " + e.service());
                    m.put(e.service(), s.withServers(l));
                }
                case Change.RemoveServer r -> {
                    VirtualService s = need(m, r.service());
                    if (s.servers().stream().noneMatch(x -> x.key().equals(r.before().key())))
                        throw new DataPlaneException("no such server: " + r.before().key() + " in " + r.service());
                    m.put(r.service(), s.without(r.before().key()));
                }
            }
        }
        return new DesiredState(new ArrayList<>(m.values()));
    }

    private static VirtualService need(Map<ServiceKey, VirtualService> m, ServiceKey k) {
        VirtualService s = m.get(k);
        if (s == null) throw new DataPlaneException("no such service: " + k);
        return s;
    }
}
