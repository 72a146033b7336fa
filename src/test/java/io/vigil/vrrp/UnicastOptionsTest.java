package io.vigil.vrrp;

import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.util.List;

import static io.vigil.vrrp.Adverts.ip;
import static io.vigil.vrrp.Adverts.of;
import static io.vigil.vrrp.VrrpInstanceTest.MS;
import static io.vigil.vrrp.VrrpInstanceTest.T0;
import static io.vigil.vrrp.VrrpInstanceTest.master;
import static org.assertj.core.api.Assertions.assertThat;

/** unicast_ttl, check_unicast_src with unicast_peer's min_ttl/max_ttl, unicast_fault_no_peer (keepalived 2.2.7's vrrp.c). */
class UnicastOptionsTest {

    static VrrpInstanceSettings.Builder unicast(int prio, InstanceOptions o) {
        return Adverts.v2("VI_1", prio).unicastPeers(List.of(ip("198.18.0.12"), ip("198.18.0.13"))).options(o);
    }

    /** An advert from {@code src} to us with the given TTL. */
    static InboundAdvert withTtl(VrrpInstanceSettings s, String src, int priority, int ttl) {
        VrrpPacket p = VrrpPacket.advert(2, s.vrid(), priority, AddressFamily.IPV4, s.advertIntervalCentis(), 0, 0, s.advertisedAddresses());
        byte[] b = Ipv4AdvertCodec.encode(p, (Inet4Address) ip(src), (Inet4Address) s.sourceAddress(), 1, false, null, ttl);
        return new InboundAdvert(b, AddressFamily.IPV4, ip(src), s.sourceAddress(), ttl, 2);
    }

    @Test
    void unicastTtlIsTheTtlOfEveryUnicastDatagramAndTheOutboundHopLimit() {
        VrrpInstance i = master(unicast(100, new InstanceOptions(false, false, 10, List.of(), null)).build());
        List<Action> a = i.on(new VrrpEvent.TimerFired(TimerKind.ADVERT), T0 + 10_000 * MS);
        List<OutboundAdvert> d = of(a, Action.SendAdvert.class).getFirst().datagrams();
        assertThat(d).hasSize(2).allSatisfy(x -> {
            assertThat(x.bytes()[Ipv4Header.OFFSET_TTL] & 0xff).isEqualTo(10);
            assertThat(x.hopLimit()).isEqualTo(10);
            // The header checksum covers the TTL: still valid.
            assertThat(InetChecksum.of(x.bytes(), 0, Ipv4Header.LENGTH)).isZero();
        });
        VrrpInstance dflt = master(unicast(100, InstanceOptions.KEEPALIVED_DEFAULTS).build());
        a = dflt.on(new VrrpEvent.TimerFired(TimerKind.ADVERT), T0 + 10_000 * MS);
        assertThat(of(a, Action.SendAdvert.class).getFirst().datagrams())
                .allSatisfy(x -> assertThat(x.bytes()[Ipv4Header.OFFSET_TTL] & 0xff).isEqualTo(255));
    }

    @Test
    void peerTtlRangeIsCheckedOnlyUnderCheckUnicastSrc() {
        InstanceOptions o = new InstanceOptions(false, false, -1, List.of(new InstanceOptions.PeerTtl(ip("198.18.0.12"), 5, 20)), null);
        VrrpInstanceSettings checked = unicast(100, o).checkUnicastSource(true).build();
        assertThat(AdvertValidator.validate(withTtl(checked, "198.18.0.12", 150, 10), checked, 0)).isInstanceOf(AdvertValidator.Accepted.class);
        assertThat(AdvertValidator.validate(withTtl(checked, "198.18.0.12", 150, 64), checked, 0))
                .isEqualTo(new AdvertValidator.Dropped(DropReason.TTL, "TTL/HL 64 not in range 5 - 20"));
        // A peer without a range takes any TTL; a non-peer is dropped for its source.
        assertThat(AdvertValidator.validate(withTtl(checked, "198.18.0.13", 150, 64), checked, 0)).isInstanceOf(AdvertValidator.Accepted.class);
        assertThat(AdvertValidator.validate(withTtl(checked, "198.18.0.14", 150, 10), checked, 0))
                .isInstanceOfSatisfying(AdvertValidator.Dropped.class, d -> assertThat(d.reason()).isEqualTo(DropReason.UNICAST_SOURCE));
        VrrpInstanceSettings unchecked = unicast(100, o).build();
        assertThat(AdvertValidator.validate(withTtl(unchecked, "198.18.0.12", 150, 64), unchecked, 0)).isInstanceOf(AdvertValidator.Accepted.class);
    }

    @Test
    void aConfigFaultKeepsTheInstanceInFaultWhateverHappens() {
        VrrpInstanceSettings s = Adverts.v2("VI_1", 100).options(new InstanceOptions(false, false, -1, List.of(), "no peers")).build();
        VrrpInstance i = new VrrpInstance(s);
        List<Action> a = i.on(new VrrpEvent.Startup(), T0);
        assertThat(i.state()).isEqualTo(VrrpState.FAULT);
        assertThat(of(a, Action.Transitioned.class)).singleElement().satisfies(t -> assertThat(t.reason()).contains("no peers"));
        i.on(new VrrpEvent.LinkChanged("eth0", false), T0 + 100 * MS);
        i.on(new VrrpEvent.LinkChanged("eth0", true), T0 + 200 * MS);
        i.on(new VrrpEvent.TimerFired(TimerKind.MASTER_DOWN), T0 + 10_000 * MS);
        assertThat(i.state()).isEqualTo(VrrpState.FAULT);
        assertThat(of(i.on(new VrrpEvent.TimerFired(TimerKind.ADVERT), T0 + 11_000 * MS), Action.SendAdvert.class)).isEmpty();
    }
}
