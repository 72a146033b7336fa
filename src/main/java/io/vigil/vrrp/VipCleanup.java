package io.vigil.vrrp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Address clean-up of the VRRP shell: a crashed run's leftovers at start, and kernel calls whose failure is logged. */
final class VipCleanup {
    /** VrrpService's logger: the lines read as they always did. */
    private static final Logger log = LoggerFactory.getLogger(VrrpService.class);

    private VipCleanup() {}

    /**
     * Removes the addresses, routes and rules of these instances that a crashed run left behind, except those of the
     * instances named in {@code keep} (still ours: the VIPs stay while such an instance takes the role back).
     */
    static void removeLeftovers(List<VrrpInstanceSettings> settings, java.util.Set<String> keep, VrrpPorts ports) {
        for (VrrpInstanceSettings s : settings) {
            if (keep.contains(s.name())) continue;
            List<VirtualAddress> all = new ArrayList<>(s.virtualAddresses());
            all.addAll(s.excludedAddresses());
            for (VirtualAddress v : all) {
                try {
                    if (ports.addresses().removeAddress(dev(v, s.vipInterface()), v))
                        log.info("({}) removed leftover VIP {} from {}", s.name(), v.cidr(), dev(v, s.vipInterface()));
                } catch (IOException e) {
                    log.warn("({}) cannot remove leftover VIP {}: {}", s.name(), v.cidr(), e.getMessage());
                }
            }
            for (VirtualRoute r : s.routes()) io(() -> ports.addresses().removeRoute(r), s.name(), "remove leftover route");
            for (VirtualRule r : s.rules()) io(() -> ports.addresses().removeRule(r), s.name(), "remove leftover rule");
        }
    }

    interface IoAction {
        void run() throws IOException;
    }

    static void io(IoAction a, String inst, String what) {
        try {
            a.run();
        } catch (IOException e) {
            log.warn("({}) {} failed: {}", inst, what, e.getMessage());
        }
    }

    static String dev(VirtualAddress v, String instanceInterface) {
        return v.device() != null ? v.device() : instanceInterface;
    }

}
