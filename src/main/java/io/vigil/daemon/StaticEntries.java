package io.vigil.daemon;

import io.vigil.config.KeepalivedConfig;
import io.vigil.config.VirtualIp;
import io.vigil.vrrp.AddressManager;
import io.vigil.vrrp.VirtualAddress;
import io.vigil.vrrp.VirtualRoute;
import io.vigil.vrrp.VirtualRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * static_ipaddress, static_routes and static_rules as keepalived's VRRP process keeps them: leftovers of an earlier
 * run removed and the entries added at start whatever the VRRP state, only the difference applied on a reload, and
 * all removed when the VRRP process stops. A failure is logged and the rest goes on (keepalived does the same).
 */
final class StaticEntries {
    private static final Logger LOG = LoggerFactory.getLogger(StaticEntries.class);

    record Address(String device, VirtualAddress address) { }

    record Entries(List<Address> addresses, List<VirtualRoute> routes, List<VirtualRule> rules) {
        static final Entries NONE = new Entries(List.of(), List.of(), List.of());

        boolean isEmpty() {
            return addresses.isEmpty() && routes.isEmpty() && rules.isEmpty();
        }
    }

    private StaticEntries() {}

    static Entries of(KeepalivedConfig config) {
        List<Address> addresses = new ArrayList<>();
        for (VirtualIp v : config.staticIpAddresses()) {
            if (v.device().isEmpty()) {
                LOG.warn("static_ipaddress {}: no 'dev', so it cannot be added (keepalived needs one too)", v.format());
                continue;
            }
            addresses.add(new Address(v.device().get(), VrrpConfigMapper.address(v)));
        }
        return new Entries(List.copyOf(addresses), config.staticRoutes().stream().map(VrrpConfigMapper::route).toList(),
                config.staticRules().stream().map(VrrpConfigMapper::rule).toList());
    }

    /** At start: leftovers of a crashed run removed first (every operation is idempotent), then everything added. */
    static void start(AddressManager m, Entries e) {
        remove(m, e);
        add(m, e);
    }

    static void add(AddressManager m, Entries e) {
        for (Address a : e.addresses()) io(() -> m.addAddress(a.device(), a.address()), "add static address " + a.address() + " dev " + a.device());
        for (VirtualRoute r : e.routes()) io(() -> m.addRoute(r), "add static route " + r);
        for (VirtualRule r : e.rules()) io(() -> m.addRule(r), "add static rule " + r);
    }

    /** Rules, routes, then addresses: the reverse of adding them. */
    static void remove(AddressManager m, Entries e) {
        for (VirtualRule r : e.rules()) io(() -> m.removeRule(r), "remove static rule " + r);
        for (VirtualRoute r : e.routes()) io(() -> m.removeRoute(r), "remove static route " + r);
        for (Address a : e.addresses()) io(() -> m.removeAddress(a.device(), a.address()), "remove static address " + a.address());
    }

    /** A reload: what the new configuration no longer has is removed, what it adds is added, the rest untouched. */
    static void change(AddressManager m, Entries old, Entries next) {
        remove(m, new Entries(minus(old.addresses(), next.addresses()), minus(old.routes(), next.routes()), minus(old.rules(), next.rules())));
        add(m, new Entries(minus(next.addresses(), old.addresses()), minus(next.routes(), old.routes()), minus(next.rules(), old.rules())));
    }

    private static <T> List<T> minus(List<T> a, List<T> b) {
        return a.stream().filter(x -> !b.contains(x)).toList();
    }

    private interface Io {
        void run() throws IOException;
    }

    private static void io(Io op, String what) {
        try {
            op.run();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot {}: {}", what, e.getMessage());
        }
    }
}
