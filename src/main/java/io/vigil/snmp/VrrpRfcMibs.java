package io.vigil.snmp;

import java.net.Inet4Address;
import java.util.List;

/**
 * The standard VRRP MIBs from a {@link SnmpView.Snapshot}: VRRP-MIB (RFC 2787, mib-2.68) for VRRPv2 IPv4 instances and
 * VRRPv3-MIB (RFC 6527, mib-2.207) for every instance, with their new-master notifications. Rows are indexed by the
 * interface index and VRID (and the IP version for v3), as keepalived indexes them.
 * The master's address column shows, as keepalived's does, the address the last advert of the master came from
 * (0.0.0.0 in VRRP-MIB while master or before one was heard; VRRPv3-MIB shows the node's own primary address as master).
 * Of the statistics only the master transitions are known to the daemon and served.
 */
public final class VrrpRfcMibs {
    private VrrpRfcMibs() {}

    public static final Oid V2_ROOT = Oid.of(1, 3, 6, 1, 2, 1, 68), V3_ROOT = Oid.of(1, 3, 6, 1, 2, 1, 207);
    static final Oid V2_OPER_ENTRY = V2_ROOT.append(1, 3, 1), V2_ASSO_ENTRY = V2_ROOT.append(1, 4, 1), V2_STATS_ENTRY = V2_ROOT.append(2, 4, 1);
    static final Oid V3_OPER_ENTRY = V3_ROOT.append(1, 1, 1, 1), V3_ASSO_ENTRY = V3_ROOT.append(1, 1, 2, 1), V3_STATS_ENTRY = V3_ROOT.append(1, 2, 5, 1);
    public static final Oid V2_NEW_MASTER = V2_ROOT.append(0, 1), V3_NEW_MASTER = V3_ROOT.append(0, 1);

    /** RFC 2787 covers VRRPv2 over IPv4 only. */
    public static boolean suitableForV2(SnmpView.Instance in) {
        return in.version() == 2 && !in.ipv6();
    }

    public static MibTree v2(SnmpView.Snapshot s) {
        MibTree.Builder b = MibTree.builder()
                .put(V2_ROOT.append(1, 1, 0), new SnmpValue.Int(2))  // vrrpNodeVersion
                .put(V2_ROOT.append(1, 2, 0), KeepalivedMib.truth(s.global().trapsEnabled())); // vrrpNotificationCntl
        for (SnmpView.Instance in : s.instances()) {
            if (!suitableForV2(in)) continue;
            int[] idx = {in.ifIndex(), in.vrid()};
            boolean master = in.state() == SnmpView.State.MASTER;
            if (in.macAddress().length == 6) b.put(V2_OPER_ENTRY.append(2).append(idx), new SnmpValue.OctetString(in.macAddress()));
            b.put(V2_OPER_ENTRY.append(3).append(idx), new SnmpValue.Int(rfcState(in.state())));
            b.put(V2_OPER_ENTRY.append(4).append(idx), new SnmpValue.Int(1)); // adminState up
            b.put(V2_OPER_ENTRY.append(5).append(idx), new SnmpValue.Int(in.effectivePriority()));
            b.put(V2_OPER_ENTRY.append(6).append(idx), new SnmpValue.Int(in.advertisedAddresses().size()));
            byte[] masterIp = master ? new byte[4] // keepalived: 0.0.0.0 as master
                    : in.masterAddress().filter(a -> a instanceof Inet4Address).map(java.net.InetAddress::getAddress).orElse(new byte[4]);
            b.put(V2_OPER_ENTRY.append(7).append(idx), new SnmpValue.IpAddress(masterIp));
            in.primaryAddress().filter(a -> a instanceof Inet4Address)
                    .ifPresent(a -> b.put(V2_OPER_ENTRY.append(8).append(idx), new SnmpValue.IpAddress(a.getAddress())));
            b.put(V2_OPER_ENTRY.append(9).append(idx), new SnmpValue.Int(in.authType() + 1)); // noAuthentication(1), simpleText(2), ipAh(3)
            b.put(V2_OPER_ENTRY.append(11).append(idx), new SnmpValue.Int(in.advertIntervalCentis() / 100));
            b.put(V2_OPER_ENTRY.append(12).append(idx), KeepalivedMib.truth(in.preempt()));
            b.put(V2_OPER_ENTRY.append(13).append(idx), SnmpValue.timeTicks(in.lastChangeCentis()));
            b.put(V2_OPER_ENTRY.append(14).append(idx), new SnmpValue.Int(1)); // protocol ip
            b.put(V2_OPER_ENTRY.append(15).append(idx), new SnmpValue.Int(1)); // rowStatus active
            for (SnmpView.VirtualAddress va : in.advertisedAddresses()) {
                b.put(V2_ASSO_ENTRY.append(2).append(idx).append(addressIndex(va.address().getAddress())), new SnmpValue.Int(1));
            }
            b.put(V2_STATS_ENTRY.append(1).append(idx), SnmpValue.counter32(in.masterTransitions()));
        }
        return b.build();
    }

