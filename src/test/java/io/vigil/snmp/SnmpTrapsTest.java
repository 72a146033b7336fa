package io.vigil.snmp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SnmpTrapsTest {
    private static final SnmpSettings ALL = new SnmpSettings(true, true, true, true, true, "unix:/x");

    private static List<String> trapOids(List<List<AgentXPdu.VarBind>> traps) {
        return traps.stream().map(t -> ((SnmpValue.ObjectId) t.getFirst().value()).value().toString()).toList();
    }

    @Test
    void becomingMasterSendsKeepalivedsTrapsInItsOrder() {
        SnmpView.Snapshot before = FakeSnmpView.initial();
        SnmpView.Snapshot after = FakeSnmpView.allIn(before, SnmpView.State.MASTER);
        List<List<AgentXPdu.VarBind>> traps = SnmpTraps.between(before, after, ALL);
        // VI_1 (v2): instance, RFC 2787, RFC 6527, then the group; VI_2 (v3): instance, RFC 6527
        assertThat(trapOids(traps)).containsExactly(
                ".1.3.6.1.4.1.9586.100.5.2.10.0.2", ".1.3.6.1.2.1.68.0.1", ".1.3.6.1.2.1.207.0.1", ".1.3.6.1.4.1.9586.100.5.2.10.0.1",
                ".1.3.6.1.4.1.9586.100.5.2.10.0.2", ".1.3.6.1.2.1.207.0.1");
        assertThat(traps.getFirst()).extracting(vb -> vb.name().toString() + "=" + vb.value()).containsExactly(
                ".1.3.6.1.6.3.1.1.4.1.0=ObjectId[value=.1.3.6.1.4.1.9586.100.5.2.10.0.2]",
                ".1.3.6.1.4.1.9586.100.5.2.3.1.2=OctetString56 49 5f 31",
                ".1.3.6.1.4.1.9586.100.5.2.3.1.4=Int[value=2]",
                ".1.3.6.1.4.1.9586.100.5.2.3.1.5=Int[value=1]",
                ".1.3.6.1.4.1.9586.100.5.1.2.0=OctetString52 31");
        assertThat(traps.get(2).get(1).name().toString()).isEqualTo(".1.3.6.1.2.1.207.1.1.1.1.3.3.51.1");
        assertThat(traps.get(2).get(2).value()).isEqualTo(new SnmpValue.Int(3)); // masterNoResponse
    }

    @Test
    void backupSendsOnlyTheStateChangesAndNothingWithoutEnableTraps() {
        SnmpView.Snapshot master = FakeSnmpView.allIn(FakeSnmpView.initial(), SnmpView.State.MASTER);
        SnmpView.Snapshot backup = FakeSnmpView.allIn(master, SnmpView.State.BACKUP);
        assertThat(trapOids(SnmpTraps.between(master, backup, ALL))).containsExactly(
                ".1.3.6.1.4.1.9586.100.5.2.10.0.1", ".1.3.6.1.4.1.9586.100.5.2.10.0.2", ".1.3.6.1.4.1.9586.100.5.2.10.0.2");
        SnmpView.Snapshot stopped = FakeSnmpView.allIn(master, SnmpView.State.STOP);
        assertThat(trapOids(SnmpTraps.between(master, stopped, ALL))).containsExactly(
                ".1.3.6.1.4.1.9586.100.5.2.10.0.2", ".1.3.6.1.4.1.9586.100.5.2.10.0.2", ".1.3.6.1.4.1.9586.100.5.2.10.0.1");
        assertThat(SnmpTraps.between(master, backup, new SnmpSettings(true, true, true, true, false, "unix:/x"))).isEmpty();
        assertThat(SnmpTraps.between(master, master, ALL)).isEmpty();
    }

    @Test
    void realServerDownSendsItsTrapAndTheQuorumOneWhenTheLastGoes() {
        SnmpView.Snapshot s0 = FakeSnmpView.initial();
        SnmpView.Snapshot s1 = FakeSnmpView.realServer(s0, 0, false);
        List<List<AgentXPdu.VarBind>> traps = SnmpTraps.between(s0, s1, ALL);
        assertThat(trapOids(traps)).containsExactly(".1.3.6.1.4.1.9586.100.5.3.5.0.1");
        assertThat(traps.getFirst()).extracting(vb -> vb.name().toString()).containsExactly(".1.3.6.1.6.3.1.1.4.1.0",
                ".1.3.6.1.4.1.9586.100.5.3.4.1.3", ".1.3.6.1.4.1.9586.100.5.3.4.1.4", ".1.3.6.1.4.1.9586.100.5.3.4.1.5",
                ".1.3.6.1.4.1.9586.100.5.3.4.1.6", ".1.3.6.1.4.1.9586.100.5.3.3.1.2", ".1.3.6.1.4.1.9586.100.5.3.3.1.5",
                ".1.3.6.1.4.1.9586.100.5.3.3.1.6", ".1.3.6.1.4.1.9586.100.5.3.3.1.7", ".1.3.6.1.4.1.9586.100.5.3.3.1.8",
                ".1.3.6.1.4.1.9586.100.5.3.3.1.21", ".1.3.6.1.4.1.9586.100.5.3.3.1.20", ".1.3.6.1.4.1.9586.100.5.1.2.0");
        assertThat(traps.getFirst().get(4).value()).isEqualTo(new SnmpValue.Int(2)); // dead
        SnmpView.Snapshot s2 = FakeSnmpView.realServer(s1, 1, false);
        assertThat(trapOids(SnmpTraps.between(s1, s2, ALL))).containsExactly(".1.3.6.1.4.1.9586.100.5.3.5.0.1", ".1.3.6.1.4.1.9586.100.5.3.5.0.2");
    }

    @Test
    void tablesServeTheInstanceAndRealServerRows() {
        MibTree t = ALL.tree(FakeSnmpView.allIn(FakeSnmpView.initial(), SnmpView.State.MASTER));
        assertThat(t.get(Oid.parse("1.3.6.1.4.1.9586.100.5.2.3.1.2.2")).value()).isEqualTo(SnmpValue.OctetString.of("VI_2"));
        assertThat(t.get(Oid.parse("1.3.6.1.4.1.9586.100.5.2.3.1.4.1")).value()).isEqualTo(new SnmpValue.Int(2));
        assertThat(t.get(Oid.parse("1.3.6.1.4.1.9586.100.5.2.3.1.12.2")).value()).isEqualTo(SnmpValue.gauge32(100)); // v3: centiseconds
        assertThat(t.get(Oid.parse("1.3.6.1.4.1.9586.100.5.2.3.1.12.1")).value()).isEqualTo(SnmpValue.gauge32(1));   // v2: seconds
        assertThat(t.get(Oid.parse("1.3.6.1.4.1.9586.100.5.3.4.1.4.1.2")).value()).isEqualTo(new SnmpValue.OctetString(new byte[]{(byte) 198, 18, 6, 12}));
        assertThat(t.get(Oid.parse("1.3.6.1.4.1.9586.100.5.3.4.1.55.1.1")).value()).isEqualTo(SnmpValue.OctetString.of("web1"));
        assertThat(t.get(Oid.parse("1.3.6.1.4.1.9586.100.5.3.3.1.9.1")).value()).isEqualTo(new SnmpValue.Int(2)); // wrr
        // RFC 2787 only for the v2 instance; RFC 6527 for both
        assertThat(t.get(Oid.parse("1.3.6.1.2.1.68.1.3.1.3.3.51")).value()).isEqualTo(new SnmpValue.Int(3));
        assertThat(t.get(Oid.parse("1.3.6.1.2.1.68.1.3.1.3.3.52")).value()).isEqualTo(SnmpValue.NO_SUCH_INSTANCE);
        assertThat(t.get(Oid.parse("1.3.6.1.2.1.207.1.1.1.1.6.3.52.1")).value()).isEqualTo(new SnmpValue.Int(3));
        assertThat(t.get(Oid.parse("1.3.6.1.2.1.207.1.1.2.1.2.3.52.1.198.18.5.102")).value()).isEqualTo(new SnmpValue.Int(1));
    }

    @Test
    void ipv6InstancesAreInVrrpv3MibOnlyIndexedByVersionTwoAndTheirAddress() {
        SnmpView.Instance v6 = new SnmpView.Instance("VI_6", 60, 3, true, SnmpView.State.MASTER, SnmpView.State.BACKUP, 100, 100, "eth0", 3,
                new byte[]{2, 0, 0, 0, 0, 1}, java.util.Optional.of(FakeSnmpView.ip("fe80::1")), 100, true, 0, 0, java.util.Optional.empty(), 5,
                false, false, false, true, false, FakeSnmpView.ip("ff02::12"), false,
                List.of(new SnmpView.VirtualAddress(FakeSnmpView.ip("2001:2::100"), 64, "eth0", 3, true)), 1, 0, java.util.Optional.empty());
        SnmpView.Snapshot s = new SnmpView.Snapshot(FakeSnmpView.initial().global(), List.of(v6), List.of(), List.of());
        MibTree t = ALL.tree(s);
        assertThat(t.get(Oid.parse("1.3.6.1.2.1.207.1.1.1.1.6.3.60.2")).value()).isEqualTo(new SnmpValue.Int(3));
        assertThat(t.get(Oid.parse("1.3.6.1.2.1.207.1.1.2.1.2.3.60.2.32.1.0.2.0.0.0.0.0.0.0.0.0.0.1.0")).value()).isEqualTo(new SnmpValue.Int(1));
        assertThat(t.asMap().keySet()).noneMatch(oid -> oid.startsWith(VrrpRfcMibs.V2_OPER_ENTRY));
        assertThat(t.get(Oid.parse("1.3.6.1.4.1.9586.100.5.2.6.1.2.1.1")).value()).isEqualTo(new SnmpValue.Int(2)); // ipv6
        assertThat(t.get(Oid.parse("1.3.6.1.4.1.9586.100.5.2.6.1.4.1.1")).value()).isInstanceOf(SnmpValue.Exception.class); // no broadcast
        SnmpView.Instance backup = new SnmpView.Instance("VI_6", 60, 3, true, SnmpView.State.BACKUP, SnmpView.State.BACKUP, 100, 100, "eth0", 3,
                v6.macAddress(), v6.primaryAddress(), 100, true, 0, 0, java.util.Optional.empty(), 5, false, false, false, true, false,
                v6.multicastGroup(), false, v6.addresses(), 0, 0, java.util.Optional.of(FakeSnmpView.ip("fe80::2")));
        List<List<AgentXPdu.VarBind>> traps = SnmpTraps.between(new SnmpView.Snapshot(s.global(), List.of(backup), List.of(), List.of()), s, ALL);
        assertThat(trapOids(traps)).containsExactly(".1.3.6.1.4.1.9586.100.5.2.10.0.2", ".1.3.6.1.2.1.207.0.1");
        assertThat(traps.get(1).get(1).value()).isEqualTo(new SnmpValue.OctetString(FakeSnmpView.ip("fe80::1").getAddress()));
    }
}
