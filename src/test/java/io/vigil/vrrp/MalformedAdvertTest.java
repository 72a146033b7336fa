package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of malformed adverts: each is dropped, counted under its reason, and changes no state (no action, same
 * state, same master) — in BACKUP and in MASTER.
 */
class MalformedAdvertTest {
    static final long T0 = 5_000_000_000_000L;

    record Case(String name, DropReason reason, InboundAdvert advert) {}

    static byte[] fixIpChecksum(byte[] b) {
        VrrpCodec.put16(b, Ipv4Header.OFFSET_CHECKSUM, 0);
        VrrpCodec.put16(b, Ipv4Header.OFFSET_CHECKSUM, InetChecksum.of(b, 0, 20));
        return b;
    }

    /** Sets the VRRP checksum right after a mutation, so that the intended check is the one that fails. */
    static byte[] fixVrrpChecksum(byte[] b, int version) {
        VrrpCodec.put16(b, 20 + VrrpCodec.OFFSET_CHECKSUM, 0);
        VrrpCodec.put16(b, 20 + VrrpCodec.OFFSET_CHECKSUM, VrrpCodec.checksum(b, 20, b.length - 20, version,
                Adverts.ip("198.18.0.12"), Inet.VRRP_GROUP_V4, false));
        return b;
    }

    static InboundAdvert mutate(InboundAdvert base, Consumer<byte[]> change) {
        byte[] b = base.bytes().clone();
        change.accept(b);
        return new InboundAdvert(b, base.family(), base.source(), base.destination(), base.hopLimit(), base.interfaceIndex());
    }

    static List<Case> v2PassCorpus(VrrpInstanceSettings s) {
        InboundAdvert good = Adverts.from(s, "198.18.0.12", 200);
        List<Case> c = new ArrayList<>();
        c.add(new Case("empty", DropReason.TOO_SHORT, mutate(good, b -> { }) instanceof InboundAdvert g
                ? new InboundAdvert(new byte[0], g.family(), g.source(), g.destination(), 255, 2) : null));
        c.add(new Case("ip header only", DropReason.TOO_SHORT, new InboundAdvert(java.util.Arrays.copyOf(good.bytes(), 20), AddressFamily.IPV4,
                good.source(), good.destination(), 255, 2)));
        c.add(new Case("ttl 64", DropReason.TTL, mutate(good, b -> fixIpChecksum(setByte(b, Ipv4Header.OFFSET_TTL, 64)))));
        c.add(new Case("ttl 254", DropReason.TTL, mutate(good, b -> setByte(b, Ipv4Header.OFFSET_TTL, 254))));
        c.add(new Case("version 1", DropReason.VERSION, mutate(good, b -> setByte(b, 20, 0x11))));
        c.add(new Case("version 3 on a v2 instance", DropReason.LENGTH, mutate(good, b -> setByte(b, 20, 0x31))));
        c.add(new Case("version 15", DropReason.VERSION, mutate(good, b -> setByte(b, 20, 0xf1))));
        c.add(new Case("type 2", DropReason.TYPE, mutate(good, b -> fixVrrpChecksum(setByte(b, 20, 0x22), 2))));
        c.add(new Case("type 0", DropReason.TYPE, mutate(good, b -> fixVrrpChecksum(setByte(b, 20, 0x20), 2))));
        c.add(new Case("ip protocol 6", DropReason.TYPE, mutate(good, b -> setByte(b, Ipv4Header.OFFSET_PROTOCOL, 6))));
        c.add(new Case("truncated by one", DropReason.LENGTH, truncated(good, 1)));
        c.add(new Case("count says 2 addresses", DropReason.LENGTH, mutate(good, b -> setByte(b, 23, 2))));
        c.add(new Case("ip total length too big", DropReason.LENGTH, mutate(good, b -> VrrpCodec.put16(b, 2, b.length + 4))));
        c.add(new Case("trailing byte", DropReason.LENGTH, grown(good)));
        c.add(new Case("bad checksum", DropReason.CHECKSUM, mutate(good, b -> b[26] ^= 0x01)));
        c.add(new Case("flipped address bit", DropReason.CHECKSUM, mutate(good, b -> b[31] ^= 0x10)));
        c.add(new Case("other VRID", DropReason.VRID, mutate(good, b -> fixVrrpChecksum(setByte(b, 21, 52), 2))));
        c.add(new Case("VRID 0", DropReason.VRID, mutate(good, b -> fixVrrpChecksum(setByte(b, 21, 0), 2))));
        c.add(new Case("auth none", DropReason.AUTH_TYPE, mutate(good, b -> fixVrrpChecksum(setByte(b, 24, 0), 2))));
        c.add(new Case("auth type 3", DropReason.AUTH_TYPE, mutate(good, b -> fixVrrpChecksum(setByte(b, 24, 3), 2))));
        c.add(new Case("auth AH without AH header", DropReason.AUTH_TYPE, mutate(good, b -> fixVrrpChecksum(setByte(b, 24, 2), 2))));
        c.add(new Case("wrong password", DropReason.AUTH_PASSWORD, mutate(good, b -> fixVrrpChecksum(setByte(b, b.length - 1, 'x'), 2))));
        c.add(new Case("interval 2 s", DropReason.INTERVAL, mutate(good, b -> fixVrrpChecksum(setByte(b, 25, 2), 2))));
        c.add(new Case("other VIP", DropReason.ADDRESS_LIST, mutate(good, b -> fixVrrpChecksum(setByte(b, 31, 101), 2))));
        return c;
    }

