package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden vectors captured from real keepalived 2.2.7 by bench/vrrp-capture-keepalived.sh (in
 * src/test/resources/io/vigil/vrrp/wire/): AH multicast and unicast, PASS with two unicast peers, v3 IPv4 unicast,
 * IPv6 multicast and unicast. A VrrpInstance with the same configuration must send exactly keepalived's bytes (IP id,
 * AH sequence and ICV, per-peer v3 checksums), advert after advert and the priority-0 advert on stop; and an instance
 * configured as the peer must accept each of them.
 */
class VrrpWireVariantsTest {
    static final Path DIR = Path.of("src/test/resources/io/vigil/vrrp/wire");
    static final InetAddress K = Adverts.ip("198.18.0.11");

    record Sent(InetAddress source, InetAddress destination, int hopLimit, byte[] payload, boolean ipv4) {}

    /** Each captured frame as what an instance emits: IPv4 datagram whole, IPv6 payload with its header fields. */
    static List<Sent> sent(String file) throws Exception {
        List<Sent> out = new ArrayList<>();
        for (WireCorpus.Frame f : WireCorpus.parse(DIR.resolve(file))) {
            byte[] ip = f.ipDatagram();
            if (f.etherType() == 0x0800) {
                Ipv4Advert a = Ipv4AdvertCodec.decode(ip);
                out.add(new Sent(a.ip().source(), a.ip().destination(), a.ip().ttl(), ip, true));
            } else {
                assertThat(f.etherType()).isEqualTo(0x86dd);
                int payloadLength = VrrpCodec.u16(ip, 4);
                out.add(new Sent(VrrpCodec.address(Arrays.copyOfRange(ip, 8, 24)), VrrpCodec.address(Arrays.copyOfRange(ip, 24, 40)),
                        ip[7] & 0xff, Arrays.copyOfRange(ip, 40, 40 + payloadLength), false));
            }
        }
        assertThat(out).as(file).isNotEmpty();
        return out;
    }

    /** What the instance sends from becoming MASTER, for {@code rounds - 1} adverts, then stopping. */
    static List<byte[]> instanceOutput(VrrpInstanceSettings s, int rounds) {
        VrrpInstance i = new VrrpInstance(s);
        long t = 1_000_000_000_000L;
        i.on(new VrrpEvent.Startup(), t);
        List<List<Action>> steps = new ArrayList<>();
        steps.add(i.on(new VrrpEvent.TimerFired(TimerKind.MASTER_DOWN), t += 4_000_000_000L));
        for (int r = 1; r < rounds - 1; r++) steps.add(i.on(new VrrpEvent.TimerFired(TimerKind.ADVERT), t += 1_000_000_000L));
        steps.add(i.on(new VrrpEvent.Shutdown("SIGTERM"), t + 100_000_000L));
        List<byte[]> out = new ArrayList<>();
        for (List<Action> step : steps)
            for (Action.SendAdvert a : Adverts.of(step, Action.SendAdvert.class)) for (OutboundAdvert d : a.datagrams()) out.add(d.bytes());
        return out;
    }

    static void check(String file, VrrpInstanceSettings sender, VrrpInstanceSettings receiver) throws Exception {
        List<Sent> wire = sent(file);
        int perRound = Math.max(1, sender.unicastPeers().size());
        assertThat(wire.size() % perRound).isZero();
        List<byte[]> ours = instanceOutput(sender, wire.size() / perRound);
        assertThat(ours).as("%s: number of datagrams", file).hasSize(wire.size());
        for (int k = 0; k < wire.size(); k++) assertThat(ours.get(k)).as("%s datagram %d", file, k).isEqualTo(wire.get(k).payload());
        // The last round is the priority-0 advert of SIGTERM.
        Sent last = wire.getLast();
        VrrpPacket lastPacket = last.ipv4() ? Ipv4AdvertCodec.decode(last.payload()).vrrp() : VrrpCodec.decode(last.payload(), AddressFamily.IPV6);
        assertThat(lastPacket.priority()).isZero();

        VrrpInstance peer = new VrrpInstance(receiver);
        peer.on(new VrrpEvent.Startup(), 0);
        long ah = 0;
        for (Sent w : wire) {
            if (!w.destination().isMulticastAddress() && !w.destination().equals(receiver.sourceAddress())) continue;
            InboundAdvert in = new InboundAdvert(w.payload(), w.ipv4() ? AddressFamily.IPV4 : AddressFamily.IPV6, w.source(), w.destination(), w.hopLimit(), 2);
            AdvertValidator.Verdict v = AdvertValidator.validate(in, receiver, ah);
            assertThat(v).as("%s: peer accepts %s", file, v).isInstanceOf(AdvertValidator.Accepted.class);
            ah = Math.max(ah, ((AdvertValidator.Accepted) v).ahSequence());
        }
    }

