package io.vigil.snmp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MibTreeTest {
    private final MibTree tree = MibTree.builder()
            .put(Oid.parse("1.3.6.1.4.1.9586.100.5.1.1.0"), SnmpValue.OctetString.of("v"))
            .put(Oid.parse("1.3.6.1.4.1.9586.100.5.2.3.1.2.1"), SnmpValue.OctetString.of("VI_1"))
            .put(Oid.parse("1.3.6.1.4.1.9586.100.5.2.3.1.2.2"), SnmpValue.OctetString.of("VI_2"))
            .put(Oid.parse("1.3.6.1.4.1.9586.100.5.2.3.1.3.1"), SnmpValue.gauge32(51))
            .put(Oid.parse("1.3.6.1.4.1.9586.100.5.2.3.1.3.2"), SnmpValue.gauge32(4000000000L))
            .build();

    private static AgentXPdu.SearchRange from(String oid, boolean include) {
        return new AgentXPdu.SearchRange(Oid.parse(oid), include, Oid.EMPTY);
    }

    @Test
    void getGivesTheValueOrTheRightException() {
        assertThat(tree.get(Oid.parse("1.3.6.1.4.1.9586.100.5.2.3.1.2.2")).value()).isEqualTo(SnmpValue.OctetString.of("VI_2"));
        assertThat(tree.get(Oid.parse("1.3.6.1.4.1.9586.100.5.2.3.1.2.7")).value()).isEqualTo(SnmpValue.NO_SUCH_INSTANCE);
        assertThat(tree.get(Oid.parse("1.3.6.1.4.1.9586.100.5.9.9")).value()).isEqualTo(SnmpValue.NO_SUCH_OBJECT);
    }

    @Test
    void getNextWalksInUnsignedOidOrderWithinTheRange() {
        assertThat(tree.getNext(from("1.3.6.1.4.1.9586.100.5", false)).name()).isEqualTo(Oid.parse("1.3.6.1.4.1.9586.100.5.1.1.0"));
        assertThat(tree.getNext(from("1.3.6.1.4.1.9586.100.5.2.3.1.2.1", false)).name()).isEqualTo(Oid.parse("1.3.6.1.4.1.9586.100.5.2.3.1.2.2"));
        assertThat(tree.getNext(from("1.3.6.1.4.1.9586.100.5.2.3.1.2.1", true)).name()).isEqualTo(Oid.parse("1.3.6.1.4.1.9586.100.5.2.3.1.2.1"));
        assertThat(tree.getNext(from("1.3.6.1.4.1.9586.100.5.2.3.1.3.2", false)).value()).isEqualTo(SnmpValue.END_OF_MIB_VIEW);
        AgentXPdu.SearchRange bounded = new AgentXPdu.SearchRange(Oid.parse("1.3.6.1.4.1.9586.100.5.1.1.0"), false, Oid.parse("1.3.6.1.4.1.9586.100.5.2"));
        assertThat(tree.getNext(bounded).value()).isEqualTo(SnmpValue.END_OF_MIB_VIEW);
        // sub-identifiers above 2^31 sort after small ones (unsigned)
        assertThat(Oid.parse("1.4294967295").compareTo(Oid.parse("1.2"))).isPositive();
    }

    @Test
    void getBulkRepeatsNonRepeatersOnceAndStopsAtTheEnd() {
        List<AgentXPdu.VarBind> out = tree.getBulk(1, 10, List.of(from("1.3.6.1.4.1.9586.100.5", false), from("1.3.6.1.4.1.9586.100.5.2.3.1.3", false)));
        assertThat(out).extracting(vb -> vb.name().toString()).containsExactly(
                ".1.3.6.1.4.1.9586.100.5.1.1.0",
                ".1.3.6.1.4.1.9586.100.5.2.3.1.3.1",
                ".1.3.6.1.4.1.9586.100.5.2.3.1.3.2",
                ".1.3.6.1.4.1.9586.100.5.2.3.1.3.2");
        assertThat(out.getLast().value()).isEqualTo(SnmpValue.END_OF_MIB_VIEW);
    }
}