    static InboundAdvert truncated(InboundAdvert g, int n) {
        byte[] b = java.util.Arrays.copyOf(g.bytes(), g.bytes().length - n);
        VrrpCodec.put16(b, 2, b.length);
        return new InboundAdvert(b, g.family(), g.source(), g.destination(), 255, 2);
    }

    static InboundAdvert grown(InboundAdvert g) {
        byte[] b = java.util.Arrays.copyOf(g.bytes(), g.bytes().length + 1);
        VrrpCodec.put16(b, 2, b.length);
        return new InboundAdvert(b, g.family(), g.source(), g.destination(), 255, 2);
    }

    static byte[] setByte(byte[] b, int off, int v) {
        b[off] = (byte) v;
        return b;
    }

    @Test
    void everyMalformedV2AdvertIsDroppedCountedAndChangesNothing() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 100).auth(AuthSettings.pass("secret12")).build();
        List<Case> corpus = v2PassCorpus(s);
        assertThat(Adverts.from(s, "198.18.0.12", 200)).satisfies(g ->
                assertThat(AdvertValidator.validate(g, s, 0)).isInstanceOf(AdvertValidator.Accepted.class));
        for (VrrpState start : List.of(VrrpState.BACKUP, VrrpState.MASTER)) {
            VrrpInstance i = start == VrrpState.MASTER ? VrrpInstanceTest.master(s) : started(s);
            Map<DropReason, Long> expected = new LinkedHashMap<>();
            for (Case c : corpus) {
                List<Action> actions = i.on(new VrrpEvent.AdvertReceived(c.advert()), T0);
                assertThat(actions).as("%s in %s", c.name(), start).isEmpty();
                assertThat(i.state()).isEqualTo(start);
                expected.merge(c.reason(), 1L, Long::sum);
                assertThat(i.drops().get(c.reason())).as("%s counted as %s; counters %s", c.name(), c.reason(), i.drops())
                        .isEqualTo(expected.get(c.reason()));
            }
            assertThat(i.drops().total()).isEqualTo(corpus.size());
            assertThat(i.advertsReceived()).isZero();
        }
    }

    @Test
    void v3AndIpv6Malformations() {
        VrrpInstanceSettings s = Adverts.v3("VI_1", 100, 10).build();
        InboundAdvert good = Adverts.from(s, "198.18.0.12", 200);
        assertThat(AdvertValidator.validate(good, s, 0)).isInstanceOf(AdvertValidator.Accepted.class);
        assertThat(reason(mutate(good, b -> b[27] ^= 1), s)).isEqualTo(DropReason.CHECKSUM);
        // v2 packet to a v3 instance: the length check fires first on IPv4 (auth bytes missing), so build a real v2 one.
        VrrpInstanceSettings s2 = Adverts.v2("VI_1", 100).build();
        assertThat(reason(Adverts.from(s2, "198.18.0.12", 200), s)).isEqualTo(DropReason.VERSION);
        // v3 over IPv4 does not check the interval: a different one is accepted (the backup learns it).
        VrrpPacket other = VrrpPacket.advert(3, 51, 200, AddressFamily.IPV4, 300, 0, 0, s.advertisedAddresses());
        assertThat(AdvertValidator.validate(Adverts.datagram(s, other, "198.18.0.12", 0), s, 0)).isInstanceOf(AdvertValidator.Accepted.class);

        VrrpInstanceSettings v6 = VrrpInstanceSettings.builder("VI_6", 51, "eth0", Adverts.ip("fe80::1")).vip("2001:2::100/128").build();
        InboundAdvert g6 = Adverts.from(v6, "fe80::2", 200);
        assertThat(AdvertValidator.validate(g6, v6, 0)).isInstanceOf(AdvertValidator.Accepted.class);
        assertThat(reason(new InboundAdvert(g6.bytes(), AddressFamily.IPV6, g6.source(), g6.destination(), 64, 2), v6)).isEqualTo(DropReason.TTL);
        assertThat(reason(mutate(g6, b -> b[9] ^= 1), v6)).isEqualTo(DropReason.CHECKSUM);
        assertThat(reason(new InboundAdvert(java.util.Arrays.copyOf(g6.bytes(), 7), AddressFamily.IPV6, g6.source(), null, 255, 2), v6))
                .isEqualTo(DropReason.TOO_SHORT);
        // keepalived's IPv6 unicast adverts carry hop limit 64: accepted when unicast peers are configured.
        VrrpInstanceSettings u6 = VrrpInstanceSettings.builder("VI_6", 51, "eth0", Adverts.ip("2001:2::1")).vip("2001:2::100/128")
                .unicastPeers(List.of(Adverts.ip("2001:2::2"))).build();
        InboundAdvert gu = Adverts.from(u6, "2001:2::2", 200);
        assertThat(AdvertValidator.validate(new InboundAdvert(gu.bytes(), AddressFamily.IPV6, gu.source(), gu.destination(), 64, 2), u6, 0))
                .isInstanceOf(AdvertValidator.Accepted.class);
    }

    @Test
    void addressListMismatchCanBeAcceptedTheRfcWay() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 100).acceptAddressListMismatch(true).build();
        VrrpPacket p = VrrpPacket.advert(2, 51, 200, AddressFamily.IPV4, 100, 0, 0, List.of(Adverts.ip("198.18.0.101")));
        VrrpInstance i = VrrpInstanceTest.master(s);
        i.on(new VrrpEvent.AdvertReceived(Adverts.datagram(s, p, "198.18.0.12", 0)), T0);
        assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(i.addressListMismatches()).isEqualTo(1);
    }

    static DropReason reason(InboundAdvert a, VrrpInstanceSettings s) {
        AdvertValidator.Verdict v = AdvertValidator.validate(a, s, 0);
        assertThat(v).isInstanceOf(AdvertValidator.Dropped.class);
        return ((AdvertValidator.Dropped) v).reason();
    }

    static VrrpInstance started(VrrpInstanceSettings s) {
        VrrpInstance i = new VrrpInstance(s);
        i.on(new VrrpEvent.Startup(), T0 - 1);
        return i;
    }
}
