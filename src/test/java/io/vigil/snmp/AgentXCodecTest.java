package io.vigil.snmp;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class AgentXCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] hex(String s) {
        return HEX.parseHex(s.replaceAll("\\s", ""));
    }

    @Test
    void openPduMatchesTheRfcLayout() {
        byte[] bytes = AgentXCodec.encode(new AgentXPdu.Open(new AgentXPdu.Header(0, 0, 7), 5, Oid.parse("1.3.6.1.4.1.9586"), "ab"));
        assertThat(HEX.formatHex(bytes)).isEqualTo(HEX.formatHex(hex("""
                01 01 10 00  00000000 00000000 00000007 00000018
                05 000000
                02 04 00 00  00000001 00002572
                00000002 61620000""")));
    }

    @Test
    void getFromALittleEndianMasterIsRead() {
        // net-snmp on x86 sends host order without NETWORK_BYTE_ORDER: Get of 1.3.6.1.2.1.68.1.1.0 (prefix 2)
        byte[] pdu = hex("""
                01 05 00 00  2a000000 01000000 09000000 1c000000
                05 02 00 00  01000000 44000000 01000000 01000000 00000000
                00 00 00 00""");
        AgentXPdu.Get get = (AgentXPdu.Get) AgentXCodec.decode(pdu).orElseThrow();
        assertThat(get.header()).isEqualTo(new AgentXPdu.Header(42, 1, 9));
        assertThat(get.ranges()).containsExactly(new AgentXPdu.SearchRange(Oid.parse("1.3.6.1.2.1.68.1.1.0"), false, Oid.EMPTY));
    }

    @Test
    void responseWithEveryValueTypeRoundTrips() {
        List<AgentXPdu.VarBind> vbs = List.of(
                new AgentXPdu.VarBind(Oid.parse("1.3.6.1.4.1.9586.100.5.1.2.0"), SnmpValue.OctetString.of("R1")),
                new AgentXPdu.VarBind(Oid.parse("1.3.6.1.2.1.68.1.1.0"), new SnmpValue.Int(-2)),
                new AgentXPdu.VarBind(Oid.parse("1.3.6.1.2.1.68.1.3.1.8.3.51"), new SnmpValue.IpAddress(new byte[]{(byte) 198, 18, 5, 1})),
                new AgentXPdu.VarBind(Oid.parse("1.2.3"), SnmpValue.gauge32(0xFFFFFFFFL)),
                new AgentXPdu.VarBind(Oid.parse("1.2.4"), SnmpValue.timeTicks(810)),
                new AgentXPdu.VarBind(Oid.parse("1.2.5"), new SnmpValue.Counter64(Long.MIN_VALUE)),
                new AgentXPdu.VarBind(Oid.parse("1.2.6"), new SnmpValue.ObjectId(Oid.parse("1.3.6.1.6.3.1.1.4.1.0"))),
                new AgentXPdu.VarBind(Oid.parse("1.2.7"), new SnmpValue.Null()),
                new AgentXPdu.VarBind(Oid.parse("1.2.8"), SnmpValue.END_OF_MIB_VIEW));
        AgentXPdu.Response r = new AgentXPdu.Response(new AgentXPdu.Header(3, 4, 5), 0, 0, 0, vbs);
        assertThat(AgentXCodec.decode(AgentXCodec.encode(r)).orElseThrow()).isEqualTo(r);
    }

    @Test
    void getBulkAndNotifyRoundTrip() {
        AgentXPdu.GetBulk bulk = new AgentXPdu.GetBulk(new AgentXPdu.Header(1, 2, 3), "ctx", 1, 10,
                List.of(new AgentXPdu.SearchRange(Oid.parse("1.3.6.1.2.1.207"), true, Oid.parse("1.3.6.1.2.1.208"))));
        assertThat(AgentXCodec.decode(AgentXCodec.encode(bulk)).orElseThrow()).isEqualTo(bulk);
        AgentXPdu.Notify n = new AgentXPdu.Notify(new AgentXPdu.Header(1, 0, 9), null,
                List.of(new AgentXPdu.VarBind(KeepalivedMib.SNMP_TRAP_OID, new SnmpValue.ObjectId(KeepalivedMib.INSTANCE_STATE_CHANGE))));
        assertThat(AgentXCodec.decode(AgentXCodec.encode(n)).orElseThrow()).isEqualTo(n);
    }

    @Test
    void truncatedOrPaddedPdusAreDropped() {
        byte[] good = AgentXCodec.encode(new AgentXPdu.Register(new AgentXPdu.Header(1, 0, 2), null, 5, 127, KeepalivedMib.ROOT));
        for (int cut = 0; cut < good.length; cut++) {
            assertThat(AgentXCodec.decode(java.util.Arrays.copyOf(good, cut))).as("cut at %d", cut).isEmpty();
        }
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 4);
        assertThat(AgentXCodec.decode(longer)).isEmpty();
        byte[] badVersion = good.clone();
        badVersion[0] = 2;
        assertThat(AgentXCodec.decode(badVersion)).isEmpty();
    }

    @Test
    void randomBytesAndMutatedPdusNeverThrow() {
        Random random = new Random(2741);
        byte[] seed = AgentXCodec.encode(new AgentXPdu.Response(new AgentXPdu.Header(1, 2, 3), 0, 0, 0,
                List.of(new AgentXPdu.VarBind(Oid.parse("1.3.6.1.4.1.9586.100.5.2.3.1.2.1"), SnmpValue.OctetString.of("VI_1")))));
        int decoded = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = seed.clone();
                for (int k = 0; k < 1 + random.nextInt(4); k++) b[AgentXCodec.HEADER_BYTES + random.nextInt(b.length - AgentXCodec.HEADER_BYTES)] = (byte) random.nextInt();
            } else {
                b = new byte[random.nextInt(80)];
                random.nextBytes(b);
            }
            if (AgentXCodec.decode(b).isPresent()) decoded++;
        }
        assertThat(decoded).as("some mutations still parse, none throws").isLessThan(20_000);
    }

    @Test
    void payloadLengthRefusesUnframeableHeaders() {
        assertThat(AgentXCodec.payloadLength(hex("01 05 10 00 00000000 00000000 00000000 00000003"))).isEqualTo(-1); // not a multiple of 4
        assertThat(AgentXCodec.payloadLength(hex("01 05 10 00 00000000 00000000 00000000 7fffffff"))).isEqualTo(-1);
        assertThat(AgentXCodec.payloadLength(hex("01 05 10 00 00000000 00000000 00000000 00000008"))).isEqualTo(8);
    }
}
