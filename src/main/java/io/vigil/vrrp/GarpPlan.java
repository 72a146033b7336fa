package io.vigil.vrrp;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which interfaces a MASTER's gratuitous ARPs / unsolicited NAs go out of (pure: settings in, actions out). */
final class GarpPlan {
    private GarpPlan() {
    }

    /** A burst of {@code count} for every address: on the VIP interface, or with use_vmac_addr on each address's VMAC. */
    static void bursts(VrrpInstanceSettings settings, List<VirtualAddress> all, int count, List<Action> out) {
        if (count <= 0) return;
        GarpSettings g = settings.garp();
        if (settings.addressVmacs().isEmpty()) {
            List<InetAddress> addrs = new ArrayList<>();
            for (VirtualAddress v : all) addrs.add(v.address());
            if (!addrs.isEmpty()) out.add(new Action.SendGarps(settings.vipInterface(), addrs, count, g.garpIntervalMicros(), g.naIntervalMicros()));
            return;
        }
        // use_vmac_addr: each address is announced from the VMAC it lives on, so switches learn that VMAC's MAC there.
        Map<String, List<InetAddress>> byDevice = new LinkedHashMap<>();
        for (VirtualAddress v : all) byDevice.computeIfAbsent(v.device() != null ? v.device() : settings.vipInterface(), d -> new ArrayList<>()).add(v.address());
        byDevice.forEach((dev, addrs) -> out.add(new Action.SendGarps(dev, addrs, count, g.garpIntervalMicros(), g.naIntervalMicros())));
    }

    /**
     * keepalived's vrrp_send_vmac_update ({@code garp_extra_if}): one GARP/NA (the interface's first address) on each
     * VMAC of use_vmac_addr, or with 'all' on each interface other than the VIP interface that carries an address; on
     * the VIP interface itself only with vmac_xmit_base (its adverts then leave from the base, so nothing else refreshes
     * the virtual MAC in switches).
     */
    static void extraInterfaces(VrrpInstanceSettings settings, List<VirtualAddress> all, List<Action> out) {
        Set<String> done = new HashSet<>();
        Set<String> ours = new HashSet<>();
        for (AddressVmac a : settings.allVmacs()) ours.add(a.vmac().name());
        String own = settings.vipInterface();
        boolean ownToo = settings.vmac() != null && settings.vmac().xmitBase();
        for (VirtualAddress v : all) {
            String dev = v.device() != null ? v.device() : own;
            if (!ours.contains(dev) && !settings.options().garpExtraIfAll()) continue;
            if (dev.equals(own) && !ownToo) continue;
            if (done.add(dev))
                out.add(new Action.SendGarps(dev, List.of(v.address()), 1, settings.garp().garpIntervalMicros(), settings.garp().naIntervalMicros()));
        }
    }
}
