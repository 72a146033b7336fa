package io.vigil.netlink;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ctnetlink dump messages as this kernel (6.18) sent them, captured with a raw NETLINK_NETFILTER socket in a
 * namespace where an nft output-hook DNAT sent 198.18.5.10:80 to 198.18.5.2:8080 (TCP, held open),
 * 198.18.5.10:53 to 198.18.5.2:5353 (UDP) and [2001:2::10]:443 to [2001:2::5:2]:8443 (TCP, held open).
 */
class ConntrackCodecTest {
    static final String TCP4 = """
            d400000000010200010000001654000002000000340001801400018008000100c612050108000200c612050a1c0002800500010006
            000000060002009c4000000600030000500000340002801400018008000100c612050208000200c61205011c000280050001000600
            0000060002001f900000060003009c40000008000300000001ae080008000000000008000c00f68ef61a08000b0000000001080007
            000006977e300004802c0001800500010003000000050002000a000000050003000a00000006000400230000000600050023000000""";
    static final String UDP4 = """
            a400000000010200010000001654000002000000340001801400018008000100c612050108000200c612050a1c0002800500010011
            000000060002009c4200000600030000350000340002801400018008000100c612050208000200c61205011c000280050001001100
            00000600020014e90000060003009c42000008000300000001a8080008000000000008000c00cfd8083c08000b0000000001080007
            000000001c""";
    static final String TCP6 = """
            040100000001020001000000165400000a0000004c0001802c000180140003002001000200000000000000000005000114000400200100
            020000000000000000000000101c0002800500010006000000060002009c4100000600030001bb00004c0002802c000180140003002001
            000200000000000000000005000214000400200100020000000000000000000500011c00028005000100060000000600020020fb000006
            0003009c41000008000300000001ae080008000000000008000c00aa27c9af08000b0000000001080007000006977e300004802c000180
            0500010003000000050002000a000000050003000a00000006000400230000000600050023000000""";

    static NetlinkMessage message(String hex) {
        List<NetlinkMessage> l = NetlinkMessage.decodeAll(Hex.bytes(hex));
        assertThat(l).hasSize(1);
        return l.getFirst();
    }

    static InetAddress ip(String s) {
        return InetAddress.ofLiteral(s);
    }

    @Test
    void dumpRequestIsACtGetDumpOfOneFamily() {
        // nlmsghdr: len 20, type 0x0101 (CTNETLINK << 8 | CT_GET), flags REQUEST|DUMP; nfgenmsg: AF_INET, v0, res_id 0.
        assertThat(Hex.of(Conntrack.dumpRequest(Rtnl.AF_INET))).isEqualTo("14000000" + "0101" + "0103" + "00000000" + "00000000" + "02000000");
        assertThat(Conntrack.dumpRequest(Rtnl.AF_UNSPEC)[16]).isZero();
    }

    @Test
    void decodesAnEstablishedDnatedTcpEntry() {
        ConntrackEntry e = Conntrack.decode(message(TCP4)).orElseThrow();
        assertThat(e.l4Protocol()).isEqualTo(ConntrackEntry.IPPROTO_TCP);
        assertThat(e.original()).isEqualTo(new ConntrackEntry.Tuple(ip("198.18.5.1"), ip("198.18.5.10"), 40000, 80));
        assertThat(e.reply()).isEqualTo(new ConntrackEntry.Tuple(ip("198.18.5.2"), ip("198.18.5.1"), 8080, 40000));
        assertThat(e.status()).isEqualTo(0x1ae);
        assertThat(e.dstNat()).isTrue();
        assertThat(e.tcpState()).isEqualTo(ConntrackEntry.TCP_ESTABLISHED);
        assertThat(e.tcpEstablished()).isTrue();
        assertThat(e.mark()).isZero();
    }

    @Test
    void decodesAUdpEntryWithoutTcpState() {
        ConntrackEntry e = Conntrack.decode(message(UDP4)).orElseThrow();
        assertThat(e.l4Protocol()).isEqualTo(ConntrackEntry.IPPROTO_UDP);
        assertThat(e.original()).isEqualTo(new ConntrackEntry.Tuple(ip("198.18.5.1"), ip("198.18.5.10"), 40002, 53));
        assertThat(e.reply()).isEqualTo(new ConntrackEntry.Tuple(ip("198.18.5.2"), ip("198.18.5.1"), 5353, 40002));
        assertThat(e.dstNat()).isTrue();
        assertThat(e.tcpState()).isEqualTo(ConntrackEntry.NO_TCP_STATE);
        assertThat(e.tcpEstablished()).isFalse();
    }

    @Test
    void decodesAnIpv6Entry() {
        ConntrackEntry e = Conntrack.decode(message(TCP6)).orElseThrow();
        assertThat(e.original()).isEqualTo(new ConntrackEntry.Tuple(ip("2001:2::5:1"), ip("2001:2::10"), 40001, 443));
        assertThat(e.reply()).isEqualTo(new ConntrackEntry.Tuple(ip("2001:2::5:2"), ip("2001:2::5:1"), 8443, 40001));
        assertThat(e.tcpEstablished()).isTrue();
        assertThat(e.dstNat()).isTrue();
    }

    @Test
    void theThreeMessagesOfOneDatagramDecodeInOrder() {
        byte[] all = Hex.bytes(TCP4 + UDP4 + TCP6); // 212 and 164 bytes: already 4-aligned
        List<ConntrackEntry> entries = NetlinkMessage.decodeAll(all).stream().map(m -> Conntrack.decode(m).orElseThrow()).toList();
        assertThat(entries).extracting(ConntrackEntry::l4Protocol).containsExactly(6, 17, 6);
    }

    @Test
    void otherMessageTypesAreNotEntries() {
        NetlinkMessage done = new NetlinkMessage(NetlinkMessage.NLMSG_DONE, NetlinkMessage.NLM_F_MULTI, 1, 0, new byte[4]);
        assertThat(Conntrack.decode(done)).isEmpty();
    }

    @Test
    void truncatedOrTuplelessMessagesAreRefusedNotGuessed() {
        int type = Conntrack.messageType(Conntrack.IPCTNL_MSG_CT_NEW);
        assertThatThrownBy(() -> Conntrack.decode(new NetlinkMessage(type, 0, 0, 0, new byte[2])))
                .isInstanceOf(NetlinkException.class).hasMessageContaining("nfgenmsg");
        // nfgenmsg, then only CTA_STATUS: no tuples.
        byte[] statusOnly = Hex.bytes("02000000" + "08000300000001ae");
        assertThatThrownBy(() -> Conntrack.decode(new NetlinkMessage(type, 0, 0, 0, statusOnly)))
                .isInstanceOf(NetlinkException.class).hasMessageContaining("both tuples");
        // The TCP entry cut inside its first attribute: the attribute length runs past the end.
        byte[] full = message(TCP4).payload();
        byte[] cut = java.util.Arrays.copyOf(full, 30);
        assertThatThrownBy(() -> Conntrack.decode(new NetlinkMessage(type, 0, 0, 0, cut))).isInstanceOf(NetlinkException.class);
        // A tuple whose CTA_TUPLE_IP is empty.
        byte[] noIp = Hex.bytes("02000000" + "0c000180" + "04000180" + "04000280" + "0c000280" + "04000180" + "04000280");
        assertThatThrownBy(() -> Conntrack.decode(new NetlinkMessage(type, 0, 0, 0, noIp))).isInstanceOf(NetlinkException.class);
    }
}
