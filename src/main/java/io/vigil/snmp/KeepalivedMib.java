package io.vigil.snmp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * KEEPALIVED-MIB (enterprises.9586.100.5, keepalived's doc/KEEPALIVED-MIB.txt) from a {@link SnmpView.Snapshot}:
 * the global scalars, the VRRP sync group, member, instance and address tables, the virtual and real server tables,
 * and the notifications keepalived sends. Tables are indexed from 1 in configuration order, as keepalived does.
 * Columns whose data the daemon does not have (IPVS traffic statistics, failed-check counts, tracked scripts) are not
 * served rather than served as zeros.
 */
public final class KeepalivedMib {
    private KeepalivedMib() {}

    public static final Oid ROOT = Oid.of(1, 3, 6, 1, 4, 1, 9586, 100, 5);
    public static final Oid GLOBAL = ROOT.append(1), VRRP = ROOT.append(2), CHECK = ROOT.append(3);
    static final Oid ROUTER_ID = GLOBAL.append(2, 0);
    static final Oid SYNC_GROUP_ENTRY = VRRP.append(1, 1), SYNC_MEMBER_ENTRY = VRRP.append(2, 1), INSTANCE_ENTRY = VRRP.append(3, 1),
            ADDRESS_ENTRY = VRRP.append(6, 1);
    static final Oid VS_ENTRY = CHECK.append(3, 1), RS_ENTRY = CHECK.append(4, 1);
    public static final Oid SYNC_GROUP_STATE_CHANGE = VRRP.append(10, 0, 1), INSTANCE_STATE_CHANGE = VRRP.append(10, 0, 2);
    public static final Oid REAL_SERVER_STATE_CHANGE = CHECK.append(5, 0, 1), QUORUM_STATE_CHANGE = CHECK.append(5, 0, 2);
    /** snmpTrapOID.0: the first varbind of every notification. */
    public static final Oid SNMP_TRAP_OID = Oid.of(1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0);

    public static MibTree global(SnmpView.Global g) {
        return MibTree.builder()
                .put(GLOBAL.append(1, 0), SnmpValue.OctetString.of(g.version()))
                .put(ROUTER_ID, SnmpValue.OctetString.of(g.routerId()))
                .put(GLOBAL.append(4, 0), truth(g.trapsEnabled()))
                .put(GLOBAL.append(5, 0), new SnmpValue.Int(g.linkBeatPolling() ? 2 : 1))
                .put(GLOBAL.append(6, 0), truth(false))          // lvsFlush: Vigil never flushes foreign IPVS rules
                .put(GLOBAL.append(7, 0), truth(true))           // ipvs64BitStats
                .put(GLOBAL.append(8, 0), SnmpValue.OctetString.of(""))  // netNamespace: net_namespace is not supported
                .put(GLOBAL.append(9, 0), truth(false))          // dbus
                .put(GLOBAL.append(10, 0), truth(g.dynamicInterfaces()))
                .put(GLOBAL.append(11, 0), truth(false))         // lvsFlushOnStop
                .build();
    }

    public static MibTree vrrp(SnmpView.Snapshot s) {
        MibTree.Builder b = MibTree.builder();
        List<SnmpView.Instance> instances = s.instances();
        for (int g = 0; g < s.syncGroups().size(); g++) {
            SnmpView.SyncGroup group = s.syncGroups().get(g);
            int gi = g + 1;
            b.put(SYNC_GROUP_ENTRY.append(2, gi), SnmpValue.OctetString.of(group.name()));
            b.put(SYNC_GROUP_ENTRY.append(3, gi), new SnmpValue.Int(group.state().mibValue));
            b.put(SYNC_GROUP_ENTRY.append(4, gi), truth(group.smtpAlert()));
            b.put(SYNC_GROUP_ENTRY.append(5, gi), truth(group.notifyExec()));
            b.put(SYNC_GROUP_ENTRY.append(10, gi), truth(group.trackingWeight()));
            for (int m = 0; m < group.members().size(); m++) {
                b.put(SYNC_MEMBER_ENTRY.append(2, gi, m + 1), SnmpValue.OctetString.of(group.members().get(m)));
            }
        }
        for (int i = 0; i < instances.size(); i++) {
            SnmpView.Instance in = instances.get(i);
            int ii = i + 1;
            b.put(col(INSTANCE_ENTRY, 2, ii), SnmpValue.OctetString.of(in.name()));
            b.put(col(INSTANCE_ENTRY, 3, ii), SnmpValue.gauge32(in.vrid()));
            b.put(col(INSTANCE_ENTRY, 4, ii), new SnmpValue.Int(in.state().mibValue));
            b.put(col(INSTANCE_ENTRY, 5, ii), new SnmpValue.Int(in.initialState().mibValue));
            b.put(col(INSTANCE_ENTRY, 6, ii), new SnmpValue.Int(wantedState(in.state()).mibValue));
            b.put(col(INSTANCE_ENTRY, 7, ii), new SnmpValue.Int(in.basePriority()));
            b.put(col(INSTANCE_ENTRY, 8, ii), new SnmpValue.Int(in.effectivePriority()));
            b.put(col(INSTANCE_ENTRY, 9, ii), truth(in.state() == SnmpView.State.MASTER)); // vipsStatus: allSet only as MASTER
            b.put(col(INSTANCE_ENTRY, 10, ii), SnmpValue.OctetString.of(in.interfaceName()));
            b.put(col(INSTANCE_ENTRY, 11, ii), truth(in.tracksInterfaces()));
            // v2 counts the advert interval in seconds, v3 in centiseconds
            b.put(col(INSTANCE_ENTRY, 12, ii), SnmpValue.gauge32(in.version() == 2 ? in.advertIntervalCentis() / 100 : in.advertIntervalCentis()));
            b.put(col(INSTANCE_ENTRY, 13, ii), truth(in.preempt()));
            b.put(col(INSTANCE_ENTRY, 14, ii), SnmpValue.gauge32(in.preemptDelaySeconds()));
            b.put(col(INSTANCE_ENTRY, 15, ii), new SnmpValue.Int(in.authType()));
            b.put(col(INSTANCE_ENTRY, 16, ii), truth(in.lvsSyncDaemon()));
            in.syncGroup().ifPresent(g -> b.put(col(INSTANCE_ENTRY, 18, ii), SnmpValue.OctetString.of(g)));
            b.put(col(INSTANCE_ENTRY, 19, ii), SnmpValue.gauge32(in.garpDelaySeconds()));
            b.put(col(INSTANCE_ENTRY, 20, ii), truth(in.smtpAlert()));
            b.put(col(INSTANCE_ENTRY, 21, ii), truth(in.notifyExec()));
            b.put(col(INSTANCE_ENTRY, 27, ii), new SnmpValue.Int(in.version() == 3 ? (in.accept() ? 1 : 2) : 0)); // accept: v3 only
            b.put(col(INSTANCE_ENTRY, 28, ii), truth(false)); // promote_secondaries is not supported
            b.put(col(INSTANCE_ENTRY, 29, ii), truth(false)); // use_linkbeat: link state always comes from netlink
            b.put(col(INSTANCE_ENTRY, 30, ii), new SnmpValue.Int(in.version()));
            b.put(col(INSTANCE_ENTRY, 33, ii), truth(in.notifyDeleted()));
            b.put(col(INSTANCE_ENTRY, 34, ii), new SnmpValue.Int(addressType(in.multicastGroup())));
            b.put(col(INSTANCE_ENTRY, 35, ii), new SnmpValue.OctetString(in.multicastGroup().getAddress()));
            for (int a = 0; a < in.addresses().size(); a++) {
                SnmpView.VirtualAddress va = in.addresses().get(a);
                int ai = a + 1;
                b.put(ADDRESS_ENTRY.append(2, ii, ai), new SnmpValue.Int(addressType(va.address())));
                b.put(ADDRESS_ENTRY.append(3, ii, ai), new SnmpValue.OctetString(va.address().getAddress()));
                if (va.address() instanceof Inet4Address) b.put(ADDRESS_ENTRY.append(4, ii, ai), new SnmpValue.OctetString(new byte[4]));
                b.put(ADDRESS_ENTRY.append(5, ii, ai), SnmpValue.gauge32(va.prefixLength()));
                b.put(ADDRESS_ENTRY.append(6, ii, ai), new SnmpValue.Int(14)); // InetScopeType global
                b.put(ADDRESS_ENTRY.append(7, ii, ai), new SnmpValue.Int(va.ifIndex()));
                b.put(ADDRESS_ENTRY.append(8, ii, ai), SnmpValue.OctetString.of(va.interfaceName()));
                b.put(ADDRESS_ENTRY.append(10, ii, ai), truth(in.state() == SnmpView.State.MASTER));
                b.put(ADDRESS_ENTRY.append(11, ii, ai), truth(va.advertised()));
            }
        }
        return b.build();
    }

    public static MibTree check(SnmpView.Snapshot s) {
        MibTree.Builder b = MibTree.builder();
        for (int v = 0; v < s.virtualServers().size(); v++) {
            SnmpView.VirtualServer vs = s.virtualServers().get(v);
            int vi = v + 1;
            b.put(col(VS_ENTRY, 2, vi), new SnmpValue.Int(vsType(vs)));
            switch (vs.type()) {
                case GROUP -> b.put(col(VS_ENTRY, 3, vi), SnmpValue.OctetString.of(vs.groupName().orElse("")));
                case FWMARK -> b.put(col(VS_ENTRY, 4, vi), SnmpValue.gauge32(vs.fwmark()));
                case IP -> vs.address().ifPresent(a -> {
                    b.put(col(VS_ENTRY, 5, vi), new SnmpValue.Int(addressType(a)));
                    b.put(col(VS_ENTRY, 6, vi), new SnmpValue.OctetString(a.getAddress()));
                    b.put(col(VS_ENTRY, 7, vi), SnmpValue.gauge32(vs.port()));
                });
            }
            b.put(col(VS_ENTRY, 8, vi), new SnmpValue.Int(vs.protocol().ordinal() + 1));
            b.put(col(VS_ENTRY, 9, vi), new SnmpValue.Int(algorithm(vs.scheduler())));
            b.put(col(VS_ENTRY, 10, vi), new SnmpValue.Int(vs.forwarding().ordinal() + 1));
            b.put(col(VS_ENTRY, 11, vi), truth(vs.quorumMet()));
            vs.virtualHost().ifPresent(h -> b.put(col(VS_ENTRY, 12, vi), SnmpValue.OctetString.of(h)));
            b.put(col(VS_ENTRY, 13, vi), truth(vs.persistTimeoutSeconds() > 0));
            if (vs.persistTimeoutSeconds() > 0) b.put(col(VS_ENTRY, 14, vi), SnmpValue.gauge32(vs.persistTimeoutSeconds()));
            b.put(col(VS_ENTRY, 16, vi), SnmpValue.gauge32(vs.delayLoopSeconds()));
            b.put(col(VS_ENTRY, 17, vi), truth(vs.haSuspend()));
            b.put(col(VS_ENTRY, 18, vi), truth(vs.alpha()));
            b.put(col(VS_ENTRY, 19, vi), truth(vs.omega()));
            b.put(col(VS_ENTRY, 20, vi), SnmpValue.gauge32(vs.realServersTotal()));
            b.put(col(VS_ENTRY, 21, vi), SnmpValue.gauge32(vs.realServersUp()));
            b.put(col(VS_ENTRY, 22, vi), SnmpValue.gauge32(vs.quorum()));
            b.put(col(VS_ENTRY, 23, vi), new SnmpValue.Int(vs.quorumMet() ? 1 : 2));
            vs.quorumUp().ifPresent(q -> b.put(col(VS_ENTRY, 24, vi), SnmpValue.OctetString.of(q)));
            vs.quorumDown().ifPresent(q -> b.put(col(VS_ENTRY, 25, vi), SnmpValue.OctetString.of(q)));
            b.put(col(VS_ENTRY, 26, vi), SnmpValue.gauge32(vs.hysteresis()));
            b.put(col(VS_ENTRY, 37, vi), truth(vs.onePacket()));
            b.put(col(VS_ENTRY, 56, vi), new SnmpValue.Int(vs.inhibitOnFailure() ? 2 : 1));
            vs.name().ifPresent(n -> b.put(col(VS_ENTRY, 71, vi), SnmpValue.OctetString.of(n)));
            for (int r = 0; r < vs.realServers().size(); r++) {
                SnmpView.RealServer rs = vs.realServers().get(r);
                int ri = r + 1;
                b.put(RS_ENTRY.append(2, vi, ri), new SnmpValue.Int(rs.sorry() ? 2 : 1));
                b.put(RS_ENTRY.append(3, vi, ri), new SnmpValue.Int(addressType(rs.address())));
                b.put(RS_ENTRY.append(4, vi, ri), new SnmpValue.OctetString(rs.address().getAddress()));
                b.put(RS_ENTRY.append(5, vi, ri), SnmpValue.gauge32(rs.port()));
                b.put(RS_ENTRY.append(6, vi, ri), truth(rs.alive()));
                b.put(RS_ENTRY.append(7, vi, ri), new SnmpValue.Int(rs.weight()));
                b.put(RS_ENTRY.append(8, vi, ri), SnmpValue.gauge32(rs.upperConnections()));
                b.put(RS_ENTRY.append(9, vi, ri), SnmpValue.gauge32(rs.lowerConnections()));
                b.put(RS_ENTRY.append(10, vi, ri), new SnmpValue.Int(rs.inhibitOnFailure() ? 2 : 1));
                rs.notifyUp().ifPresent(n -> b.put(RS_ENTRY.append(11, vi, ri), SnmpValue.OctetString.of(n)));
                rs.notifyDown().ifPresent(n -> b.put(RS_ENTRY.append(12, vi, ri), SnmpValue.OctetString.of(n)));
                b.put(RS_ENTRY.append(40, vi, ri), new SnmpValue.Int(rs.forwarding().ordinal() + 1));
                rs.name().ifPresent(n -> b.put(RS_ENTRY.append(55, vi, ri), SnmpValue.OctetString.of(n)));
            }
        }
        return b.build();
    }

    // ---------------------------------------------------------------- notifications (varbinds after snmpTrapOID.0)

    /** vrrpInstanceStateChange: name, state, initial state (column OIDs without an index, as keepalived sends them), routerId. */
    public static List<AgentXPdu.VarBind> instanceStateChange(SnmpView.Instance in, String routerId) {
        return List.of(trapOid(INSTANCE_STATE_CHANGE),
                vb(INSTANCE_ENTRY.append(2), SnmpValue.OctetString.of(in.name())),
                vb(INSTANCE_ENTRY.append(4), new SnmpValue.Int(in.state().mibValue)),
                vb(INSTANCE_ENTRY.append(5), new SnmpValue.Int(in.initialState().mibValue)),
                vb(ROUTER_ID, SnmpValue.OctetString.of(routerId)));
    }

    public static List<AgentXPdu.VarBind> syncGroupStateChange(SnmpView.SyncGroup group, String routerId) {
        return List.of(trapOid(SYNC_GROUP_STATE_CHANGE),
                vb(SYNC_GROUP_ENTRY.append(2), SnmpValue.OctetString.of(group.name())),
                vb(SYNC_GROUP_ENTRY.append(3), new SnmpValue.Int(group.state().mibValue)),
                vb(ROUTER_ID, SnmpValue.OctetString.of(routerId)));
    }

    /** realServerStateChange (a real server given) or virtualServerQuorumStateChange (rs null). */
    public static List<AgentXPdu.VarBind> realServerOrQuorumChange(SnmpView.VirtualServer vs, SnmpView.RealServer rs, String routerId) {
        List<AgentXPdu.VarBind> out = new java.util.ArrayList<>();
        out.add(trapOid(rs != null ? REAL_SERVER_STATE_CHANGE : QUORUM_STATE_CHANGE));
        if (rs != null) {
            out.add(vb(RS_ENTRY.append(3), new SnmpValue.Int(addressType(rs.address()))));
            out.add(vb(RS_ENTRY.append(4), new SnmpValue.OctetString(rs.address().getAddress())));
            out.add(vb(RS_ENTRY.append(5), SnmpValue.gauge32(rs.port())));
            out.add(vb(RS_ENTRY.append(6), truth(rs.alive())));
        }
        out.add(vb(VS_ENTRY.append(2), new SnmpValue.Int(vsType(vs))));
        switch (vs.type()) {
            case GROUP -> out.add(vb(VS_ENTRY.append(3), SnmpValue.OctetString.of(vs.groupName().orElse(""))));
            case FWMARK -> out.add(vb(VS_ENTRY.append(4), SnmpValue.gauge32(vs.fwmark())));
            case IP -> vs.address().ifPresent(a -> {
                out.add(vb(VS_ENTRY.append(5), new SnmpValue.Int(addressType(a))));
                out.add(vb(VS_ENTRY.append(6), new SnmpValue.OctetString(a.getAddress())));
                out.add(vb(VS_ENTRY.append(7), SnmpValue.gauge32(vs.port())));
            });
        }
        out.add(vb(VS_ENTRY.append(8), new SnmpValue.Int(vs.protocol() == SnmpView.Protocol.TCP ? 1 : 2)));
        if (rs == null) {
            out.add(vb(VS_ENTRY.append(23), new SnmpValue.Int(vs.quorumMet() ? 1 : 2)));
            out.add(vb(VS_ENTRY.append(22), SnmpValue.gauge32(vs.quorum())));
        }
        out.add(vb(VS_ENTRY.append(21), SnmpValue.gauge32(vs.realServersUp())));
        out.add(vb(VS_ENTRY.append(20), SnmpValue.gauge32(vs.realServersTotal())));
        out.add(vb(ROUTER_ID, SnmpValue.OctetString.of(routerId)));
        return out;
    }

    // ---------------------------------------------------------------- helpers

    static AgentXPdu.VarBind trapOid(Oid notification) {
        return vb(SNMP_TRAP_OID, new SnmpValue.ObjectId(notification));
    }

    static AgentXPdu.VarBind vb(Oid oid, SnmpValue v) {
        return new AgentXPdu.VarBind(oid, v);
    }

    private static Oid col(Oid entry, int column, int index) {
        return entry.append(column, index);
    }

    /** keepalived's enabled(1)/disabled(2), true(1)/false(2) and alive(1)/dead(2) all number the same way. */
    static SnmpValue.Int truth(boolean b) {
        return new SnmpValue.Int(b ? 1 : 2);
    }

    /** InetAddressType: ipv4(1), ipv6(2). */
    static int addressType(InetAddress a) {
        return a instanceof Inet4Address ? 1 : 2;
    }

    private static SnmpView.State wantedState(SnmpView.State s) {
        return s == SnmpView.State.MASTER ? SnmpView.State.MASTER : SnmpView.State.BACKUP;
    }

    private static int vsType(SnmpView.VirtualServer vs) {
        return switch (vs.type()) {
            case FWMARK -> 1;
            case IP -> 2;
            case GROUP -> 3;
        };
    }

    private static final List<String> ALGORITHMS = List.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos");

    static int algorithm(String scheduler) {
        int i = ALGORITHMS.indexOf(scheduler);
        return i < 0 ? 99 : i + 1;
    }
}
