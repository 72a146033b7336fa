package io.vigil.snmp;

import java.util.ArrayList;
import java.util.List;

/**
 * What keepalived's {@code enable_snmp_vrrp}, {@code enable_snmp_checker}, {@code enable_snmp_rfcv2},
 * {@code enable_snmp_rfcv3}, {@code enable_traps} and {@code snmp_socket} ask for.
 */
public record SnmpSettings(boolean vrrp, boolean checker, boolean rfcV2, boolean rfcV3, boolean traps, String socket) {
    public boolean anyEnabled() {
        return vrrp || checker || rfcV2 || rfcV3;
    }

    /** The subtrees registered with the master agent. */
    public List<Oid> subtrees() {
        List<Oid> out = new ArrayList<>();
        if (vrrp || checker) out.add(KeepalivedMib.GLOBAL);
        if (vrrp) out.add(KeepalivedMib.VRRP);
        if (checker) out.add(KeepalivedMib.CHECK);
        if (rfcV2) out.add(VrrpRfcMibs.V2_ROOT);
        if (rfcV3) out.add(VrrpRfcMibs.V3_ROOT);
        return out;
    }

    /** Everything served, built from one snapshot. */
    public MibTree tree(SnmpView.Snapshot s) {
        MibTree.Builder b = MibTree.builder();
        if (vrrp || checker) b.putAll(KeepalivedMib.global(s.global()));
        if (vrrp) b.putAll(KeepalivedMib.vrrp(s));
        if (checker) b.putAll(KeepalivedMib.check(s));
        if (rfcV2) b.putAll(VrrpRfcMibs.v2(s));
        if (rfcV3) b.putAll(VrrpRfcMibs.v3(s));
        return b.build();
    }
}