    static VrrpInstanceSettings.Builder keepalived(InetAddress src) {
        return VrrpInstanceSettings.builder("VI_1", 51, "eth0", src).priority(100).initialState(VrrpState.MASTER);
    }

    @Test
    void ahMulticast() throws Exception {
        check("v2-ah-multicast.txt", keepalived(K).auth(AuthSettings.ah("secret")).vip("198.18.0.100/32").build(),
                keepalived(Adverts.ip("198.18.0.12")).auth(AuthSettings.ah("secret")).vip("198.18.0.100/32").build());
    }

    @Test
    void ahUnicastZeroesTheTtlInTheHash() throws Exception {
        check("v2-ah-unicast.txt", keepalived(K).auth(AuthSettings.ah("secret")).unicastPeers(List.of(Adverts.ip("198.18.0.12"))).vip("198.18.0.100/32").build(),
                keepalived(Adverts.ip("198.18.0.12")).auth(AuthSettings.ah("secret")).unicastPeers(List.of(K)).vip("198.18.0.100/32").build());
    }

    @Test
    void passWithTwoUnicastPeersSharesOneIpIdPerAdvert() throws Exception {
        List<InetAddress> peers = List.of(Adverts.ip("198.18.0.12"), Adverts.ip("198.18.0.13"));
        check("v2-pass-unicast-2peers.txt", keepalived(K).auth(AuthSettings.pass("secret12")).unicastPeers(peers).vip("198.18.0.100/32").vip("198.18.0.101/32").build(),
                keepalived(Adverts.ip("198.18.0.13")).auth(AuthSettings.pass("secret12")).unicastPeers(List.of(K)).vip("198.18.0.100/32").vip("198.18.0.101/32").build());
    }

    @Test
    void v3UnicastChecksumUsesThePeerAddress() throws Exception {
        check("v3-unicast.txt", keepalived(K).version(3).unicastPeers(List.of(Adverts.ip("198.18.0.12"))).vip("198.18.0.100/32").build(),
                keepalived(Adverts.ip("198.18.0.12")).version(3).unicastPeers(List.of(K)).vip("198.18.0.100/32").build());
    }

    @Test
    void ipv6MulticastFromTheLinkLocalAddress() throws Exception {
        InetAddress ll = sent("v3-ipv6-multicast.txt").getFirst().source();
        assertThat(ll.isLinkLocalAddress()).isTrue();
        assertThat(sent("v3-ipv6-multicast.txt")).allSatisfy(s -> assertThat(s.hopLimit()).isEqualTo(255));
        check("v3-ipv6-multicast.txt", keepalived(ll).vip("2001:2::100/128").build(), keepalived(Adverts.ip("fe80::12")).vip("2001:2::100/128").build());
    }

    @Test
    void ipv6UnicastIsSentWithHopLimit64AndStillAccepted() throws Exception {
        assertThat(sent("v3-ipv6-unicast.txt")).allSatisfy(s -> assertThat(s.hopLimit()).isEqualTo(64));
        check("v3-ipv6-unicast.txt", keepalived(Adverts.ip("2001:2::11")).unicastPeers(List.of(Adverts.ip("2001:2::12"))).vip("2001:2::100/128").build(),
                keepalived(Adverts.ip("2001:2::12")).unicastPeers(List.of(Adverts.ip("2001:2::11"))).vip("2001:2::100/128").build());
    }
}
