package io.vigil.vrrp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The addresses, routes and rules each instance has installed and not removed yet, so every exit path can remove
 * them. Added and removed piecewise: a reload that changes a MASTER's VIPs adds and removes only the difference.
 * Single-threaded (the VRRP thread).
 */
final class InstalledAddresses {
    private static final class Entry {
        String interfaceName;
        final Set<VirtualAddress> addresses = new LinkedHashSet<>();
        final Set<VirtualRoute> routes = new LinkedHashSet<>();
        final Set<VirtualRule> rules = new LinkedHashSet<>();

        boolean isEmpty() {
            return addresses.isEmpty() && routes.isEmpty() && rules.isEmpty();
        }
    }

    private final Map<String, Entry> byInstance = new LinkedHashMap<>();

    void added(String instance, Action.AddVips a) {
        Entry e = byInstance.get(instance); // (no lambda: this runs on the takeover path, see VrrpService)
        if (e == null) {
            e = new Entry();
            byInstance.put(instance, e);
        }
        e.interfaceName = a.interfaceName();
        e.addresses.addAll(a.addresses());
        e.routes.addAll(a.routes());
        e.rules.addAll(a.rules());
    }

    void removed(String instance, Action.RemoveVips r) {
        Entry e = byInstance.get(instance);
        if (e == null) return;
        e.addresses.removeAll(r.addresses());
        e.routes.removeAll(r.routes());
        e.rules.removeAll(r.rules());
        if (e.isEmpty()) byInstance.remove(instance);
    }

    boolean isEmpty() {
        return byInstance.isEmpty();
    }

    /** What is still installed, per instance, as the removals to do; forgets it all. */
    Map<String, Action.RemoveVips> drain() {
        Map<String, Action.RemoveVips> out = new LinkedHashMap<>();
        byInstance.forEach((inst, e) -> out.put(inst, new Action.RemoveVips(e.interfaceName,
                new ArrayList<>(e.addresses), new ArrayList<>(e.routes), new ArrayList<>(e.rules))));
        byInstance.clear();
        return out;
    }
}