    public static MibTree v3(SnmpView.Snapshot s) {
        MibTree.Builder b = MibTree.builder();
        for (SnmpView.Instance in : s.instances()) {
            int[] idx = {in.ifIndex(), in.vrid(), in.ipv6() ? 2 : 1};
            boolean master = in.state() == SnmpView.State.MASTER;
            if (master) in.primaryAddress().ifPresent(a -> b.put(V3_OPER_ENTRY.append(3).append(idx), new SnmpValue.OctetString(a.getAddress())));
            else b.put(V3_OPER_ENTRY.append(3).append(idx), new SnmpValue.OctetString(
                    in.masterAddress().map(java.net.InetAddress::getAddress).orElse(new byte[in.ipv6() ? 16 : 4])));
            in.primaryAddress().ifPresent(a -> b.put(V3_OPER_ENTRY.append(4).append(idx), new SnmpValue.OctetString(a.getAddress())));
            if (in.macAddress().length == 6) b.put(V3_OPER_ENTRY.append(5).append(idx), new SnmpValue.OctetString(in.macAddress()));
            b.put(V3_OPER_ENTRY.append(6).append(idx), new SnmpValue.Int(rfcState(in.state())));
            b.put(V3_OPER_ENTRY.append(7).append(idx), SnmpValue.gauge32(in.effectivePriority()));
            b.put(V3_OPER_ENTRY.append(8).append(idx), new SnmpValue.Int(in.advertisedAddresses().size()));
            b.put(V3_OPER_ENTRY.append(9).append(idx), new SnmpValue.Int(in.advertIntervalCentis()));
            b.put(V3_OPER_ENTRY.append(10).append(idx), KeepalivedMib.truth(in.preempt()));
            b.put(V3_OPER_ENTRY.append(11).append(idx), KeepalivedMib.truth(in.accept()));
            b.put(V3_OPER_ENTRY.append(12).append(idx), SnmpValue.timeTicks(in.lastChangeCentis()));
            b.put(V3_OPER_ENTRY.append(13).append(idx), new SnmpValue.Int(1)); // rowStatus active
            for (SnmpView.VirtualAddress va : in.advertisedAddresses()) {
                b.put(V3_ASSO_ENTRY.append(2).append(idx).append(addressIndex(va.address().getAddress())), new SnmpValue.Int(1));
            }
            b.put(V3_STATS_ENTRY.append(1).append(idx), SnmpValue.counter32(in.masterTransitions()));
            if (in.masterTransitions() > 0) b.put(V3_STATS_ENTRY.append(2).append(idx), new SnmpValue.Int(newMasterReason(in)));
        }
        return b.build();
    }

    /** vrrpTrapNewMaster: the new master's (this node's) primary address. */
    public static List<AgentXPdu.VarBind> v2NewMaster(SnmpView.Instance in) {
        byte[] addr = in.primaryAddress().filter(a -> a instanceof Inet4Address).map(a -> a.getAddress()).orElse(new byte[4]);
        return List.of(KeepalivedMib.trapOid(V2_NEW_MASTER),
                KeepalivedMib.vb(V2_OPER_ENTRY.append(7, in.ifIndex(), in.vrid()), new SnmpValue.IpAddress(addr)));
    }

    /** vrrpv3NewMaster: the master's address and why it became master. */
    public static List<AgentXPdu.VarBind> v3NewMaster(SnmpView.Instance in) {
        int[] idx = {in.ifIndex(), in.vrid(), in.ipv6() ? 2 : 1};
        byte[] addr = in.primaryAddress().map(a -> a.getAddress()).orElse(new byte[in.ipv6() ? 16 : 4]);
        return List.of(KeepalivedMib.trapOid(V3_NEW_MASTER),
                KeepalivedMib.vb(V3_OPER_ENTRY.append(3).append(idx), new SnmpValue.OctetString(addr)),
                KeepalivedMib.vb(V3_STATS_ENTRY.append(2).append(idx), new SnmpValue.Int(newMasterReason(in))));
    }

    /**
     * RFC 6527's vrrpv3StatisticsNewMasterReason: priority(1) for the address owner (priority 255), otherwise
     * masterNoResponse(3), the only way a backup becomes master (its master-down timer fired).
     */
    static int newMasterReason(SnmpView.Instance in) {
        return in.basePriority() == 255 ? 1 : 3;
    }

    /** initialize(1), backup(2), master(3): FAULT and the rest count as initialize. */
    static int rfcState(SnmpView.State s) {
        return switch (s) {
            case BACKUP -> 2;
            case MASTER -> 3;
            default -> 1;
        };
    }

    private static int[] addressIndex(byte[] address) {
        int[] idx = new int[address.length];
        for (int i = 0; i < address.length; i++) idx[i] = address[i] & 0xFF;
        return idx;
    }
}
